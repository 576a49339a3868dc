"""Memory: keeping the resident size of a long-running window close to what it holds, and
not paying for Python's cycle collector while hundreds of thousands of objects are made.

glibc serves large allocations from mmap and gives them back on free, but after the first
such block is freed it raises that threshold (up to 32 MB), so the strings and arrays of a
million-item load then come from the heap and stay resident after they are freed. Fixing the
threshold at 1 MiB keeps large blocks in mmap: at a million items the window's peak fell from
about 490 to 380 MB, its steady size from about 460 to 330 MB (`tests/perf/canvas_bench.py`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import sys
from collections.abc import Iterator

M_MMAP_THRESHOLD = -3
"""mallopt's parameter number, from glibc's <malloc.h>."""
LARGE_BLOCK_BYTES = 1 << 20


def return_large_blocks() -> bool:
    """Ask glibc to keep every block of 1 MiB or more in mmap. True if it took effect; a
    no-op elsewhere (macOS, Windows, musl), which manage large blocks their own way."""
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK_BYTES))


@contextlib.contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """For work that makes a few objects per item, hundreds of thousands in all and none of
    them in cycles: Python's cycle collector would walk all of those again and again. At
    100,000 items that cost as much as an export's render and a third of its read; in a
    million-item import it was a few seconds."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
