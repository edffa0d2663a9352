"""The layering the design promises, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import xmedia

PACKAGE = Path(xmedia.__file__).parent


def _runtime_nodes(path: Path) -> list[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:`` (annotations only, never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for body in node.body for child in ast.walk(body))
    return [node for node in ast.walk(tree) if id(node) not in skipped]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in _runtime_nodes(path):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_calls_imports_the_generated_client() -> None:
    importers = sorted(p.name for p in PACKAGE.glob("*.py") if "xmedia_generated" in _imports(p))
    assert importers == ["_calls.py"]


CORE = (
    "_core",
    "_judge",
    "_requests",
    "_parse",
    "_record",
    "_plan",
    "_analytics",
    "_retry",
    "_config",
    "_errors",
    "_models",
)
FORBIDDEN = {
    "httpx",
    "anyio",
    "asyncio",
    "time",
    "os",
    "socket",
    "io",
    "pathlib",
    "xmedia_generated",
}


def _local_imports(path: Path) -> set[str]:
    found = set()
    for node in _runtime_nodes(path):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_core_does_no_io_and_reads_no_clock_even_transitively() -> None:
    """Each core module imports only core modules, and none imports I/O (import-linter holds
    the same rule in ``make lint``; this is the quick local check)."""
    for module in CORE:
        path = PACKAGE / f"{module}.py"
        assert not (_imports(path) & FORBIDDEN), module
        assert _local_imports(path) <= set(CORE), (module, _local_imports(path) - set(CORE))


def test_the_core_loads_without_httpx_in_a_fresh_interpreter() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import xmedia._core, xmedia._judge;"
        "bad = [m for m in ('httpx', 'anyio', 'xmedia_generated') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    # Importing xmedia._core runs xmedia/__init__ first; block the package's eager imports by
    # loading the modules from their files under a stub package.
    stub = (
        "import importlib.util, sys, types, pathlib;"
        f"root = pathlib.Path({str(PACKAGE)!r});"
        "pkg = types.ModuleType('xmedia'); pkg.__path__ = [str(root)]; sys.modules['xmedia'] = pkg;"
    )
    result = subprocess.run(
        [sys.executable, "-c", stub + code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


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


def test_calls_uses_no_private_name_of_the_generated_client() -> None:
    tree = ast.parse((PACKAGE / "_calls.py").read_text(encoding="utf-8"))
    generated_modules = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("xmedia_generated")
        for alias in node.names
    }
    private = [
        f"{node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in generated_modules
        and node.attr.startswith("_")
    ]
    imported_private = [name for name in generated_modules if name.startswith("_")]
    assert private == [] and imported_private == []
