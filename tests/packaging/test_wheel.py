"""The wheel alone runs `xmedia contract`: it carries the suite (the package xmedia_contract.suite)
and the spec, not the repo's tests.

The wheel is built from this checkout with the pinned hatchling (from uv's cache when offline),
unpacked into a folder that sits inside a decoy project (a pyproject.toml whose pytest addopts
would fail, a conftest.py that raises), and the contract suite is run from the unpacked copy in a
subprocess whose imports come first from that folder (its dependencies from .venv).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {
    "xmedia": ROOT / "wrapper" / "xmedia",
    "xmedia_limits": ROOT / "spec" / "xmedia_limits",
    "xmedia_generated": ROOT / "generated" / "xmedia_generated",
    "xmedia_mock": ROOT / "contract_tests" / "xmedia_mock",
    "xmedia_contract": ROOT / "contract_tests" / "xmedia_contract",
}
SUITE = PACKAGES["xmedia_contract"] / "suite"
SPEC = ROOT / "spec" / "x-media.openapi.yaml"
BUNDLED_SPEC = "xmedia_contract/_bundled/spec/x-media.openapi.yaml"


def _source_files(package: Path) -> dict[str, Path]:
    """Every file a package folder holds (as git would ship it), keyed by its name in a wheel."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", str(package)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {
        f"{package.name}/{Path(name).relative_to(package.relative_to(ROOT)).as_posix()}": ROOT
        / name
        for name in listed
        if (ROOT / name).is_file()
    }


def _uv() -> str:
    local = ROOT / ".tools" / "bin" / "uv"
    if local.is_file():
        return str(local)
    found = shutil.which("uv")
    if found is None:
        pytest.skip("uv is not installed (make setup puts it in .tools/bin)")
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    command = [_uv(), "build", "--wheel", "--project", str(ROOT), "-o", str(out)]
    command += ["--python", sys.executable, "--quiet"]
    # The cache first (hatchling is pinned in [build-system]); PyPI only when it lacks it.
    built = subprocess.run([*command, "--offline"], capture_output=True, text=True, env=env)
    if built.returncode != 0:
        built = subprocess.run(command, capture_output=True, text=True, env=env)
    assert built.returncode == 0, built.stdout + built.stderr
    [path] = out.glob("xmedia-*.whl")
    return path


def test_wheel_carries_the_packages_the_suite_and_the_spec(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        contents = {name: archive.read(name) for name in names if not name.endswith("/")}
    for package, source in PACKAGES.items():
        # Every file of the package as it is in this checkout (a new suite module or data file
        # included, with no list to keep), byte for byte.
        files = _source_files(source)
        assert f"{package}/__init__.py" in files
        missing = sorted(set(files) - names)
        assert not missing, missing
        for name, path in files.items():
            assert contents[name] == path.read_bytes(), name
    suite_modules = {name for name in names if name.startswith("xmedia_contract/suite/test_")}
    assert {Path(name).name for name in suite_modules} == {p.name for p in SUITE.glob("test_*.py")}
    assert "xmedia_contract/suite/conftest.py" in names
    assert contents[BUNDLED_SPEC] == SPEC.read_bytes()
    top_level = {name.split("/", 1)[0] for name in names}
    assert top_level == {*PACKAGES, "xmedia-0.1.0.dist-info"}, "tests/, bench/ or stray files"
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


RUN_FROM_WHEEL = """
import json, os, sys
import xmedia_contract
from xmedia_contract import runner, target

result = {"code": xmedia_contract.run(examples=2, extra_args=sys.argv[1:])}
result["package"] = xmedia_contract.__file__
result["suite"] = str(runner.suite_path())
result["spec"] = str(target.active().spec_path)  # what the run's settings used
result["modules"] = sorted(
    m.__file__ for m in list(sys.modules.values())
    if getattr(m, "__file__", None) and os.path.basename(m.__file__).startswith("test_")
)
os.environ["XMEDIA_SPEC"] = "/elsewhere/spec.yaml"
result["override"] = str(target.default_spec_path())
print(json.dumps(result))
"""


def test_contract_suite_runs_from_the_unpacked_wheel(wheel: Path, tmp_path: Path) -> None:
    # A project around the install (as with a virtualenv inside one): pytest must not take its
    # configuration or conftest.py for the suite's.
    project = tmp_path / "project"
    site = project / "site"
    site.mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\naddopts = "--not-an-option-of-the-suite"\n'
    )
    (project / "conftest.py").write_text("raise RuntimeError('a conftest outside the suite')\n")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    # pytest-timeout comes from .venv and would read the decoy's settings, were they loaded.
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("XMEDIA_SPEC", None)
    selection = ["--contract-operations", "^GET /2/media/upload$"]
    completed = subprocess.run(
        [sys.executable, "-c", RUN_FROM_WHEEL, *selection],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-4000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, output[-4000:]
    suite = site / "xmedia_contract" / "suite"
    assert Path(result["package"]).parent == site / "xmedia_contract"
    assert Path(result["suite"]) == suite
    assert Path(result["spec"]) == site / BUNDLED_SPEC
    assert result["modules"], "no test module was imported"
    assert all(Path(module).parent == suite for module in result["modules"]), result["modules"]
    assert f"rootdir: {suite}\n" in output
    assert "test_operations.py ." in output and " passed" in output
    assert result["override"] == "/elsewhere/spec.yaml"


def test_checkout_runs_use_the_checkout_and_its_pytest_config() -> None:
    """In this (editable) checkout nothing changes: contract_tests/, spec/, pyproject.toml."""
    from xmedia_contract import runner, target

    assert runner.suite_path() == SUITE
    if "XMEDIA_SPEC" not in os.environ:
        assert target.default_spec_path() == SPEC
    assert "--config-file" not in runner.pytest_args()
