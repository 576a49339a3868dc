"""A command on a file of an older Backchannel says, before the wait, that it is updating
it; once updated, it says nothing more."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.store.database import needs_upgrade


def test_a_command_on_an_older_file_says_it_updates_it_first(
    version_8_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(version_8_path), "search", "2803", "--track", "track/unsc"]) == 0
    out, err = capsys.readouterr()
    assert "Updating old.backchannel for this version of Backchannel" in err
    assert "a copy of the file as it was is kept beside it" in err
    assert "item(s)" in out
    assert not needs_upgrade(version_8_path)
    assert main(["--db", str(version_8_path), "info"]) == 0
    assert "Updating" not in capsys.readouterr().err
