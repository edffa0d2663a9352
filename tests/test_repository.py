"""How the repository is kept: test folders are packages (no sys.path workaround needed for the
helpers they share, and two test modules may share a file name)."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_every_test_folder_is_a_package() -> None:
    folders = {path.parent for path in TESTS.rglob("*.py") if "__pycache__" not in path.parts}
    missing = sorted(
        str(f.relative_to(TESTS.parent)) for f in folders if not (f / "__init__.py").exists()
    )
    assert not missing, f"add an empty __init__.py to: {', '.join(missing)}"
