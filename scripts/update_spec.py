"""Take a new official X document: extract, re-apply the overlay, regenerate, say what changed.

    update_spec.py FILE              (make update-spec SOURCE=FILE)
    update_spec.py FILE --dry-run    the same in a temporary directory; the repository is untouched
    update_spec.py FILE --no-tests   skip the wrapper's tests against the new client

FILE is a whole official document as X publishes it (openapi.json, or gzip-compressed). Printed:
  1. the overlay report: every action that no longer applies (missing: its target is gone;
     dangling: it refers to a component X removed) or has become redundant (X's document now
     says it), with its description and source;
  2. what X changed in the /2/media* part (operations, schema names, fields, problem types);
  3. what users of the generated client see (operations, models, fields and enums added,
     removed, renamed), against the generated/ in the repository;
  4. whether the wrapper's tests pass against the new client (WRAPPER_TESTS, run with the new
     client first on PYTHONPATH).
Unless --dry-run, the document is stored in spec/official/ (gzip), the overlay's `extends` points
at it, and spec/ and generated/ are rewritten: review them, fix the overlay until `make
check-spec` passes, and adapt wrapper/xmedia/_calls.py if the wrapper's tests failed.
Exit status: 0 when every action applies and the wrapper's tests pass (or were skipped), else 1.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_spec
import generate
from official_spec import load_document, media_subset
from spec_changelog import Changelog, Client, compare_clients, compare_official, read_client
from spec_overlay import ActionReport

ROOT = build_spec.ROOT
OFFICIAL_DIR = ROOT / "spec" / "official"
OFFICIAL_README = OFFICIAL_DIR / "README.md"
GENERATED = ROOT / "generated" / generate.PACKAGE
# The wrapper's tests that go through the generated client: request building, parsing, uploads
# against the bundled mock.
WRAPPER_TESTS = ("tests/wrapper/test_calls_body.py", "tests/wrapper/test_client_against_mock.py")
_EXTENDS = re.compile(r"^extends: .*$", re.MULTILINE)
WRAPPER = ROOT / "wrapper" / "xmedia"


def wrapper_generated_imports() -> set[str]:
    """Every name the wrapper imports from xmedia_generated: modules (api.<tag>.<module>) and
    models (models.<Name>), read statically."""
    names: set[str] = set()
    for path in sorted(WRAPPER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                generate.PACKAGE
            ):
                names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def missing_from(client: Client, package: Path, names: set[str]) -> list[str]:
    """The wrapper's imports the client in package lacks."""
    available = {f"{generate.PACKAGE}.api.{module}" for module in client.operations}
    available |= {f"{generate.PACKAGE}.models.{model}" for model in client.models}
    top = {path.stem for path in package.glob("*.py")} | {"Client", "AuthenticatedClient"}
    available |= {f"{generate.PACKAGE}.{name}" for name in top}
    available |= {
        f"{generate.PACKAGE}.types.{name}" for name in ("UNSET", "File", "Unset", "Response")
    }
    return sorted(names - available)


@dataclass
class Update:
    version: str
    reports: list[ActionReport]
    official_changes: Changelog
    client_changes: Changelog
    tests_passed: bool | None  # None: not run
    tests_output: str
    wrapper_missing: list[str]

    @property
    def stale(self) -> list[ActionReport]:
        return [report for report in self.reports if report.status != "applied"]

    def text(self) -> str:
        lines = [f"== Overlay actions against {self.version}"]
        if self.stale:
            lines.extend(report.line() for report in self.stale)
            lines.append(
                f"{len(self.stale)} of {len(self.reports)} actions need a look: edit "
                "spec/x-media.overlay.yaml (drop redundant ones, retarget missing/dangling ones)."
            )
        else:
            lines.append(f"all {len(self.reports)} actions apply")
        partly = [report for report in self.reports if report.already]
        if partly:
            lines.append("Applied, but X's document already says part of it (trim the action):")
            lines.extend(report.line() for report in partly)
        lines.append("")
        lines.append(f"== What X changed in /2/media* (-> {self.version})")
        lines.append(self.official_changes.text())
        lines.append("")
        lines.append("== What users of the generated client see")
        lines.append(self.client_changes.text())
        lines.append("")
        lines.append("== The wrapper against the new client")
        if self.wrapper_missing:
            lines.append(
                f"wrapper/xmedia imports {len(self.wrapper_missing)} names the new client lacks "
                "(only wrapper/xmedia/_calls.py imports the generated client; users never do):"
            )
            lines.extend(f"  {name}" for name in self.wrapper_missing)
        else:
            lines.append("every name the wrapper imports from the generated client is still there")
        if self.tests_passed is None:
            lines.append("wrapper tests: not run (--no-tests)")
        else:
            lines.append(self.tests_output.strip().splitlines()[-1] if self.tests_output else "")
            lines.append(
                "wrapper tests: PASS"
                if self.tests_passed
                else "wrapper tests: FAIL (adapt wrapper/xmedia/_calls.py)"
            )
        return "\n".join(lines)


def run_wrapper_tests(package_dir: Path) -> tuple[bool, str]:
    """WRAPPER_TESTS with package_dir (holding xmedia_generated) first on the import path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(package_dir.parent), env.get("PYTHONPATH", "")) if part
    )
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:randomly", *WRAPPER_TESTS]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return result.returncode == 0, result.stdout + result.stderr


def stored_name(version: str) -> str:
    return f"x-api-v2-openapi-{version}.json.gz"


def store_official(source: Path, version: str) -> Path:
    """Copy the document into spec/official/ (gzip, no timestamp) and list it in the README."""
    target = OFFICIAL_DIR / stored_name(version)
    raw = source.read_bytes()
    data = raw if raw[:2] == b"\x1f\x8b" else gzip.compress(raw, mtime=0)
    if not target.exists() or target.read_bytes() != data:
        target.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    readme = OFFICIAL_README.read_text(encoding="utf-8")
    if digest not in readme:
        row = f"| {target.name} | {version} | | taken with `make update-spec` | `{digest}` |\n"
        OFFICIAL_README.write_text(readme.rstrip("\n") + "\n" + row, encoding="utf-8")
    return target


def point_overlay_at(name: str) -> None:
    text = build_spec.OVERLAY.read_text(encoding="utf-8")
    updated, count = _EXTENDS.subn(f"extends: official/{name}", text, count=1)
    if count != 1:
        raise SystemExit(f"{build_spec.OVERLAY.name}: no `extends:` line to update")
    build_spec.OVERLAY.write_text(updated, encoding="utf-8")


def generate_client(result: build_spec.Build, work_dir: Path) -> Path:
    """Generate the client of a build into work_dir/xmedia_generated (generate.py's pipeline)."""
    spec_path = work_dir / "x-media.openapi.yaml"
    spec_path.write_text(build_spec.effective_text(result), encoding="utf-8")
    return generate.build(spec_path, work_dir / "client-spec.yaml", work_dir)


def update(source: Path, *, dry_run: bool, run_tests: bool) -> Update:
    overlay = build_spec.load_overlay()
    previous = media_subset(load_document(build_spec.official_source(overlay)))
    result = build_spec.build(source, overlay)
    official_changes = compare_official(previous, result.subset)
    with tempfile.TemporaryDirectory(prefix="xmedia-update-spec-") as work:
        package = generate_client(result, Path(work))
        new_client = read_client(package)
        client_changes = compare_clients(read_client(GENERATED), new_client)
        wrapper_missing = missing_from(new_client, package, wrapper_generated_imports())
        passed, output = run_wrapper_tests(package) if run_tests else (None, "")
        if not dry_run:
            stored = store_official(source, result.official_version)
            point_overlay_at(stored.name)
            build_spec.SUBSET.write_text(build_spec.subset_text(result), encoding="utf-8")
            build_spec.EFFECTIVE.write_text(build_spec.effective_text(result), encoding="utf-8")
            shutil.rmtree(GENERATED)
            shutil.copytree(package, GENERATED, ignore=shutil.ignore_patterns("__pycache__"))
    return Update(
        result.official_version,
        result.reports,
        official_changes,
        client_changes,
        passed,
        output,
        wrapper_missing,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("source", type=Path, help="the whole official document (.json or .json.gz)")
    parser.add_argument("--dry-run", action="store_true", help="change nothing in the repository")
    parser.add_argument("--no-tests", action="store_true", help="skip the wrapper's tests")
    args = parser.parse_args(argv)
    if not args.source.is_file():
        parser.error(f"{args.source}: no such file (give SOURCE=path/to/openapi.json)")
    generate.check_pins()
    try:
        outcome = update(args.source, dry_run=args.dry_run, run_tests=not args.no_tests)
    except ValueError as exc:
        print(f"{args.source}: {exc}", file=sys.stderr)
        return 2
    print(outcome.text())
    if not args.dry_run:
        print(
            f"\nwrote spec/official/{stored_name(outcome.version)}, the overlay's extends, spec/ "
            "and generated/: review with `git diff`, then `make check-spec check-generated`."
        )
    return 0 if not outcome.stale and outcome.tests_passed is not False else 1


if __name__ == "__main__":
    sys.exit(main())
