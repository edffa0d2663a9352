"""Recorded traffic checked offline: a HAR file against the spec and the suite's checks.

`xmedia contract --from-har FILE` (or `check_har(path)`) reads a HAR 1.2 recording (browser
devtools "Save all as HAR", mitmproxy's `--set hardump=FILE`, Charles, ...), matches each exchange
to an operation of the spec, and validates the recorded answer with the same checks a live run
uses: Schemathesis' response checks (status, content type, headers, schema, no 5xx) and the
custom ones. Exchanges are checked in the recorded order with one memory, so checks that compare
an answer with earlier ones (rate-limit windows, media keys, sizes, processing states) work across
the recording; a reset time is judged against the moment the exchange was recorded.

Nothing is sent. The report quotes no secret of the recording: see `xmedia_contract.redaction`.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from xmedia_contract import checks, target
from xmedia_contract.redaction import Redactor

# Response checks that judge the recorded answer alone. The others (ignored_auth, negative data,
# unsupported methods, use-after-free, ...) send requests of their own: not offline.
OFFLINE_BUILTIN_CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)

# Exit codes, as for a contract run (pytest's): 0 every recorded answer conforms, 1 some does not,
# 2 the file cannot be used, 5 no exchange of the file is an operation of the spec.
EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE, EXIT_NOTHING_CHECKED = 0, 1, 2, 5


class HarError(ValueError):
    """The file is not a HAR recording this can read; the message says what is wrong."""


@dataclass(frozen=True)
class RecordedExchange:
    """One request and its answer, as the recording holds them."""

    index: int
    started_at: float | None
    method: str
    url: str
    request_headers: tuple[tuple[str, str], ...]
    request_mime_type: str | None
    request_text: str | None
    request_params: tuple[tuple[str, str], ...]
    status: int
    response_headers: tuple[tuple[str, str], ...]
    response_body: bytes


@dataclass(frozen=True)
class CheckFailure:
    check: str
    message: str


@dataclass
class ExchangeResult:
    exchange: RecordedExchange
    operation: str | None
    failures: list[CheckFailure] = field(default_factory=list)

    @property
    def checked(self) -> bool:
        return self.operation is not None


@dataclass
class HarReport:
    source: str
    results: list[ExchangeResult]
    redactor: Redactor

    @property
    def checked(self) -> list[ExchangeResult]:
        return [result for result in self.results if result.checked]

    @property
    def failed(self) -> list[ExchangeResult]:
        return [result for result in self.results if result.failures]

    @property
    def exit_code(self) -> int:
        if not self.checked:
            return EXIT_NOTHING_CHECKED
        return EXIT_FAILED if self.failed else EXIT_OK

    def render(self) -> str:
        """The human report, every line redacted."""
        lines = [f"xmedia contract --from-har {self.source}"]
        for result in self.results:
            exchange = result.exchange
            head = f"#{exchange.index + 1} {exchange.method} {exchange.url} -> {exchange.status}"
            if result.operation is None:
                lines.append(f"{head}: not an operation of the spec (skipped)")
            elif not result.failures:
                lines.append(f"{head}: ok ({result.operation})")
            else:
                lines.append(f"{head}: FAILED ({result.operation})")
                for failure in result.failures:
                    message = " ".join(failure.message.split())
                    lines.append(f"    {failure.check}: {message[:600]}")
        summary = (
            f"{len(self.checked)} exchange(s) checked, {len(self.failed)} failed, "
            f"{len(self.results) - len(self.checked)} not in the spec"
        )
        if not self.checked:
            summary += ": nothing was checked (no recorded URL is an operation of the spec)"
        lines.append(summary)
        return self.redactor.redact("\n".join(lines)) + "\n"

    def as_json(self) -> str:
        """One JSON document (redacted) for tools: per exchange, the checks that failed."""
        document = {
            "source": self.source,
            "exit_code": self.exit_code,
            "exchanges": [
                {
                    "index": result.exchange.index,
                    "method": result.exchange.method,
                    "url": result.exchange.url,
                    "status": result.exchange.status,
                    "operation": result.operation,
                    "failures": [{"check": f.check, "message": f.message} for f in result.failures],
                }
                for result in self.results
            ],
        }
        return self.redactor.redact(json.dumps(document, indent=2)) + "\n"


# ---------------------------------------------------------------------------------------------
# Reading HAR.


def _pairs(items: object, where: str) -> tuple[tuple[str, str], ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise HarError(f"{where} is not a list")
    pairs = []
    for item in items:
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
            raise HarError(f"{where} has an item without a `name`")
        value = item.get("value", "")
        pairs.append((str(item["name"]), "" if value is None else str(value)))
    return tuple(pairs)


def _started_at(entry: Mapping[str, Any]) -> float | None:
    raw = entry.get("startedDateTime")
    if not isinstance(raw, str):
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _response_body(content: object, where: str) -> bytes:
    if not isinstance(content, Mapping):
        return b""
    text = content.get("text")
    if not isinstance(text, str):
        return b""
    if content.get("encoding") == "base64":
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise HarError(f"{where}: content.text is not valid base64") from None
    return text.encode("utf-8")


def _exchange(index: int, entry: object) -> RecordedExchange:
    where = f"log.entries[{index}]"
    if not isinstance(entry, Mapping):
        raise HarError(f"{where} is not an object")
    request, response = entry.get("request"), entry.get("response")
    if not isinstance(request, Mapping) or not isinstance(response, Mapping):
        raise HarError(f"{where} lacks a `request` or a `response` object")
    method, url = request.get("method"), request.get("url")
    if not isinstance(method, str) or not isinstance(url, str) or not urlsplit(url).path:
        raise HarError(f"{where}.request needs a `method` and an absolute `url`")
    status = response.get("status")
    if not isinstance(status, int) or isinstance(status, bool):
        raise HarError(f"{where}.response.status is not an integer")
    post = request.get("postData") if isinstance(request.get("postData"), Mapping) else {}
    assert isinstance(post, Mapping)
    text = post.get("text")
    mime = post.get("mimeType")
    return RecordedExchange(
        index=index,
        started_at=_started_at(entry),
        method=method.upper(),
        url=url,
        request_headers=_pairs(request.get("headers"), f"{where}.request.headers"),
        request_mime_type=mime if isinstance(mime, str) and mime else None,
        request_text=text if isinstance(text, str) else None,
        request_params=_pairs(post.get("params"), f"{where}.request.postData.params"),
        status=status,
        response_headers=_pairs(response.get("headers"), f"{where}.response.headers"),
        response_body=_response_body(response.get("content"), f"{where}.response.content"),
    )


def read_har(path: str | Path) -> list[RecordedExchange]:
    """The exchanges of a HAR file, in recorded order. Raises HarError naming what is wrong."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise HarError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise HarError(f"{path} is not JSON ({exc}); export the recording as HAR") from None
    log = document.get("log") if isinstance(document, Mapping) else None
    entries = log.get("entries") if isinstance(log, Mapping) else None
    if not isinstance(entries, list):
        raise HarError(f"{path} has no log.entries list: not a HAR file")
    return [_exchange(index, entry) for index, entry in enumerate(entries)]


# ---------------------------------------------------------------------------------------------
# Checking.


def _redactor_for(exchanges: Sequence[RecordedExchange]) -> Redactor:
    redactor = Redactor()
    for exchange in exchanges:
        redactor.add_headers(exchange.request_headers)
        redactor.add_headers(exchange.response_headers)
        redactor.add_url(exchange.url)
        redactor.add_pairs(exchange.request_params)
        redactor.add_body(exchange.request_text)
        redactor.add_body(exchange.response_body.decode("utf-8", "replace"))
    return redactor


def _header(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def _request_body(exchange: RecordedExchange) -> tuple[Any, str | None]:
    mime = exchange.request_mime_type or _header(exchange.request_headers, "content-type")
    media_type = mime.split(";", 1)[0].strip().lower() if mime else None
    if media_type == "application/json" and exchange.request_text:
        try:
            return json.loads(exchange.request_text), media_type
        except ValueError:
            return exchange.request_text, media_type
    if media_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        if exchange.request_params:
            return dict(exchange.request_params), media_type
        if exchange.request_text and media_type.endswith("urlencoded"):
            return dict(parse_qsl(exchange.request_text, keep_blank_values=True)), media_type
        return {}, media_type
    if exchange.request_text:
        return exchange.request_text, media_type
    return None, media_type


def _failures(exc: BaseException) -> Iterator[CheckFailure]:
    from schemathesis.core.failures import Failure

    from xmedia_contract.plugin import failed_checks, walk_failures

    for item in walk_failures(exc):
        if isinstance(item, Failure):
            names = sorted(failed_checks(item)) or ["unknown"]
            custom = item.title.startswith("Custom check failed")
            text = item.message if custom else f"{item.title}: {item.message}"
            yield CheckFailure(", ".join(names), text.strip(": "))


def check_exchange(
    schema: Any, exchange: RecordedExchange, check_functions: list[Any]
) -> ExchangeResult:
    import requests
    from schemathesis import Response
    from schemathesis.core.failures import FailureGroup

    parts = urlsplit(exchange.url)
    operation = schema.find_operation_by_path(exchange.method, parts.path)
    if operation is None:
        return ExchangeResult(exchange, None)
    path_parameters = _path_parameters(operation.path, parts.path)
    body, media_type = _request_body(exchange)
    case_kwargs: dict[str, Any] = {
        "path_parameters": path_parameters,
        "query": dict(parse_qsl(parts.query, keep_blank_values=True)),
        "headers": {
            name: value for name, value in exchange.request_headers if not name.startswith(":")
        },
    }
    if body is not None:
        case_kwargs["body"] = body
        case_kwargs["media_type"] = media_type
    result = ExchangeResult(exchange, operation.label)
    try:
        case = operation.Case(**case_kwargs)
    except Exception as exc:  # a request the operation cannot describe is itself a finding
        result.failures.append(
            CheckFailure("request", f"not a request of {operation.label}: {exc}")
        )
        return result
    headers: dict[str, list[str]] = {}
    for name, value in exchange.response_headers:
        if not name.startswith(":"):
            headers.setdefault(name.lower(), []).append(value)
    request = requests.Request(
        exchange.method,
        urlunsplit(parts),
        headers={k: v for k, v in exchange.request_headers if not k.startswith(":")},
    ).prepare()
    response = Response(exchange.status, headers, exchange.response_body, request, 0.0, True)
    with checks.recorded_at(exchange.started_at):
        try:
            case.validate_response(response, checks=check_functions)
        except (AssertionError, FailureGroup) as exc:
            result.failures.extend(_failures(exc))
    return result


def _path_parameters(template: str, path: str) -> dict[str, str]:
    from urllib.parse import unquote

    names = template.strip("/").split("/")
    values = path.strip("/").split("/")
    return {
        name[1:-1]: unquote(value)
        for name, value in zip(names, values, strict=False)
        if name.startswith("{") and name.endswith("}")
    }


def offline_checks() -> list[Any]:
    """The checks that judge a recorded answer alone: offline built-ins and every custom one."""
    from schemathesis.checks import CHECKS, load_all_checks

    load_all_checks()
    return [*CHECKS.get_by_names(list(OFFLINE_BUILTIN_CHECKS)), *checks.CUSTOM_CHECKS]


def check_har(path: str | Path, *, spec_path: Path | None = None) -> HarReport:
    """Validate every exchange of a HAR file; raises HarError when the file cannot be used."""
    exchanges = read_har(path)
    redactor = _redactor_for(exchanges)
    settings = target.ContractSettings()
    if spec_path is not None:
        settings = dataclasses.replace(settings, spec_path=spec_path)
    schema = target.load_schema(settings, "positive", include_writes=True)
    functions = offline_checks()
    checks.reset_history()
    try:
        results = [check_exchange(schema, exchange, functions) for exchange in exchanges]
    finally:
        checks.reset_history()
    return HarReport(str(path), results, redactor)


def run_har(path: str | Path, *, out: IO[str], json_report: str | None = None) -> int:
    """`xmedia contract --from-har`: print the (redacted) report, return the exit code."""
    try:
        report = check_har(path)
    except HarError as exc:
        out.write(f"xmedia contract: error: {exc}\n")
        return EXIT_UNUSABLE
    out.write(report.render())
    if json_report is not None:
        Path(json_report).write_text(report.as_json(), encoding="utf-8")
    return report.exit_code
