"""`xmedia contract --from-har`: recorded exchanges checked offline, with nothing secret reported.

The recordings in data/ are written by hand (HAR 1.2, as browser devtools and mitmproxy save it):
x-variations.har holds what X is reported to send across versions, and every exchange must pass;
x-defects.har holds answers that break the contract, each marked `expect: <check>` in its
`comment`, and exactly those must fail, each reported by the check it names.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from xmedia_contract import har
from xmedia_contract.redaction import FRAGMENT, Redactor

pytestmark = pytest.mark.meta

DATA = Path(__file__).resolve().parent / "data"
VARIATIONS = DATA / "x-variations.har"
DEFECTS = DATA / "x-defects.har"
# Every secret the recordings carry, in headers, query strings, forms and bodies.
SECRETS = (
    "xsecret-bearer-AAAA1111bbbb2222",
    "xsecret-consumer-5d1c",
    "xsecret-sig%3D%3D",
    "1-xsecret-access-9e8f",
    "xsecret-refresh-77aa66bb",
    "xsecret-new-access-5544ccdd",
    "xsecret-refresh-next-3322eeff",
    "xsecret-query-token-9911",
)


def _expected_failures(path: Path) -> dict[int, str]:
    entries = json.loads(path.read_text())["log"]["entries"]
    expected = {}
    for index, entry in enumerate(entries):
        match = re.match(r"expect: ([a-z_]+)", entry.get("comment", ""))
        if match:
            expected[index] = match.group(1)
    return expected


def _leaks(text: str) -> list[str]:
    """Each secret, or any 8-character piece of one, found in the text."""
    return [
        secret[i : i + FRAGMENT]
        for secret in SECRETS
        for i in range(len(secret) - FRAGMENT + 1)
        if secret[i : i + FRAGMENT] in text
    ]


def test_what_x_sent_across_versions_passes() -> None:
    report = har.check_har(VARIATIONS)
    failed = {result.exchange.index: result.failures for result in report.failed}
    assert failed == {}, report.render()
    skipped = [r.exchange.url for r in report.results if not r.checked]
    assert [url.split("?")[0] for url in skipped] == [
        "https://api.x.com/2/oauth2/token",
        "https://abs.twimg.com/responsive-web/client.js",
    ]
    assert len(report.checked) == 11 and report.exit_code == har.EXIT_OK


def test_each_broken_answer_fails_by_the_check_it_breaks() -> None:
    report = har.check_har(DEFECTS)
    expected = _expected_failures(DEFECTS)
    assert len(expected) == 8
    failed = {
        result.exchange.index: {name for f in result.failures for name in f.check.split(", ")}
        for result in report.failed
    }
    assert set(failed) == set(expected), report.render()
    for index, check in expected.items():
        assert check in failed[index], (index, failed[index], report.render())
    assert report.exit_code == har.EXIT_FAILED


@pytest.mark.parametrize("path", [VARIATIONS, DEFECTS], ids=["variations", "defects"])
def test_reports_name_no_secret(path: Path, tmp_path: Path) -> None:
    assert SECRETS[0] in path.read_text()  # each recording carries credentials
    report = har.check_har(path)
    assert _leaks(report.render()) == []
    assert _leaks(report.as_json()) == []


def test_the_command_prints_a_redacted_report_and_exits_with_its_code(tmp_path: Path) -> None:
    from io import StringIO

    out = StringIO()
    json_report = tmp_path / "report.json"
    code = har.run_har(DEFECTS, out=out, json_report=str(json_report))
    assert code == har.EXIT_FAILED
    text = out.getvalue()
    assert "FAILED" in text and "media_agrees_with_upload" in text
    assert _leaks(text + json_report.read_text()) == []
    document = json.loads(json_report.read_text())
    assert document["exit_code"] == har.EXIT_FAILED
    assert {e["index"] for e in document["exchanges"] if e["failures"]} == set(
        _expected_failures(DEFECTS)
    )


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        (b"not json at all", "is not JSON"),
        (b'{"log": {"version": "1.2"}}', "no log.entries"),
        (b'{"log": {"entries": [{"request": {}}]}}', "lacks a `request` or a `response`"),
        (
            b'{"log": {"entries": [{"request": {"method": "GET"}, "response": {"status": 200}}]}}',
            "needs a `method` and an absolute `url`",
        ),
    ],
)
def test_unusable_files_are_refused_with_a_reason(
    content: bytes, complaint: str, tmp_path: Path
) -> None:
    from io import StringIO

    path = tmp_path / "broken.har"
    path.write_bytes(content)
    out = StringIO()
    assert har.run_har(path, out=out) == har.EXIT_UNUSABLE
    assert complaint in out.getvalue() and "Traceback" not in out.getvalue()


def test_a_recording_without_any_operation_of_the_spec_checks_nothing_and_says_so(
    tmp_path: Path,
) -> None:
    entries: list[dict[str, Any]] = [
        {
            "startedDateTime": "2026-11-30T10:00:00.000Z",
            "request": {"method": "GET", "url": "https://example.com/", "headers": []},
            "response": {"status": 200, "headers": [], "content": {"text": "hi"}},
        }
    ]
    path = tmp_path / "elsewhere.har"
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}))
    report = har.check_har(path)
    assert report.exit_code == har.EXIT_NOTHING_CHECKED
    assert "nothing was checked" in report.render()


def test_redactor_scrubs_collected_secrets_their_pieces_and_unknown_credentials() -> None:
    redactor = Redactor()
    redactor.add_headers([("Authorization", "Bearer tok-123456789abcdef")])
    redactor.add_url("https://api.x.com/2/media?oauth_token=qwertyuiop1234&x=1")
    redactor.add_body('{"data": {"refresh_token": "rrrrrrrr-ssssssss"}}')
    text = (
        "sent Bearer tok-123456789abcdef; truncated: 456789abcd...; "
        "query oauth_token=qwertyuiop1234; body rrrrrrrr-ssssssss; "
        'other: Authorization: Bearer never-collected-xyz, oauth_signature="abc%3D", '
        '"access_token": "also-never-collected"'
    )
    scrubbed = redactor.redact(text)
    for secret in (
        "tok-123456789abcdef",
        "456789abcd",
        "qwertyuiop1234",
        "rrrrrrrr-ssssssss",
        "never-collected-xyz",
        "abc%3D",
        "also-never-collected",
    ):
        assert secret not in scrubbed, (secret, scrubbed)
    # What is not secret stays readable.
    assert scrubbed.startswith("sent ") and "query oauth_token=" in scrubbed and "body " in scrubbed


def _xmedia(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        # The `xmedia` console script's entry point, with this interpreter.
        [sys.executable, "-c", "from xmedia.cli import main; main()", "contract", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_xmedia_contract_from_har_as_a_user_runs_it() -> None:
    failed = _xmedia("--from-har", str(DEFECTS))
    assert failed.returncode == har.EXIT_FAILED, failed.stderr[-2000:]
    assert "8 failed" in failed.stdout and "Traceback" not in failed.stdout + failed.stderr
    assert _leaks(failed.stdout + failed.stderr) == []


def test_xmedia_contract_from_har_refuses_options_that_send_requests() -> None:
    mixed = _xmedia("--from-har", str(VARIATIONS), "--target", "https://api.x.com")
    assert mixed.returncode == 2 and "sends nothing" in mixed.stderr


def test_a_missing_recording_is_named(tmp_path: Path) -> None:
    from io import StringIO

    out = StringIO()
    assert har.run_har(tmp_path / "nowhere.har", out=out) == har.EXIT_UNUSABLE
    assert "cannot read" in out.getvalue() and "nowhere.har" in out.getvalue()
