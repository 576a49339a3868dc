"""Writing an export where the user asked: whole or not at all, into a named pipe or device as
it is, and with messages that name the user's file, never a temporary one."""

from __future__ import annotations

import errno
import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from app.services.exporting import WriteError, write_atomically

needs_fifo = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="opens a named pipe for reading and writing"
)


@needs_fifo
def test_an_export_into_a_named_pipe_reaches_its_reader_and_leaves_the_pipe(
    tmp_path: Path,
) -> None:
    pipe = tmp_path / "feed"
    os.mkfifo(pipe)
    # Held open for writing too, so neither end waits for the other, and the reader sees the
    # end of the data when it is closed, whatever the export did.
    keeper = os.open(pipe, os.O_RDWR)
    received: list[bytes] = []
    listening = threading.Event()

    def read() -> None:
        with pipe.open("rb") as feed:
            listening.set()
            received.append(feed.read())

    reader = threading.Thread(target=read)
    reader.start()
    listening.wait()
    try:
        write_atomically(pipe, "Date,Title\n2025-10-24,Talks\n")
    finally:
        os.close(keeper)
        reader.join()
    assert received == [b"Date,Title\n2025-10-24,Talks\n"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed"]


def test_a_folder_as_target_is_refused_by_its_name(tmp_path: Path) -> None:
    folder = tmp_path / "outdir"
    folder.mkdir()
    with pytest.raises(WriteError) as refused:
        write_atomically(folder, "x")
    assert str(refused.value) == f"cannot write {folder}: it is a folder; name a file in it"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outdir"]
    assert list(folder.iterdir()) == []


def test_a_full_disk_names_the_target_not_a_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_text("my earlier report", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("app.services.exporting.os.fsync", full)
    with pytest.raises(WriteError) as failed:
        write_atomically(target, "<html>new</html>")
    assert str(failed.value) == f"cannot write {target}: No space left on device"
    assert failed.value.errno == errno.ENOSPC
    assert target.read_text(encoding="utf-8") == "my earlier report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_target_name_as_long_as_the_file_system_allows_is_written(tmp_path: Path) -> None:
    limit = os.pathconf(tmp_path, "PC_NAME_MAX") if hasattr(os, "pathconf") else 255
    target = tmp_path / ("n" * (limit - 4) + ".csv")
    write_atomically(target, "a,b\n")
    assert target.read_bytes() == b"a,b\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
