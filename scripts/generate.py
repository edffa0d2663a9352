"""Generate generated/xmedia_generated from spec/, or check that it is up to date.

    generate.py          derive build/client-spec.yaml, run openapi-python-client, write generated/
    generate.py --check  the same into a temporary directory; fail with a diff on any difference

The pipeline: scripts/derive_client_spec.py (the generator-friendly spec) → openapi-python-client
(pinned, scripts/generator-config.yaml, custom templates in scripts/templates/, --meta none, ruff
post hooks) → py.typed. The result depends only on the spec, the scripts and the locked tools.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml
from derive_client_spec import derive

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "x-media.openapi.yaml"
CLIENT_SPEC = ROOT / "build" / "client-spec.yaml"
CONFIG = ROOT / "scripts" / "generator-config.yaml"
TEMPLATES = ROOT / "scripts" / "templates"
PACKAGE = "xmedia_generated"
TARGET = ROOT / "generated" / PACKAGE
# Pinned: another generator or ruff version produces different bytes, so check-generated would fail
# for reasons unrelated to the spec.
PINNED = {"openapi-python-client": "0.29.1", "ruff": "0.17.6"}
MAX_DIFF_LINES = 200


def check_pins() -> None:
    for distribution, version in PINNED.items():
        installed = importlib.metadata.version(distribution)
        if installed != version:
            raise SystemExit(
                f"{distribution} {installed} is installed, {version} is pinned: run `make setup`."
            )


def write_client_spec(spec_path: Path, output: Path) -> None:
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    text = yaml.safe_dump(derive(spec, spec_path), sort_keys=False, allow_unicode=True, width=100)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")


def run_generator(client_spec: Path, package_dir: Path) -> None:
    """openapi-python-client into package_dir (which must not exist yet)."""
    tools = Path(sys.executable).parent
    env = dict(os.environ)
    # The post hooks call `ruff` by name: make it the locked one.
    env["PATH"] = f"{tools}{os.pathsep}{env.get('PATH', '')}"
    command = [
        str(tools / "openapi-python-client"),
        "generate",
        "--path",
        str(client_spec),
        "--config",
        str(CONFIG),
        "--custom-template-path",
        str(TEMPLATES),
        "--meta",
        "none",
        "--output-path",
        str(package_dir),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    # The generator reports skipped pieces as warnings but still exits 0: treat them as failures.
    if result.returncode != 0 or "Warning" in output or "Error" in output:
        raise SystemExit(f"openapi-python-client failed:\n{output}")
    (package_dir / "py.typed").write_text("", encoding="utf-8")


def build(spec_path: Path, client_spec: Path, work_dir: Path) -> Path:
    write_client_spec(spec_path, client_spec)
    package_dir = work_dir / PACKAGE
    run_generator(client_spec, package_dir)
    return package_dir


def tree(directory: Path) -> dict[str, bytes]:
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def diff_trees(expected: Path, actual: Path) -> list[str]:
    """A unified diff from the committed tree (actual) to a fresh generation (expected)."""
    want, have = tree(expected), tree(actual)
    lines: list[str] = []
    for name in sorted(want.keys() | have.keys()):
        if want.get(name) == have.get(name):
            continue
        label = f"generated/{PACKAGE}/{name}"
        try:
            old = have.get(name, b"").decode("utf-8").splitlines(keepends=True)
            new = want.get(name, b"").decode("utf-8").splitlines(keepends=True)
        except UnicodeDecodeError:
            lines.append(f"binary file differs: {label}\n")
        else:
            lines.extend(difflib.unified_diff(old, new, fromfile=label, tofile=label + " (fresh)"))
        if name not in want:
            lines.append(f"only in the committed tree: {label}\n")
        if name not in have:
            lines.append(f"missing from the committed tree: {label}\n")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="fail if generated/ is stale")
    parser.add_argument("--spec", type=Path, default=SPEC, help="the contract spec")
    parser.add_argument("--target", type=Path, default=TARGET, help="generated package dir")
    args = parser.parse_args()
    check_pins()
    with tempfile.TemporaryDirectory(prefix="xmedia-generate-") as work:
        work_dir = Path(work)
        client_spec = work_dir / "client-spec.yaml" if args.check else CLIENT_SPEC
        fresh = build(args.spec, client_spec, work_dir)
        if args.check:
            differences = diff_trees(fresh, args.target)
            if differences:
                sys.stdout.writelines(differences[:MAX_DIFF_LINES])
                if len(differences) > MAX_DIFF_LINES:
                    print(f"... {len(differences) - MAX_DIFF_LINES} more diff lines")
                print(f"\n{args.target} is stale: run `make generate` and commit the result.")
                return 1
            print(f"{args.target} is up to date with {args.spec.name}")
            return 0
        if args.target.exists():
            shutil.rmtree(args.target)
        args.target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(fresh, args.target, ignore=shutil.ignore_patterns("__pycache__"))
    print(f"generated {args.target} from {args.spec.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
