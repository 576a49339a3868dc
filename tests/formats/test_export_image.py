"""The timeline as PNG, SVG and PDF: loaded by QImage, parsed as XML, checked as a PDF.
SVG and PDF must be drawings (paths and text), not one embedded picture."""

from __future__ import annotations

import base64
import random
import re
from dataclasses import replace
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
import sqlite_utils
from defusedxml import ElementTree as ET
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from app.core.dates import parse_span
from app.core.filter import Filter
from app.core.model import Dataset, Event, Track
from app.drawing.image_formats import IMAGE_FORMATS
from app.formats import native
from app.formats.export_types import ExportOptions, ExportRegistry
from app.formats.exporting import TEXT_FORMATS
from app.formats.items import Selection, export_items
from app.services.exporting import gather, render
from app.store.records import resolve

FORMATS = ExportRegistry.of(TEXT_FORMATS, IMAGE_FORMATS)


@pytest.fixture(autouse=True)
def _widgets_application(qapp: QApplication) -> None:
    """Images need a Qt application; the one pytest-qt gives every test, made first."""


HOSTILE = Path(__file__).with_name("test_export_hostile.json")
SVG = "{http://www.w3.org/2000/svg}"


def hostile() -> Selection:
    data = native.read(HOSTILE)
    return Selection(data, frozenset(r.id for r in [*data.events, *data.statements]), "All")


def svg_texts(content: bytes) -> tuple[Element, list[str]]:
    root = ET.fromstring(content)
    return root, ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_png_is_the_size_asked_and_shows_the_tracks(sample_db: sqlite_utils.Database) -> None:
    track = resolve(sample_db, "tracks", "UN Security Council")
    selection = gather(sample_db, Filter(tracks=frozenset({track})))
    rendered = render(FORMATS["png"], selection, ExportOptions(width=1000, height=600))
    image = QImage.fromData(rendered.content, "PNG")
    assert not image.isNull()
    assert (image.width(), image.height()) == (1000, 600)
    colours = {image.pixelColor(x, y).name() for x in range(0, 1000, 2) for y in range(0, 600, 2)}
    unsc = next(t.color for t in selection.data.tracks if t.id == track)
    assert unsc in colours
    assert len(colours) > 20
    assert rendered.items == len(selection.selected)


def test_png_without_a_height_fits_every_lane(sample_db: sqlite_utils.Database) -> None:
    selection = gather(sample_db, Filter())
    few = gather(sample_db, Filter(tracks=frozenset({resolve(sample_db, "tracks", "ICJ")})))
    tall = QImage.fromData(render(FORMATS["png"], selection).content, "PNG")
    short = QImage.fromData(render(FORMATS["png"], few).content, "PNG")
    assert tall.width() == short.width() == 1600
    assert tall.height() > short.height() + 10 * 22  # one lane per track, 14 against 1
    cut = render(FORMATS["png"], selection, ExportOptions(height=300))
    assert cut.notes == ("Not every lane fitted in the height asked for.",)


def test_svg_is_a_drawing_with_title_filter_and_legend(sample_db: sqlite_utils.Database) -> None:
    f = Filter(tracks=frozenset({resolve(sample_db, "tracks", "Gaza")}))
    selection = gather(sample_db, f)
    root, texts = svg_texts(render(FORMATS["svg"], selection).content)
    assert root.tag == f"{SVG}svg"
    assert not list(root.iter(f"{SVG}image"))
    assert len(list(root.iter(f"{SVG}path"))) + len(list(root.iter(f"{SVG}rect"))) > 10
    assert selection.title in texts
    subtitle = next(t for t in texts if t.startswith("Items on US Gaza plan · "))
    assert re.search(r" · \d+ items · .+ · exported \d\d \w{3} \d{4}$", subtitle)
    for name in ("US Gaza plan", "UN Security Council", "event", "statement", "range"):
        assert name in texts, name


def test_the_time_window_decides_the_axis(sample_db: sqlite_utils.Database) -> None:
    selection = gather(sample_db, Filter())
    _, whole = svg_texts(render(FORMATS["svg"], selection).content)
    assert {"Jun", "Nov", "2025"} <= set(whole)  # the bulk of the items; the outliers told of
    assert "2010" not in whole
    # A font without the arrow has it drawn in another, which the SVG writes as a text of
    # its own: the words as a reader sees them are the texts in a row.
    assert "◀ 3 earlier items" in "".join(whole)
    window = Filter.build(date_from="Oct 2025", date_to="Nov 2025")
    assert window.start is not None
    assert window.end is not None
    options = ExportOptions(window=(window.start, window.end))
    _, close = svg_texts(render(FORMATS["svg"], selection, options).content)
    assert "Nov 2025" in close
    assert "2010" not in close
    assert "◀ 7 earlier items" in "".join(close)  # 2005 to 29 Sep 2025


def test_hostile_names_are_text_in_the_svg() -> None:
    root, texts = svg_texts(render(FORMATS["svg"], hostile()).content)
    assert not list(root.iter(f"{SVG}script"))
    assert "Hostile <b>export</b> & ]]> test — Лавров 🕊" in "".join(texts)  # runs per script
    assert "<img src=x onerror=alert(1)> & co" in texts
    assert "no track" in texts


def test_pdf_is_vector_with_its_fonts(sample_db: sqlite_utils.Database) -> None:
    rendered = render(
        FORMATS["pdf"], gather(sample_db, Filter()), ExportOptions(width=1200, height=800)
    )
    pdf = rendered.content
    assert pdf.startswith(b"%PDF-1.")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"/Subtype /Image" not in pdf
    assert b"/Subtype/Image" not in pdf
    assert b"/FontFile2" in pdf
    assert re.search(rb"/MediaBox \[0 0 900\.0+ 600\.0+\]", pdf)  # 96 px to 72 pt
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1


@pytest.mark.parametrize("name", ["png", "svg", "pdf"])
def test_an_empty_selection_still_draws(name: str, empty_db: sqlite_utils.Database) -> None:
    rendered = render(FORMATS[name], gather(empty_db, Filter()))
    assert rendered.items == 0
    assert len(rendered.content) > 500


def test_pixels_come_from_the_track_colour_not_a_placeholder() -> None:
    image = QImage.fromData(render(FORMATS["png"], hostile()).content, "PNG")
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }
    assert QColor("#cc3300").name() in colours
    assert QColor("#3366cc").name() in colours


def test_control_characters_in_names_leave_the_svg_valid_xml() -> None:
    base = hostile()
    controls = "".join(chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)) + "\ud800"
    title = f"Vote{controls}on the draft"
    data = replace(
        base.data,
        title=f"Timeline{controls}",
        events=[replace(e, title=title) for e in base.data.events],
        tracks=[replace(t, name=f"{t.name}\x1b\x07") for t in base.data.tracks],
    )
    selection = Selection(data, base.selected, f"All{controls}")
    root, texts = svg_texts(render(FORMATS["svg"], selection).content)
    assert root.findtext(f"{SVG}title") == "Timeline\ufffd"
    assert "on the draft" in "".join(texts)
    everything = "".join(texts) + "".join(root.itertext())
    assert not {chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} & set(everything)


READABLE_CHARS = 16
"""A label counts as readable when at least its first this many characters are drawn."""


def _labelled_share(sample_db: sqlite_utils.Database, f: Filter, options: ExportOptions) -> float:
    """The share of the exported items whose label (title, or speaker and words) is text
    in the SVG, read back with an XML parser."""
    selection = gather(sample_db, f)
    items = export_items(selection)
    _, texts = svg_texts(render(FORMATS["svg"], selection, options).content)
    drawn = [t.rstrip("…") for t in texts]
    readable = [
        item
        for item in items
        if any(t[:READABLE_CHARS] == item.title[:READABLE_CHARS] for t in drawn if len(t) > 3)
    ]
    return len(readable) / len(items)


@pytest.mark.parametrize(
    ("what", "window"),
    [("UN Security Council", None), (None, ("Oct 2025", "Nov 2025")), (None, None)],
    ids=["one track", "Oct-Nov 2025", "everything"],
)
def test_nine_in_ten_exported_items_carry_a_readable_label(
    sample_db: sqlite_utils.Database, what: str | None, window: tuple[str, str] | None
) -> None:
    tracks = [resolve(sample_db, "tracks", what)] if what else []
    first, last = window or (None, None)
    f = Filter.build(tracks=tracks, date_from=first, date_to=last)  # as `export --from --to`
    span = None if f.start is None or f.end is None else (float(f.start), float(f.end))
    assert _labelled_share(sample_db, f, ExportOptions(width=1600, window=span)) >= 0.9


def test_a_picture_of_one_track_labels_every_item_instead_of_counting_them(
    sample_db: sqlite_utils.Database,
) -> None:
    track = resolve(sample_db, "tracks", "UN Security Council")
    selection = gather(sample_db, Filter(tracks=frozenset({track})))
    _, texts = svg_texts(render(FORMATS["svg"], selection).content)
    drawn = " ".join(texts)
    assert len(selection.selected) == 15
    for record in [*selection.data.events, *selection.data.statements]:
        if record.id in selection.selected:
            words = record.title if hasattr(record, "title") else record.text
            assert words[:24] in drawn, record.id
    assert "more" not in drawn


def test_lanes_by_actor_in_the_picture_are_the_windows_in_order_and_colour(
    sample_db: sqlite_utils.Database,
) -> None:
    from app.drawing.image_export import timeline_columns
    from app.formats.items import export_items
    from app.store.columns import NO_LANE, load_columns

    for f in (Filter(), Filter(tracks=frozenset({resolve(sample_db, "tracks", "Gaza")}))):
        window = [(lane.name, lane.color) for lane in load_columns(sample_db, f, "actor").lanes]
        selection = gather(sample_db, f)
        picture = timeline_columns(export_items(selection), "actor").lanes
        assert [(lane.name, lane.color) for lane in picture] == window
        assert all(lane.color for lane in picture if lane.name != NO_LANE)
        options = ExportOptions(grouping="actor")
        _, texts = svg_texts(render(FORMATS["svg"], selection, options).content)
        names = {name for name, _ in window if name != NO_LANE}
        legend = [t for t in texts if t in names]
        assert legend[-len(names) :] == [name for name, _ in window if name != NO_LANE]


def test_a_crowded_lane_in_an_svg_is_its_bars_over_the_view_not_squeezed_into_it() -> None:
    """A lane too crowded to label is drawn as an image of its density bars. The window keeps
    that image wider than the view and copies the part in sight; a file of shapes takes the
    part in view only, at one pixel to the pixel, as the PNG draws it."""
    rng = random.Random(3)
    days = sorted(rng.randrange(0, 30 * 365) for _ in range(6000))
    events = [
        Event(f"e{i}", f"Meeting {i}", "meeting",
              parse_span(f"{1990 + d // 365}-{1 + d % 365 // 31:02d}-{1 + d % 31 % 28:02d}"),
              tracks=("t",))
        for i, d in enumerate(days)
    ]  # fmt: skip
    data = Dataset("Crowded", tracks=[Track("t", "One busy track", color="#2a6fdb")], events=events)
    selection = Selection(data, frozenset(e.id for e in events), "All")
    options = ExportOptions(width=1000, height=300)
    root = ET.fromstring(render(FORMATS["svg"], selection, options).content)
    drawn = [(image, QImage.fromData(_png_of(image), "PNG")) for image in root.iter(f"{SVG}image")]
    assert drawn, "the crowded lane should be drawn as density"
    for element, bars in drawn:
        assert not bars.isNull()
        assert bars.width() == round(float(element.get("width", "0")))
        assert bars.height() == round(float(element.get("height", "0")))
    png = QImage.fromData(render(FORMATS["png"], selection, options).content, "PNG")
    # The bars reach as far right in the SVG as in the PNG: where the data ends (2019).
    element, bars = drawn[0]
    left = float(element.get("x", "0"))
    filled = [x for x in range(bars.width()) if bars.pixelColor(x, bars.height() - 1).alpha()]
    row = round(float(element.get("y", "0"))) + bars.height() - 1
    in_png = [x for x in range(png.width()) if png.pixelColor(x, row).name() == "#2a6fdb"]
    assert in_png
    assert filled
    assert abs((left + filled[-1]) - in_png[-1]) <= 3
    assert abs((left + filled[0]) - in_png[0]) <= 3


def _png_of(image: Element) -> bytes:
    href = image.get("{http://www.w3.org/1999/xlink}href", "")
    return base64.b64decode(href.split(",", 1)[1])
