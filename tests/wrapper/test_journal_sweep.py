"""Temporary journals left by a writer killed between write and rename are swept; live ones stay."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from xmedia._journal import Journal


def _dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def test_load_and_delete_sweep_only_temp_journals_of_dead_writers(tmp_path: Path) -> None:
    journal = Journal(tmp_path, "k" * 32)
    dead = tmp_path / f".{'k' * 32}.{_dead_pid()}.abc123.tmp"
    alive = tmp_path / f".{'k' * 32}.{os.getpid()}.def456.tmp"
    other_key = tmp_path / f".{'z' * 32}.{_dead_pid()}.ghi789.tmp"
    for path in (dead, alive, other_key):
        path.write_text("{}")

    assert journal.load() is None  # no journal yet; the sweep still runs
    assert not dead.exists()
    assert alive.exists(), "a live writer's temporary journal must survive"
    assert other_key.exists(), "another upload's journal is not ours to sweep"

    alive.unlink()
    dead.write_text("{}")
    journal.delete()
    assert sorted(p.name for p in tmp_path.iterdir()) == [other_key.name]
