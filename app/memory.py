"""Keeping the resident memory of a long-running window close to what it holds.

glibc serves large allocations from mmap and gives them back on free, but after the first
such block is freed it raises that threshold (up to 32 MB), so the strings and arrays of a
million-item load then come from the heap and stay resident after they are freed. Fixing the
threshold at 1 MiB keeps large blocks in mmap: at a million items the window's peak fell from
about 490 to 380 MB, its steady size from about 460 to 330 MB (`tests/perf/canvas_bench.py`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

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
