"""How the repository is kept: test folders are packages, and nothing points outside it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
SKIPPED_DIRS = {".git", ".venv", ".tools", "build", "dist", "__pycache__", ".hypothesis"}
TEXT_SUFFIXES = {".py", ".md", ".yaml", ".yml", ".toml", ".json", ".jinja", ".txt", ".cfg", ".ini"}
# A path into the machine the project was built on, or to notes kept beside the repository.
OUTSIDE = re.compile(r"/work/\w|\.\./shared\b|\bshared/(?:notes|reference|seeds|history)\b")


def _text_files() -> list[Path]:
    found = []
    for path in ROOT.rglob("*"):
        if SKIPPED_DIRS & set(path.relative_to(ROOT).parts) or not path.is_file():
            continue
        if path.suffix in TEXT_SUFFIXES or path.name in {"Makefile", ".importlinter", "run"}:
            found.append(path)
    return found


def test_every_test_folder_is_a_package() -> None:
    folders = {path.parent for path in TESTS.rglob("*.py") if "__pycache__" not in path.parts}
    missing = sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").exists())
    assert not missing, f"add an empty __init__.py to: {', '.join(missing)}"


def test_no_file_names_a_path_outside_the_repository() -> None:
    hits = [
        f"{path.relative_to(ROOT)}:{number}: {match.group(0)}"
        for path in _text_files()
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
        )
        if (match := OUTSIDE.search(line))
    ]
    assert not hits, "copy what is needed into the repository instead:\n" + "\n".join(hits)
