"""`make lint` runs lint-imports with .importlinter: each contract must bite on a planted import.

The packages are copied to a temporary root with the same configuration; lint-imports puts its
working directory first on sys.path, so it analyses the copies, not the installed packages.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import xmedia
import xmedia_contract
import xmedia_generated
import xmedia_limits
import xmedia_mock

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = {
    module.__name__: Path(module.__file__ or "").parent
    for module in (xmedia, xmedia_generated, xmedia_limits, xmedia_mock, xmedia_contract)
} | {"bench": ROOT / "bench", "scripts": ROOT / "scripts"}


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("layers")
    for name, source in PACKAGES.items():
        shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", root / ".importlinter")
    return root


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_packages_keep_every_contract(project_copy: Path) -> None:
    result = _lint_imports(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " broken" not in result.stdout.replace("0 broken", "")


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        # Transitive: _models → _auth → httpx.
        ("xmedia/_models.py", "from xmedia import _auth", "The upload core does no I/O"),
        ("xmedia/_sync.py", "import xmedia_generated", "Only the calls module imports"),
        ("xmedia/_errors.py", "import rich", "does not import the CLI"),
        ("xmedia_mock/state.py", "import xmedia", "do not import the wrapper"),
        ("xmedia_mock/app.py", "import xmedia_contract", "The mock does not import the contract"),
        ("xmedia_limits/__init__.py", "import xmedia_mock", "import nothing of the project"),
        ("xmedia_mock/config.py", "import bench.report", "Bench and scripts sit on top"),
    ],
)
def test_a_planted_forbidden_import_breaks_its_contract(
    project_copy: Path, module: str, planted: str, contract: str
) -> None:
    path = project_copy / module
    original = path.read_text(encoding="utf-8")
    path.write_text(f"{original}\n{planted}  # planted\n", encoding="utf-8")
    try:
        result = _lint_imports(project_copy)
    finally:
        path.write_text(original, encoding="utf-8")
    report = " ".join(result.stdout.split())
    assert result.returncode != 0, report
    assert "1 broken." in report, report
    broken_section = report.split("Broken contracts", 1)[1]
    assert contract in broken_section
    importer = module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    assert f"{importer} ->" in broken_section
