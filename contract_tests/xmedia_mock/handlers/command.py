"""POST /2/media/upload — the command style (INIT, APPEND, FINALIZE), else the one-shot upload.

Where the command's fields may be (all of them, X's own pages):
- the query string: the 2.137 document (``?command=INIT&media_type=…``) and X's v2 sample
  (``media_upload_v2.py``: INIT and FINALIZE as query parameters);
- multipart form fields: the chunked-upload quickstart's curl sequence (``-F command=INIT
  -F media_type=…``, ``-F command=APPEND -F media_id=… -F segment_index=0 -F media=@chunk``,
  ``-F command=FINALIZE -F media_id=…``) and the v2 sample's APPEND (``command`` and ``media_id``
  as form fields beside the file);
- an urlencoded body (v1.1's "multipart/form-data or application/x-www-form-urlencoded").
A value in the query wins over the same field in the body. Without a command the request is the
one-shot upload (``oneshot.py``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

from ..bodies import (
    ENVELOPE_ALLOWANCE,
    BodyError,
    MultipartForm,
    content_type,
    parse_json_object,
    read_limited,
    read_multipart,
    read_urlencoded,
)
from ..config import SCOPE_MEDIA_WRITE
from ..problems import ApiError, json_response
from ..routing import MEDIA_ID, Endpoint, RequestContext
from .oneshot import ONESHOT_JSON_MAX_MEDIA, oneshot
from .upload_common import (
    MAX_TOTAL_BYTES,
    SMALL_BODY,
    create_upload,
    decode_to_file,
    finalize_upload,
    incoming_file,
    init_data,
    int_value,
    parse_owners,
    segment_too_large,
    store_segment,
    too_large_plain,
)

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
COMMAND_OPERATIONS = {"INIT": "initialize", "APPEND": "append", "FINALIZE": "finalize"}
UPLOAD_QUERY = frozenset(
    {"command", "media_id", "total_bytes", "media_type", "media_category", "additional_owners"}
)
# Body fields each command takes besides ``command`` (``media`` is the file part).
COMMAND_FIELDS = {
    "initialize": frozenset(
        {"media_type", "total_bytes", "media_category", "additional_owners", "shared"}
    ),
    "append": frozenset({"media_id", "segment_index", "media"}),
    "finalize": frozenset({"media_id"}),
}


def rate_bucket(command: str | None) -> str:
    """The endpoint a request counts against: its command's, the one-shot's without one (an
    unknown command counts as an INIT)."""
    return "oneshot" if command is None else COMMAND_OPERATIONS.get(command, "initialize")


async def media_upload(ctx: RequestContext) -> Response:
    query = dict(ctx.request.query_params)
    query_command = query.get("command")
    await ctx.authenticate()
    if query_command is not None or content_type(ctx.request) not in FORM_TYPES:
        # The request line already says which endpoint this is: count it before the body.
        ctx.admit(rate_bucket(query_command), SCOPE_MEDIA_WRITE)
    else:
        ctx.check_access(SCOPE_MEDIA_WRITE)
    try:
        check_upload_query(ctx, query)
        fields, form = await read_upload_body(ctx, query)
    except (ApiError, BodyError):
        if ctx.rate_headers is None:  # every answer of a counted endpoint is counted
            ctx.admit("oneshot", SCOPE_MEDIA_WRITE)
        raise
    try:
        command = query_command if query_command is not None else fields.get("command")
        if ctx.rate_headers is None:
            ctx.admit(rate_bucket(command), SCOPE_MEDIA_WRITE)
        if command is None:
            return await oneshot(ctx, fields, form)
        operation = COMMAND_OPERATIONS.get(str(command))
        if operation is None:
            raise ctx.invalid(f"Unsupported command: {command}", "command", command)
        unknown = sorted(set(fields) - COMMAND_FIELDS[operation] - {"command"})
        if unknown:
            raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
        params = {**fields, **query}
        if operation == "initialize":
            if "shared" in params and str(params["shared"]).lower() not in ("true", "false"):
                raise ctx.invalid("`shared` must be a boolean", "shared", params["shared"])
            upload = create_upload(
                ctx,
                params.get("media_type"),
                params.get("total_bytes"),
                params.get("media_category"),
                params.get("additional_owners"),
            )
            return json_response({"data": init_data(ctx, upload)})
        media_id = params.get("media_id")
        if media_id is None:
            raise ctx.invalid("`media_id` is required", "media_id")
        upload = ctx.owned_upload(str(media_id), "media_id")
        if operation == "append":
            edge = ctx.config.edge_body_limit
            if form.file_size > ctx.config.chunk_limit or (edge and form.body_size > edge):
                raise segment_too_large(ctx)()
            await store_segment(ctx, upload, params.get("segment_index"), form)
            # 2.137 lists 204 (and 202) for this operation: no body.
            return Response(status_code=204)
        return json_response({"data": await finalize_upload(ctx, upload)})
    finally:
        form.discard()


def check_upload_query(ctx: RequestContext, query: dict[str, str]) -> None:
    """The declared query parameters of POST /2/media/upload, valid whether used or not."""
    ctx.check_query(set(UPLOAD_QUERY))
    if "media_id" in query and not MEDIA_ID.match(query["media_id"]):
        raise ctx.invalid("`media_id` is not a media id", "media_id", query["media_id"])
    if "total_bytes" in query:
        int_value(query["total_bytes"], "total_bytes", ctx, 0, MAX_TOTAL_BYTES)
    if "media_category" in query and query["media_category"] not in ctx.config.category_limits:
        category = query["media_category"]
        raise ctx.invalid(f"Unsupported media_category: {category}", "media_category", category)
    if "additional_owners" in query:
        parse_owners(ctx, query["additional_owners"])


async def read_upload_body(
    ctx: RequestContext, query: dict[str, str]
) -> tuple[dict[str, Any], MultipartForm]:
    """The body's fields and its ``media`` file (streamed to disk), whatever the encoding."""
    kind = content_type(ctx.request)
    query_command = query.get("command")
    oneshot_max = max(limit.max_bytes for limit in ctx.config.category_limits.values())
    if kind == "multipart/form-data":
        appending = query_command == "APPEND"

        def file_limit(fields_so_far: Mapping[str, str]) -> int:
            # An APPEND's media may be at most one chunk; the one-shot's the largest category.
            nonlocal appending
            appending = appending or fields_so_far.get("command") == "APPEND"
            return ctx.config.chunk_limit if appending else oneshot_max

        def too_large() -> ApiError:
            return segment_too_large(ctx)() if appending else too_large_plain()

        form = await read_multipart(
            ctx.request,
            file_field="media",
            new_file=lambda: incoming_file(ctx),
            max_file_bytes=file_limit,
            too_large=too_large,
        )
        fields: dict[str, Any] = dict(form.fields)
        if len(form.values.get("additional_owners", ())) > 1:
            fields["additional_owners"] = list(form.values["additional_owners"])
        return fields, form
    if kind == "application/x-www-form-urlencoded":
        return dict(
            await read_urlencoded(ctx.request, SMALL_BODY, too_large_plain)
        ), MultipartForm()
    if kind == "application/json":
        max_json = math.ceil(min(oneshot_max, ONESHOT_JSON_MAX_MEDIA) * 4 / 3) + ENVELOPE_ALLOWANCE
        raw = await read_limited(ctx.request, max_json, too_large_plain)
        if query_command is not None and not raw.strip():
            # X's v2 sample sends INIT and FINALIZE with this header and no body at all.
            return {}, MultipartForm()
        body = parse_json_object(raw)
        form = MultipartForm()
        if "media" in body:
            form.file_path, form.file_size = decode_to_file(ctx, body["media"], "media")
        return {k: v for k, v in body.items() if k != "media"}, form
    return {}, MultipartForm()


ENDPOINTS = [Endpoint("POST", "/2/media/upload", "oneshot", media_upload)]
