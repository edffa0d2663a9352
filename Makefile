# xmedia — every target sets itself up: a fresh machine needs only python3.11 and make.
#
#   make demo    start the embedded mock, upload a sample video with a progress bar, print the media key
#   make test    every check CI runs (drift, lint, types, unit, contract, short soak)
#
# Tools come from uv.lock through uv, itself pinned below; nothing is installed by hand.

PYTHON      ?= python3.11
UV_VERSION  := 0.13.9
TOOLS       := .tools
UV          := $(TOOLS)/bin/uv
VENV        := .venv
PY          := $(VENV)/bin/python
STAMP       := $(VENV)/.synced

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup spec check-spec update-spec spec-history generate check-generated lint typecheck unit test mock mock-ingest-rate demo contract contract-deep soak bad-inputs-doc bench
.PHONY: fmt clean bench-render

setup: $(STAMP)

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Re-sync only when the lock or the project metadata changed. Bytecode is compiled at install, as
# pip does for users: where PYTHONDONTWRITEBYTECODE is set (this CI's machines), nothing would
# ever cache it and every process would compile every module it imports again (xmedia's start-up
# 2.5x slower). The project's own sources (installed editable) are compiled alongside.
$(STAMP): $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --all-extras --compile-bytecode --python $(PYTHON)
	$(PY) -m compileall -q -j 0 wrapper generated spec/xmedia_limits contract_tests > /dev/null
	@touch $(STAMP)

# spec/official (X's whole document, /2/media* part) + spec/x-media.overlay.yaml → spec/x-media.openapi.yaml.
spec: setup
	$(PY) scripts/build_spec.py

# Rebuild in memory; fail with a diff if spec/ differs, or if an overlay action no longer applies.
check-spec: setup
	$(PY) scripts/build_spec.py --check

# Take a new official X document: overlay report, X's changes, client changelog, the wrapper's tests.
update-spec: setup
	@test -n "$(SOURCE)" || { echo "usage: make update-spec SOURCE=path/to/openapi.json[.gz]"; exit 2; }
	$(PY) scripts/update_spec.py "$(SOURCE)" $(UPDATE_SPEC_ARGS)

# The long variant: every stored official version in turn, dry run, with the wrapper's tests (~3 min).
spec-history: setup
	$(PY) scripts/spec_history.py

# spec/ → build/client-spec.yaml → generated/xmedia_generated (openapi-python-client, pinned).
generate: setup
	$(PY) scripts/generate.py

# Regenerate into a temporary directory; fail with a diff if generated/ differs from it.
check-generated: setup
	$(PY) scripts/generate.py --check

PY_DIRS := wrapper spec/xmedia_limits contract_tests scripts tests bench conftest.py

# Style, then the layering contracts of docs/architecture.md (.importlinter).
lint: setup
	$(VENV)/bin/ruff check $(PY_DIRS)
	$(VENV)/bin/ruff format --check $(PY_DIRS)
	$(VENV)/bin/lint-imports

# Rewrite what `make lint` would complain about and ruff can fix by itself.
fmt: setup
	$(VENV)/bin/ruff check --fix $(PY_DIRS)
	$(VENV)/bin/ruff format $(PY_DIRS)

# --strict on the packages; tests, scripts and bench too (tests may leave functions unannotated).
typecheck: setup
	$(VENV)/bin/mypy wrapper/xmedia spec/xmedia_limits generated/xmedia_generated contract_tests/xmedia_mock contract_tests/xmedia_contract tests scripts bench conftest.py

# tests/ on both cores (pytest-xdist, a file per worker); contract_tests/ in one process: under
# xdist Schemathesis' per-operation tests collapse into one item each and do less (test_operations.py:
# 2 results instead of 22, 14 s instead of 35 s). Both in random order; the seed is printed at the end.
unit: setup
	$(PY) -m pytest -q -n 2 --dist loadfile tests $(PYTEST_ARGS)
	$(PY) -m pytest -q contract_tests $(PYTEST_ARGS)

test: check-spec check-generated lint typecheck unit

# The bundled mock as a real server (credentials and options: contract_tests/xmedia_mock/README.md).
mock: setup
	$(VENV)/bin/xmedia-mock --host 127.0.0.1 --port 8000

# The mock's own ingest rate over loopback (it must never be the bottleneck of a benchmark).
mock-ingest-rate: setup
	$(PY) scripts/mock_ingest_rate.py

# Start the embedded mock, write a sample MP4, upload it with `xmedia upload` (progress bar), print the media key.
demo: setup
	$(PY) scripts/demo.py

# The contract suite against the in-process mock (also part of `make test`); see docs/contract-tests.md.
contract: setup
	$(PY) -m pytest contract_tests -q

# A long run: 400 examples per operation and phase (meta-tests excluded).
contract-deep: setup
	$(PY) -m pytest contract_tests -q -m "not meta" --examples 400

# 200 uploads (0-64 MiB, ~15 % injected faults of every kind) + 20 SIGKILL/--resume runs of the real CLI.
soak: setup
	$(PY) scripts/soak.py

# Regenerate docs/bad-inputs.md from tests/reliability/bad_inputs.py (a test checks it is current).
bad-inputs-doc: setup
	$(PY) scripts/gen_bad_input_table.py

# Benchmarks against a raw-httpx baseline and the xdk peer, mock over loopback (~5 min on 2 cores; not part of
# `make test`, whose tests/bench smoke run covers every piece). Rewrites BENCHMARKS.md, docs/benchmarks.png,
# bench/results.json. BENCH_ARGS="--peer-max-mib 1024" adds xdk at 1 GiB.
bench: setup
	$(PY) -m bench.run $(BENCH_ARGS)

# BENCHMARKS.md and the plot again from bench/results.json, without measuring (after a template edit).
bench-render: setup
	$(PY) -m bench.run --render bench/results.json

# Everything the targets write except the tool set-up (.tools, .venv): `make setup` keeps those.
clean:
	rm -rf build dist .mypy_cache .ruff_cache .pytest_cache .hypothesis .import_linter_cache .grimp_cache
	find . -path ./.venv -prune -o -path ./.tools -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
