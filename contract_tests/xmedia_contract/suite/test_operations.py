"""Every operation in spec/, positive and negative, through Schemathesis + our custom checks.

Positive: schema-valid requests → the answer (any documented status) conforms in status, headers,
content type and body, and errors are conforming RFC 7807 problems.
Negative: schema-breaking requests → a 4xx problem that conforms, never a 5xx, never accepted.

The schemas are loaded at module level (from_fixture crashes under pytest 9); the run's target
comes from xmedia_contract.target, which the plugin configured before this module is imported.
"""

from __future__ import annotations

from typing import Any

from xmedia_contract import target

SETTINGS = target.active()
# One fresh mock per module: its own ids, rate-limit buckets and clock.
MOCK = target.build_mock(SETTINGS.planted_defect) if SETTINGS.in_process else None
APP = MOCK.app if MOCK is not None else None

positive_schema = target.load_schema(SETTINGS, "positive", app=APP, filtered=True)
negative_schema = target.load_schema(SETTINGS, "negative", app=APP, filtered=True)
CALL_KWARGS = target.call_kwargs(SETTINGS)


@positive_schema.parametrize()
@target.hypothesis_settings(SETTINGS)
def test_positive(case: Any) -> None:
    case.call_and_validate(**CALL_KWARGS)


@negative_schema.parametrize()
@target.hypothesis_settings(SETTINGS)
def test_negative(case: Any) -> None:
    case.call_and_validate(**CALL_KWARGS)
