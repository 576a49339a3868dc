"""The allocator setting that keeps the window's memory close to what it holds."""

from __future__ import annotations

import sys

import pytest

from app.core.memory import return_large_blocks


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt is Linux's")
def test_glibc_takes_the_fixed_threshold() -> None:
    assert return_large_blocks() is True


def test_elsewhere_it_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert return_large_blocks() is False
