"""The layering the design promises, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import xmedia

PACKAGE = Path(xmedia.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_calls_imports_the_generated_client() -> None:
    importers = sorted(p.name for p in PACKAGE.glob("*.py") if "xmedia_generated" in _imports(p))
    assert importers == ["_calls.py"]


def test_the_core_does_no_io_and_reads_no_clock() -> None:
    forbidden = {"httpx", "anyio", "asyncio", "time", "os", "socket", "io", "pathlib"}
    for module in ("_session.py", "_retry.py", "_errors.py", "_models.py"):
        assert not (_imports(PACKAGE / module) & forbidden), module


def test_public_names_are_exported() -> None:
    for name in (
        "XMedia",
        "AsyncXMedia",
        "UploadConfig",
        "UploadedMedia",
        "ProcessingInfo",
        "ProgressEvent",
        "OAuth2UserToken",
        "OAuth1User",
        "auth_from_env",
    ):
        assert name in xmedia.__all__ and hasattr(xmedia, name)
    errors = [getattr(xmedia, n) for n in xmedia.__all__ if n.endswith("Error")]
    assert all(issubclass(e, xmedia.XMediaError) for e in errors)
