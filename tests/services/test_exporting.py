"""Writing an export where the user asked: whole or not at all, into a named pipe or device as
it is, and with messages that name the user's file, never a temporary one."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
import time
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


def _ended_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temporary_files_left_by_a_killed_export_go_at_the_next_one(tmp_path: Path) -> None:
    gone = _ended_pid()
    hour_ago = time.time() - 3600
    two_days_ago = time.time() - 2 * 24 * 3600
    leftovers = {
        f".bc-{gone}-a1b2c3d4.tmp": hour_ago,  # its writer was killed
        f".bc-{os.getppid()}-k3pt0000.tmp": two_days_ago,  # a day old, whoever wrote it
    }
    kept = {
        f".bc-{gone}-justnow1.tmp": time.time(),  # maybe a writer on another machine
        f".bc-{os.getpid()}-w0rking0.tmp": hour_ago,  # a writer still running
        f".bc-{gone}-a1b2c3d4.tmp.bak": two_days_ago,  # not our name exactly
        ".bc-x-a1b2c3d4.tmp": two_days_ago,
        "draft.tmp": two_days_ago,
        ".report.html.ab12cd": two_days_ago,
    }
    for name, when in {**leftovers, **kept}.items():
        (tmp_path / name).write_text("partial", encoding="utf-8")
        os.utime(tmp_path / name, (when, when))
    folder_like_ours = tmp_path / f".bc-{gone}-f0lder00.tmp"
    folder_like_ours.mkdir()
    os.utime(folder_like_ours, (two_days_ago, two_days_ago))

    write_atomically(tmp_path / "out.csv", "a,b\n")

    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([*kept, folder_like_ours.name, "out.csv"])
