"""A forked child's pieces of work, read back as they are done; its failures and stops."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core import forked

pytestmark = pytest.mark.skipif(not forked.AVAILABLE, reason="a child is forked on Linux only")


def _never() -> bool:
    return False


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_child_writes_files_beside_this_process_and_tells_each_as_it_is_done(
    tmp_path: Path,
) -> None:
    def work() -> Iterator[int]:
        for number in range(5):
            (tmp_path / f"{number}.txt").write_text(f"{os.getpid()} {number}")
            yield number

    with forked.Child(work) as child:
        pid = child.pid
        seen = []
        for number in child.numbers(_never):
            writer, told = (tmp_path / f"{number}.txt").read_text().split()
            seen.append(int(told))
            assert int(writer) == pid != os.getpid()
        assert child.pid is None  # done, and waited for
    assert seen == [0, 1, 2, 3, 4]
    assert pid is not None
    assert _gone(pid)


def test_a_failure_in_the_child_is_raised_where_its_numbers_are_read() -> None:
    def work() -> Iterator[int]:
        yield 0
        raise sqlite3.OperationalError("database or disk is full")

    with forked.Child(work) as child:
        numbers = child.numbers(_never)
        assert next(numbers) == 0
        with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
            next(numbers)


def test_a_failure_that_cannot_be_pickled_still_comes_back_by_name_and_message() -> None:
    class Local(Exception):  # defined in a function: pickle cannot find it by name
        pass

    def work() -> Iterator[int]:
        raise Local("a message\nover two lines")
        yield 0

    with forked.Child(work) as child, pytest.raises(RuntimeError, match="Local: a message"):
        list(child.numbers(_never))


def test_a_child_killed_from_outside_is_a_failure_not_a_hang() -> None:
    def work() -> Iterator[int]:
        yield 0
        time.sleep(60)
        yield 1

    with forked.Child(work) as child:
        numbers = child.numbers(_never)
        assert next(numbers) == 0
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        with pytest.raises(ChildProcessError, match="ended before it was done"):
            next(numbers)


def test_a_stop_asked_while_waiting_ends_the_wait_and_leaving_ends_the_child() -> None:
    def work() -> Iterator[int]:
        time.sleep(60)
        yield 0

    asked = 0

    def stopping() -> bool:
        nonlocal asked
        asked += 1
        return asked > 3

    with forked.Child(work) as child:
        pid = child.pid
        with pytest.raises(forked.Stopped):
            list(child.numbers(stopping))
    assert pid is not None
    assert _gone(pid)
