"""Python work on a second core: a child process forked from this one, which sees the memory
this one had at the fork without a copy, makes numbered pieces of work (files, say) and tells
the number of each as it is done.

Threads cannot do this: only one of them runs Python at a time. A forked child runs Python
beside this process, and writes what it makes where this process reads it; the numbers come
back through a pipe, read by whichever thread of this process waits for them, which asks
now and then whether to stop. Only where `fork` is safe enough to rely on: Linux, where a
child that runs Python alone (no threads, no imports, no locks another thread held) is
what `multiprocessing` itself did by default for years. A failure in the child comes back
as the same exception, raised where the numbers are read; the child's traceback is lost.

Only what the child is given to do runs in it: it leaves by `os._exit`, so that nothing of
this process (buffered output, finalizers, open databases) is flushed or closed twice.
"""

from __future__ import annotations

import base64
import contextlib
import os
import pickle
import select
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType

AVAILABLE = sys.platform.startswith("linux") and hasattr(os, "fork")
POLL_SECONDS = 0.1
"""How often a reader waiting for the next number asks whether to stop."""
_DONE, _NUMBER, _FAILED = b"E", b"N", b"X"


class Stopped(Exception):
    """The reader was asked to stop."""


class Child:
    """`work` run in a forked child, which yields a number for each piece it has finished
    (an `OSError` if no child can be made).
    Read them with `numbers`; leave the `with` block (or `close`) to stop the child if
    it still runs."""

    def __init__(self, work: Callable[[], Iterable[int]]) -> None:
        read, write = os.pipe()
        try:
            with warnings.catch_warnings():
                # Python 3.12 warns of a fork while other threads run: the child runs none of
                # their code. The one lock it may share with them is SQLite's own, held only
                # for the instant of a call; were one held at the fork, the child would wait
                # for ever, and a stop asked of `numbers` would still end it.
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:  # no memory or no process left for a child
            os.close(read)
            os.close(write)
            raise
        if pid == 0:
            os.close(read)
            os._exit(_run(work, write))
        os.close(write)
        self.pid: int | None = pid
        self._read = read
        self._reaping = threading.Lock()  # a pid is never signalled once reaped

    def __enter__(self) -> Child:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def stop(self) -> None:
        """End the child if it still runs, and wait for it to be gone. A thread reading its
        numbers then comes to their end."""
        with self._reaping:
            if self.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                self._reap()

    def close(self) -> None:
        """Stop the child, and close the pipe: once no thread reads from it any more."""
        self.stop()
        if self._read >= 0:
            os.close(self._read)
            self._read = -1

    def _reap(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None

    def _ended(self) -> None:
        with self._reaping:
            self._reap()

    def numbers(self, stopping: Callable[[], bool]) -> Iterator[int]:
        """Each number the child tells, as it tells it, until it is done; its failure is
        raised here, and `Stopped` when `stopping` says so while waiting."""
        pending = b""
        while True:
            while b"\n" not in pending:
                if stopping():
                    raise Stopped
                if not select.select([self._read], [], [], POLL_SECONDS)[0]:
                    continue
                data = os.read(self._read, 65536)
                if not data:
                    self._ended()
                    raise ChildProcessError("the child process ended before it was done")
                pending += data
            line, pending = pending.split(b"\n", 1)
            if line[:1] == _NUMBER:
                yield int(line[1:])
            elif line[:1] == _DONE:
                self._ended()
                return
            else:
                self._ended()
                raise pickle.loads(base64.b64decode(line[1:]))  # our own child wrote it


def _run(work: Callable[[], Iterable[int]], pipe: int) -> int:
    """The child's whole life: `work`, each number told as it comes; its exit status."""
    try:
        for number in work():
            _tell(pipe, _NUMBER + str(number).encode())
        _tell(pipe, _DONE)
        return 0
    except BaseException as error:  # every failure goes back to the parent
        with contextlib.suppress(BaseException):
            _tell(pipe, _FAILED + base64.b64encode(_pickled(error)))
        return 1


def _pickled(error: BaseException) -> bytes:
    try:
        return pickle.dumps(error)
    except Exception:  # one that cannot be pickled
        return pickle.dumps(RuntimeError(f"{type(error).__name__}: {error}"))


def _tell(pipe: int, line: bytes) -> None:
    data = line + b"\n"
    while data:
        data = data[os.write(pipe, data) :]
