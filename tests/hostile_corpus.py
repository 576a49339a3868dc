"""The hostile-input corpus (tests/fixtures/hostile, written by its make_corpus.py) and what
each of its files must do on import, shared by the command line's tests and the import
dialog's: the same file says the same thing wherever it is imported."""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "fixtures" / "hostile"
FILES = sorted(p.name for p in CORPUS.iterdir() if p.suffix != ".py")
IMPORTABLE = {
    "native-empty-lists.json": "added 0 item(s)",
    "native-control-chars.json": "added 1 item(s)",
    "native-utf16.json": "(Backchannel JSON): added 0 item(s)",  # UTF-16 with its mark is read
    "sheet-header-only.csv": "added 0 item(s)",
    "csv-header-only.csv": "added 0 item(s)",
    "csv-control-chars.csv": "added 1 item(s)",
    "csv-utf16-nul.csv": "added 1 item(s)",
    "timeline-colour-superscript.timeline": "added 1 item(s)",
    "timeline-colour-5000-digits.timeline": "added 1 item(s)",
    "timeline-dangling.timeline": "added 1 item(s)",
    "timeline-deep.timeline": "added 1 item(s)",
}
"""Files that are odd but fine: imported, with what the report says."""
SAYS = {
    "native-deep.json": "nested too deeply",
    "native-huge-number.json": "field 'version': 1 was expected",
    "native-lone-surrogate.json": "statements[0].text: holds half of a character",
    "native-huge-tally.json": "greater than the maximum",
    "native-dangling.json": "refers to",
    "timelinejs-deep.json": "nested too deeply",
    "timelinejs-year-400-digits.json": "start_date.year: a number of 400 digits",
    "timelinejs-year-400-digit-number.json": "start_date.year: a number is far too large",
    "timelinejs-year-5000-digits.json": "start_date.year: a number of 5,000 digits",
    "timelinejs-month-5000-digits.json": "start_date.month: a number of 5,000 digits",
    "timelinejs-lone-surrogate.json": "events[0].text.headline: holds half of a character",
    "sheet-year-400-digits.csv": "line 2 (“Talks”), start_date.year: a number of 400 digits",
    "sheet-year-5000-digits.csv": "line 2 (“Talks”), start_date.year: a number of 5,000 digits",
    "sheet-month-5000-digits.csv": "line 2 (“Talks”), start_date.month: a number of 5,000 digits",
    "sheet-end-year-5000-digits.csv": "end_date.year: a number of 5,000 digits",
    "csv-offset-2500.csv": "line 2, date (column 1 “date”)",
    "csv-utf16-no-bom.csv": "UTF-16 text without the byte-order mark",
    "timeline-unknown-encoding.timeline": "encoding Backchannel cannot read",
    "timeline-entity-bomb.timeline": "entity bomb",
}
"""What the message says for the files that once crashed, and a few others."""
SOME_GOOD = {
    "csv-duplicate-ids.csv": "added 1 item(s), updated 0, left 0 unchanged; 1 record(s) skipped",
    "csv-offset-2500.csv": "added 1 item(s), updated 0, left 0 unchanged; 1 record(s) skipped",
    "tsv-bad-dates.tsv": "added 1 item(s), updated 0, left 0 unchanged; 1 record(s) skipped",
    "timelinejs-duplicate-ids.json": "added 1 item(s), updated 0, left 0 unchanged; 1 record(s) "
    "skipped",
    "timelinejs-wrong-types.json": "added 1 item(s), updated 0, left 0 unchanged; 11 record(s) "
    "skipped",
}
"""Refused files with good records too: what importing only the good ones reports."""
