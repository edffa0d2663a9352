"""`make spec-history`: every stored official version through the update pipeline, oldest first.

For each of spec/official/x-api-v2-openapi-*.json.gz (by version): the overlay report, the client
generated from it, and the wrapper's tests against that client; between neighbours, what X changed
and what users of the generated client see. Nothing in the repository changes. About 3 minutes on
2 cores; `make test` covers the same pieces on one version (tests/spec/test_update_spec.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_spec
from spec_changelog import compare_clients, compare_official, read_client
from update_spec import (
    OFFICIAL_DIR,
    generate_client,
    missing_from,
    run_wrapper_tests,
    wrapper_generated_imports,
)


def version_key(path: Path) -> tuple[int, ...]:
    version = path.name.removeprefix("x-api-v2-openapi-").removesuffix(".json.gz")
    return tuple(int(part) for part in version.split("."))


def main() -> int:
    overlay = build_spec.load_overlay()
    wrapper_imports = wrapper_generated_imports()
    sources = sorted(OFFICIAL_DIR.glob("x-api-v2-openapi-*.json.gz"), key=version_key)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="xmedia-spec-history-") as work:
        previous = None
        for source in sources:
            result = build_spec.build(source, overlay)
            work_dir = Path(work) / result.official_version
            work_dir.mkdir()
            package = generate_client(result, work_dir)
            client = read_client(package)
            print(f"\n######## {result.official_version} ({source.name})")
            stale = result.problems
            print(f"overlay: {len(result.reports) - len(stale)} applied, {len(stale)} need a look")
            for report in stale:
                print("  " + report.line().replace("\n", "\n  "))
            if previous is not None:
                old_result, old_client = previous
                print(f"\n-- {old_result.official_version} -> {result.official_version}")
                print(compare_official(old_result.subset, result.subset).text())
                print(compare_clients(old_client, client).text())
            missing = missing_from(client, package, wrapper_imports)
            print(f"\nwrapper imports the client lacks: {', '.join(missing) or 'none'}")
            passed, output = run_wrapper_tests(package)
            tail = output.strip().splitlines()[-1] if output.strip() else ""
            print(f"wrapper tests: {'PASS' if passed else 'FAIL'} ({tail})")
            failures += not passed
            previous = (result, client)
    print(f"\n{len(sources)} versions built; wrapper tests failed on {failures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
