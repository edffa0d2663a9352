"""Planted spec violations: an ASGI middleware that breaks a correct server's answers on purpose.

The contract suite is only worth something if it fails on a broken server. Wrapping the mock in
`PlantedDefects(app, "<name>")` makes it violate the contract in exactly one way; the meta-test
(`xmedia_contract/suite/test_planted_defects.py`) runs the suite against each and asserts that the
checks listed in `DEFECTS[name].caught_by` report it. The mock itself is never changed.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass
class Exchange:
    """One buffered response the defect may rewrite before it leaves the middleware."""

    method: str
    path: str
    query: str
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    memory: dict[str, Any] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        wanted = name.lower().encode()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value.decode("latin-1")
        return None

    def set_header(self, name: str, value: str | None) -> None:
        wanted = name.lower().encode()
        self.headers = [(k, v) for k, v in self.headers if k.lower() != wanted]
        if value is not None:
            self.headers.append((wanted, value.encode("latin-1")))

    def json(self) -> Any:
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None

    def set_json(self, document: Any) -> None:
        self.body = json.dumps(document).encode()

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/2/")

    @property
    def is_problem(self) -> bool:
        return self.is_api and self.status >= 400 and isinstance(self.json(), dict)


Rewrite = Callable[[Exchange], None]


@dataclass(frozen=True)
class Defect:
    description: str
    rewrite: Rewrite
    # Checks any of which must report the defect (Schemathesis built-ins or ours).
    caught_by: frozenset[str]
    # The suite's tests whose requests reach the defect (node ids under xmedia_contract/suite);
    # the meta-test runs just these, which keeps it fast.
    exposed_by: tuple[str, ...]
    # Optionally changes the request before the server sees it (for defects of the server's
    # input handling, such as ignoring missing credentials).
    rewrite_request: Callable[[Scope], None] | None = None
    # The custom check this defect proves: it must be among the reporters, whatever built-in
    # check reports the defect too (a disabled or unregistered custom check then fails the proof).
    proves: str | None = None
    # The defect is schema-valid and agrees with every other rule: `proves` alone may report it.
    alone: bool = False

    def __post_init__(self) -> None:
        if self.proves is not None and self.proves not in self.caught_by:
            raise ValueError(f"{self.proves} proves a defect it is not listed as catching")


def _wrong_status_code(exchange: Exchange) -> None:
    # A successful initialize answered 201, a status the spec never documents for it.
    if exchange.path == "/2/media/upload/initialize" and exchange.status == 200:
        exchange.status = 201


def _missing_required_field(exchange: Exchange) -> None:
    # `data.id` is required in every upload response; drop it.
    body = exchange.json()
    if exchange.is_api and exchange.status == 200 and isinstance(body, dict):
        data = body.get("data")
        if isinstance(data, dict) and "id" in data and "upload" in exchange.path:
            del data["id"]
            exchange.set_json(body)


def _wrong_problem_type(exchange: Exchange) -> None:
    # Validation failures re-labelled as "not found".
    body = exchange.json()
    if exchange.is_problem and exchange.status == 400 and isinstance(body, dict):
        body["type"] = "https://api.x.com/2/problems/resource-not-found"
        body.setdefault("resource_type", "media")
        exchange.set_json(body)


def _missing_rate_limit_header(exchange: Exchange) -> None:
    if exchange.is_api:
        exchange.set_header("x-rate-limit-remaining", None)


def _wrong_content_type(exchange: Exchange) -> None:
    # Problems served as text/plain: neither documented nor a problem document.
    if exchange.is_problem:
        exchange.set_header("content-type", "text/plain; charset=utf-8")


def _server_error_on_bad_input(exchange: Exchange) -> None:
    if exchange.is_problem and exchange.status == 400:
        exchange.status = 500
        exchange.set_json(
            {
                "type": "about:blank",
                "title": "Internal Server Error",
                "status": 500,
                "detail": "planted: crashed on bad input",
            }
        )


def _relative_problem_type(exchange: Exchange) -> None:
    body = exchange.json()
    if exchange.is_problem and isinstance(body, dict) and body.get("type") != "about:blank":
        body["type"] = "invalid-request"
        exchange.set_json(body)


def _problem_status_mismatch(exchange: Exchange) -> None:
    body = exchange.json()
    if exchange.is_problem and isinstance(body, dict):
        body["status"] = 418 if exchange.status != 418 else 400
        exchange.set_json(body)


def _malformed_errors(exchange: Exchange) -> None:
    body = exchange.json()
    if exchange.is_problem and isinstance(body, dict) and isinstance(body.get("errors"), list):
        body["errors"] = [{"parameters": {"segment_index": 3}}]
        exchange.set_json(body)


def _rate_limit_reset_in_past(exchange: Exchange) -> None:
    if exchange.is_api and exchange.header("x-rate-limit-reset") is not None:
        exchange.set_header("x-rate-limit-reset", "1000000000")


def _media_key_prefix_swapped(exchange: Exchange) -> None:
    # Images get a video key and everything else an image key.
    body = exchange.json()
    if not (exchange.is_api and exchange.status == 200 and isinstance(body, dict)):
        return
    data = body.get("data")
    if isinstance(data, dict) and isinstance(data.get("media_key"), str):
        prefix, _, rest = data["media_key"].partition("_")
        data["media_key"] = ("7_" if prefix == "3" else "3_") + rest
        exchange.set_json(body)


def _expiry_not_positive(exchange: Exchange) -> None:
    body = exchange.json()
    if not (exchange.is_api and exchange.status == 200 and isinstance(body, dict)):
        return
    data = body.get("data")
    if isinstance(data, dict) and "expires_after_secs" in data:
        data["expires_after_secs"] = 0
        exchange.set_json(body)


def _processing_goes_back(exchange: Exchange) -> None:
    # The first processing_info of each media claims "succeeded"; later real states then regress.
    body = exchange.json()
    if not (exchange.is_api and exchange.status == 200 and isinstance(body, dict)):
        return
    data = body.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("processing_info"), dict):
        return
    seen: set[str] = exchange.memory.setdefault("processing_seen", set())
    media_id = str(data.get("id"))
    if media_id not in seen:
        seen.add(media_id)
        data["processing_info"] = {"state": "succeeded", "progress_percent": 100}
        exchange.set_json(body)


def _upload_data(exchange: Exchange) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The body and `data` of a 200 upload answer (FINALIZE, STATUS, command style), or None."""
    body = exchange.json()
    if not (exchange.is_api and exchange.status == 200 and isinstance(body, dict)):
        return None
    if not exchange.path.startswith("/2/media/upload"):
        return None
    data = body.get("data")
    return (body, data) if isinstance(data, dict) else None


def _is_finalize_or_status(exchange: Exchange) -> bool:
    return exchange.path.endswith("/finalize") or (
        exchange.method == "GET" and exchange.path == "/2/media/upload"
    )


def _wrong_media_answered(exchange: Exchange) -> None:
    # FINALIZE and STATUS describe another media (with a media key that fits that other id).
    found = _upload_data(exchange)
    if found is None or not _is_finalize_or_status(exchange):
        return
    body, data = found
    if isinstance(data.get("id"), str) and isinstance(data.get("media_key"), str):
        other = str(int(data["id"]) + 7_000_000)
        data["id"] = other
        data["media_key"] = data["media_key"].split("_", 1)[0] + "_" + other
        exchange.set_json(body)


def _size_disagrees(exchange: Exchange) -> None:
    # FINALIZE and STATUS report one byte more than initialize declared (and was sent).
    found = _upload_data(exchange)
    if found is None or not isinstance(found[1].get("size"), int):
        return
    body, data = found
    data["size"] += 1
    exchange.set_json(body)


def _status_forgets_processing(exchange: Exchange) -> None:
    # STATUS drops the processing_info FINALIZE reported (as if the media needed none).
    found = _upload_data(exchange)
    if found is None or exchange.method != "GET":
        return
    body, data = found
    if data.pop("processing_info", None) is not None:
        exchange.set_json(body)


def _keep_responses(exchange: Exchange) -> None:
    """The defect lives on the request side; answers pass unchanged."""


def _authenticate_everyone(scope: Scope) -> None:
    # A server that treats a request without credentials as the default user.
    headers = list(scope.get("headers", []))
    if not any(name.lower() == b"authorization" for name, _ in headers):
        headers.append((b"authorization", b"Bearer mock-user-token"))
        scope["headers"] = headers


DEFECTS: Mapping[str, Defect] = {
    # The six the issue names.
    "wrong-status-code": Defect(
        "initialize answers 201 instead of 200",
        _wrong_status_code,
        frozenset({"status_code_conformance", "response_schema_conformance"}),
        ("test_upload_flows.py::test_chunked_upload_succeeds_and_conforms",),
    ),
    "missing-required-field": Defect(
        "upload responses lose the required data.id",
        _missing_required_field,
        frozenset({"response_schema_conformance"}),
        ("test_upload_flows.py::test_chunked_upload_succeeds_and_conforms",),
    ),
    "wrong-problem-type": Defect(
        "400 invalid-request problems are typed resource-not-found",
        _wrong_problem_type,
        frozenset({"problem_type_title_status"}),
        ("test_operations.py::test_negative",),
        proves="problem_type_title_status",
    ),
    "missing-rate-limit-header": Defect(
        "x-rate-limit-remaining is never sent",
        _missing_rate_limit_header,
        frozenset({"rate_limit_headers", "response_headers_conformance"}),
        ("test_upload_flows.py::test_chunked_upload_succeeds_and_conforms",),
        proves="rate_limit_headers",
    ),
    "wrong-content-type": Defect(
        "problems are served as text/plain",
        _wrong_content_type,
        frozenset({"content_type_conformance", "problem_content_type"}),
        ("test_operations.py::test_negative",),
        proves="problem_content_type",
    ),
    "server-error-on-bad-input": Defect(
        "requests rejected with 400 get a 500 instead",
        _server_error_on_bad_input,
        frozenset({"not_a_server_error"}),
        ("test_operations.py::test_negative",),
    ),
    # One more per custom check, so each of ours is shown to bite.
    "relative-problem-type": Defect(
        "problem `type` is a bare word, not a URI",
        _relative_problem_type,
        frozenset({"problem_type_title_status"}),
        ("test_operations.py::test_negative",),
        proves="problem_type_title_status",
    ),
    "problem-status-mismatch": Defect(
        "the problem's `status` member disagrees with the HTTP status",
        _problem_status_mismatch,
        frozenset({"problem_type_title_status"}),
        ("test_operations.py::test_negative",),
        proves="problem_type_title_status",
    ),
    "malformed-errors": Defect(
        "errors[] items lose `message` and carry non-list parameters",
        _malformed_errors,
        frozenset({"problem_errors_conform", "response_schema_conformance"}),
        ("test_operations.py::test_negative",),
        proves="problem_errors_conform",
    ),
    "rate-limit-reset-in-past": Defect(
        "x-rate-limit-reset points to 2001",
        _rate_limit_reset_in_past,
        frozenset({"rate_limit_headers"}),
        ("test_upload_flows.py::test_chunked_upload_succeeds_and_conforms",),
        proves="rate_limit_headers",
    ),
    "media-key-prefix-swapped": Defect(
        "image media keys start 7_ and others 3_",
        _media_key_prefix_swapped,
        frozenset({"media_key_matches_category"}),
        ("test_upload_flows.py::test_chunked_upload_succeeds_and_conforms",),
        proves="media_key_matches_category",
    ),
    "expiry-not-positive": Defect(
        "expires_after_secs is 0",
        _expiry_not_positive,
        frozenset({"expires_after_secs_positive"}),
        ("test_upload_flows.py::test_chunked_upload_succeeds_and_conforms",),
        proves="expires_after_secs_positive",
    ),
    "auth-not-enforced": Defect(
        "requests without credentials are served as user 1",
        _keep_responses,
        frozenset({"ignored_auth"}),
        ("test_operations.py::test_positive",),
        rewrite_request=_authenticate_everyone,
    ),
    "processing-goes-back": Defect(
        "processing claims succeeded first, then reports the real earlier states",
        _processing_goes_back,
        frozenset({"processing_moves_forward"}),
        ("test_upload_flows.py::test_chunked_upload_succeeds_and_conforms",),
        proves="processing_moves_forward",
    ),
    # Answers that contradict the request or earlier answers, each schema-valid and otherwise
    # coherent, so the one check that compares them is the only one that can tell.
    "wrong-media-answered": Defect(
        "FINALIZE and STATUS describe another media than the one asked about",
        _wrong_media_answered,
        frozenset({"answers_the_resource_requested"}),
        ("test_upload_flows.py::test_chunked_upload_succeeds_and_conforms",),
        proves="answers_the_resource_requested",
        alone=True,
    ),
    "size-disagrees": Defect(
        "FINALIZE and STATUS report one byte more than initialize declared",
        _size_disagrees,
        frozenset({"media_agrees_with_upload"}),
        ("test_upload_flows.py::test_chunked_upload_succeeds_and_conforms",),
        proves="media_agrees_with_upload",
        alone=True,
    ),
    "status-forgets-processing": Defect(
        "STATUS drops the processing_info FINALIZE reported",
        _status_forgets_processing,
        frozenset({"processing_agrees_with_finalize"}),
        ("test_upload_flows.py::test_chunked_upload_succeeds_and_conforms",),
        proves="processing_agrees_with_finalize",
        alone=True,
    ),
}


class PlantedDefects:
    """ASGI middleware: buffers each HTTP response of `app` and lets one defect rewrite it."""

    def __init__(self, app: ASGIApp, defect: str) -> None:
        if defect not in DEFECTS:
            raise ValueError(f"unknown defect {defect!r}; known: {', '.join(sorted(DEFECTS))}")
        self.app = app
        self.defect = DEFECTS[defect]
        self.memory: dict[str, Any] = {}
        # Attributes such as `.state` (the mock's handle) stay reachable through the wrapper.
        self.state = getattr(app, "state", None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.defect.rewrite_request is not None:
            scope = dict(scope)
            self.defect.rewrite_request(scope)
        start: Message = {}
        chunks: list[bytes] = []

        async def buffer(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, buffer)
        exchange = Exchange(
            method=scope["method"],
            path=scope["path"],
            query=scope.get("query_string", b"").decode("latin-1"),
            status=start["status"],
            headers=[(bytes(k), bytes(v)) for k, v in start.get("headers", [])],
            body=b"".join(chunks),
            memory=self.memory,
        )
        self.defect.rewrite(exchange)
        exchange.set_header("content-length", str(len(exchange.body)))
        await send(
            {"type": "http.response.start", "status": exchange.status, "headers": exchange.headers}
        )
        await send({"type": "http.response.body", "body": exchange.body})
