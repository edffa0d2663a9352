"""The ASGI app: X's /2/media* operations on shared state, admin routes under /_mock/."""

from __future__ import annotations

import base64
import binascii
import logging
import math
import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .admin import admin_routes
from .auth import Principal, authenticate, require
from .bodies import (
    ENVELOPE_ALLOWANCE,
    BodyError,
    MultipartForm,
    content_type,
    read_json_object,
    read_multipart,
    read_urlencoded,
)
from .config import (
    IMAGE_TYPES,
    KNOWN_MEDIA_TYPES,
    SCOPE_MEDIA_WRITE,
    SCOPE_TWEET_READ,
    SUBTITLE_TYPES,
    VIDEO_TYPES,
    CategoryLimit,
    MockConfig,
)
from .faults import OPERATION_GROUPS
from .middleware import FaultMiddleware
from .problems import ApiError, Problems, json_response
from .state import MockState, Upload

logger = logging.getLogger("xmedia_mock")

MEDIA_ID = re.compile(r"^[0-9]{1,19}$")
MEDIA_KEY = re.compile(r"^([0-9]+)_([0-9]+)$")
LANGUAGE_CODE = re.compile(r"^[A-Z]{2}$")
MEDIA_FIELDS = frozenset(
    {
        "alt_text",
        "duration_ms",
        "height",
        "media_key",
        "non_public_metrics",
        "organic_metrics",
        "preview_image_url",
        "promoted_metrics",
        "public_metrics",
        "type",
        "url",
        "variants",
        "width",
    }
)
ANALYTICS_FIELDS = frozenset(
    {
        "cta_url_clicks",
        "cta_watch_clicks",
        "media_key",
        "play_from_tap",
        "playback25",
        "playback50",
        "playback75",
        "playback_complete",
        "playback_start",
        "timestamp",
        "timestamped_metrics",
        "video_views",
        "watch_time_ms",
    }
)
ANALYTICS_COUNTERS = (
    "cta_url_clicks",
    "cta_watch_clicks",
    "play_from_tap",
    "playback25",
    "playback50",
    "playback75",
    "playback_complete",
    "playback_start",
    "video_views",
    "watch_time_ms",
)
SMALL_BODY = 64 * 1024
ONESHOT_JSON_MAX_MEDIA = 16 * 1024 * 1024
ONESHOT_CATEGORIES = (
    "tweet_image",
    "tweet_video",
    "tweet_gif",
    "dm_image",
    "dm_video",
    "dm_gif",
    "subtitles",
)
SUBTITLE_TARGETS = ("AmplifyVideo", "TweetVideo")
SIBLING_ROUTES = {"metadata": "POST", "subtitles": "POST, DELETE", "upload": "GET, HEAD, POST"}


class RequestContext:
    """One /2 request: who is calling, which operation, the rate-limit headers to send."""

    def __init__(self, api: MockApi, request: Request) -> None:
        self.api = api
        self.request = request
        self.state = api.state
        self.config = api.config
        self.problems = api.problems
        self.operation = "unknown"
        self.principal: Principal | None = None
        self.rate_headers: dict[str, str] | None = None

    def invalid(self, message: str, parameter: str, value: object = "") -> ApiError:
        return self.problems.invalid_request(message, {parameter: [str(value)]})

    async def authenticate(self) -> Principal:
        self.principal = await authenticate(self.request, self.state)
        return self.principal

    def admit(self, operation: str, scope: str, user_only: bool = True) -> Principal:
        """Scope/auth-type checks, then the rate limit of the operation's group."""
        self.operation = operation
        principal = self.principal
        assert principal is not None, "authenticate() first"
        require(principal, scope, self.problems, user_only)
        allowed, self.rate_headers = self.state.rate_limiter.hit(
            principal.rate_key, OPERATION_GROUPS[operation]
        )
        if not allowed:
            raise Problems.too_many_requests(dict(self.rate_headers))
        return principal

    async def begin(self, operation: str, scope: str, user_only: bool = True) -> Principal:
        self.operation = operation
        await self.authenticate()
        return self.admit(operation, scope, user_only)

    def check_query(self, allowed: set[str]) -> None:
        unknown = sorted(set(self.request.query_params.keys()) - allowed)
        if unknown:
            raise self.problems.invalid_request(
                f"The query parameters [{','.join(unknown)}] is not one of "
                f"[{','.join(sorted(allowed))}]",
                {name: [self.request.query_params.get(name, "")] for name in unknown},
            )

    def owned_upload(self, media_id: str, parameter: str) -> Upload:
        """The caller's upload, 404 for unknown ids and other users' media, 400 once expired."""
        if not MEDIA_ID.match(media_id):
            raise self.invalid(
                f"The `{parameter}` query parameter value [{media_id}] is not valid",
                parameter,
                media_id,
            )
        upload = self.state.get_upload(media_id)
        principal = self.principal
        # Another user's media answers exactly like an unknown id: X does not reveal it exists.
        if upload is None or principal is None or upload.owner != principal.user_id:
            raise self.problems.not_found(media_id, parameter)
        if self.state.is_expired(upload):
            raise self.invalid(f"Media id {media_id} has expired", parameter, media_id)
        return upload


def _int_value(raw: object, parameter: str, ctx: RequestContext, low: int, high: int) -> int:
    if isinstance(raw, bool):
        raise ctx.invalid(f"`{parameter}` must be an integer", parameter, raw)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and re.fullmatch(r"-?[0-9]{1,20}", raw.strip()):
        value = int(raw.strip())
    else:
        raise ctx.invalid(f"`{parameter}` must be an integer", parameter, raw)
    if not low <= value <= high:
        raise ctx.invalid(f"`{parameter}` must be between {low} and {high}", parameter, value)
    return value


class MockApi:
    def __init__(self, config: MockConfig, state: MockState) -> None:
        self.config = config
        self.state = state
        self.problems = Problems(config.problem_host)

    # ---- plumbing ---------------------------------------------------------------------
    def endpoint(
        self, handlers: dict[str, tuple[Callable[[RequestContext], Awaitable[Response]], str]]
    ) -> Callable[[Request], Awaitable[Response]]:
        """One route, one handler per method (so a 405 lists every method in Allow)."""

        async def run(request: Request) -> Response:
            # Starlette answers HEAD on GET routes; run the GET handler (the body is dropped).
            handler, operation = handlers[request.method if request.method != "HEAD" else "GET"]
            ctx = RequestContext(self, request)
            ctx.operation = operation
            try:
                response = await handler(ctx)
            except ApiError as error:
                response = error.to_response()
            except BodyError as error:
                response = ctx.invalid(error.message, error.parameter).to_response()
            except Exception:  # a bug in the mock: still answer in X's shape
                logger.exception("mock handler failed for %s %s", request.method, request.url.path)
                response = self.problems.server_error(500).to_response()
            if ctx.rate_headers is None:
                group = OPERATION_GROUPS.get(ctx.operation, "lookup")
                _, ctx.rate_headers = self.state.rate_limiter.hit("anonymous", group, consume=False)
            for name, value in ctx.rate_headers.items():
                response.headers.setdefault(name, value)
            self.state.count_request(ctx.operation, response.status_code)
            return response

        return run

    def category_for(
        self, ctx: RequestContext, media_type: str, category: str | None
    ) -> CategoryLimit:
        if category is not None:
            limit = self.config.category_limits.get(category)
            if limit is None:
                raise ctx.invalid(
                    f"Unsupported media_category: {category}", "media_category", category
                )
            return limit
        if media_type == "image/gif":
            inferred = "tweet_gif"
        elif media_type in VIDEO_TYPES:
            inferred = "tweet_video"
        elif media_type in SUBTITLE_TYPES:
            inferred = "subtitles"
        else:
            inferred = "tweet_image"
        return self.config.category_limits[inferred]

    def create_upload(
        self,
        ctx: RequestContext,
        media_type: object,
        total_bytes: object,
        category: object,
        additional_owners: object,
    ) -> Upload:
        """INIT, shared by the v2 endpoint and the command style."""
        if media_type is None:
            raise ctx.invalid("`media_type` is required", "media_type")
        if not isinstance(media_type, str) or media_type not in KNOWN_MEDIA_TYPES:
            raise ctx.invalid(f"Unsupported media_type: {media_type}", "media_type", media_type)
        if total_bytes is None:
            raise ctx.invalid("`total_bytes` is required", "total_bytes")
        size = _int_value(total_bytes, "total_bytes", ctx, 0, 17179869184)
        if category is not None and not isinstance(category, str):
            raise ctx.invalid("`media_category` must be a string", "media_category", category)
        limit = self.category_for(ctx, media_type, category)
        if size > limit.max_bytes:
            raise ctx.invalid(f"File size exceeds {limit.max_bytes} bytes.", "total_bytes", size)
        owners = self.parse_owners(ctx, additional_owners)
        principal = ctx.principal
        assert principal is not None and principal.user_id is not None
        return self.state.new_upload(principal.user_id, media_type, category, limit, size, owners)

    @staticmethod
    def parse_owners(ctx: RequestContext, raw: object) -> tuple[str, ...]:
        if raw is None or raw == "":
            return ()
        if isinstance(raw, str):
            items: list[object] = [part.strip() for part in raw.split(",")]
        elif isinstance(raw, list):
            items = raw
        else:
            raise ctx.invalid("`additional_owners` must be a list of user ids", "additional_owners")
        if len(items) > 100:
            raise ctx.invalid(
                "At most 100 additional_owners are allowed", "additional_owners", len(items)
            )
        for item in items:
            if not isinstance(item, str) or not MEDIA_ID.match(item):
                raise ctx.invalid("`additional_owners` must be user ids", "additional_owners", item)
        return tuple(str(item) for item in items)

    def upload_data(self, upload: Upload, *, finalized_view: bool = True) -> dict[str, Any]:
        """FINALIZE / STATUS / one-shot ``data``."""
        now = self.state.now()
        data: dict[str, Any] = {
            "id": upload.media_id,
            "media_key": upload.media_key,
            "expires_after_secs": upload.expires_after_secs(now),
        }
        if upload.size is not None:
            data["size"] = upload.size
        info = self.state.processing_info(upload)
        if info is not None:
            data["processing_info"] = info
        if upload.limit.kind == "video" and finalized_view:
            data["video"] = {"video_type": upload.media_type}
        elif upload.media_type in IMAGE_TYPES and finalized_view:
            image: dict[str, Any] = {"image_type": upload.media_type}
            if upload.width is not None and upload.height is not None:
                image["w"], image["h"] = upload.width, upload.height
            data["image"] = image
        return data

    def segment_limit(self, ctx: RequestContext) -> Callable[[], ApiError]:
        return lambda: Problems.payload_too_large(self.config.chunk_limit)

    def incoming_file(self) -> Path:
        incoming = self.state.data_dir / "incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        return self.state.new_segment_file_in(incoming)

    async def store_segment(
        self, ctx: RequestContext, upload: Upload, index_raw: object, form: MultipartForm
    ) -> None:
        """Validate and commit one APPEND whose bytes are already on disk at ``form.file_path``."""
        try:
            if upload.finalized_at is not None:
                raise ctx.invalid("Media is already finalized", "media_id", upload.media_id)
            if index_raw is None:
                raise ctx.invalid("`segment_index` is required", "segment_index")
            index = _int_value(index_raw, "segment_index", ctx, 0, self.config.max_segments - 1)
            if form.file_path is None:
                raise ctx.invalid("`media` is required", "media")
            if form.file_size > self.config.chunk_limit:
                raise Problems.payload_too_large(self.config.chunk_limit)
            self.state.commit_segment(upload, index, form.file_path, form.file_size)
            form.file_path = None
        finally:
            form.discard()

    async def read_append_body(
        self, ctx: RequestContext, fields_from_json: bool
    ) -> tuple[dict[str, Any], MultipartForm]:
        """APPEND bodies: multipart (streamed to disk) or JSON with base64 ``media``."""
        kind = content_type(ctx.request)
        too_large = self.segment_limit(ctx)
        if kind == "multipart/form-data":
            form = await read_multipart(
                ctx.request,
                file_field="media",
                new_file=self.incoming_file,
                max_file_bytes=self.config.chunk_limit,
                too_large=too_large,
            )
            return dict(form.fields), form
        if kind == "application/json" and fields_from_json:
            max_json = math.ceil(self.config.chunk_limit * 4 / 3) + ENVELOPE_ALLOWANCE
            body = await read_json_object(ctx.request, max_json, too_large)
            unknown = sorted(set(body) - {"media", "segment_index"})
            if unknown:
                raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
            form = MultipartForm()
            media = body.get("media")
            if media is not None:
                form.file_path, form.file_size = self.decode_to_file(ctx, media, "media")
            return {"segment_index": body.get("segment_index")}, form
        raise ctx.invalid(f"Unsupported Content-Type: {kind or 'none'}", "Content-Type", kind)

    def decode_to_file(
        self, ctx: RequestContext, media: object, parameter: str
    ) -> tuple[Path, int]:
        if not isinstance(media, str):
            raise ctx.invalid(f"`{parameter}` must be a base64 string", parameter)
        try:
            # Line breaks (base64.encodebytes, MIME style) are tolerated; other junk is not.
            raw = base64.b64decode("".join(media.split()), validate=True)
        except (binascii.Error, ValueError):
            raise ctx.invalid(f"`{parameter}` is not valid base64", parameter) from None
        path = self.incoming_file()
        path.write_bytes(raw)
        return path, len(raw)

    async def finalize(self, ctx: RequestContext, upload: Upload) -> dict[str, Any]:
        if upload.finalized_at is not None:
            return self.upload_data(upload)  # a repeated FINALIZE answers the same
        received = sum(upload.segments.values())
        if received != upload.total_bytes:
            raise self.problems.invalid_request(
                "Segments do not add up to provided total file size.",
                {"total_bytes": [str(upload.total_bytes)]},
            )
        size, sha256 = await anyio.to_thread.run_sync(self.state.assemble, upload)
        from .media import matches_declared_type

        valid = not self.config.verify_media_bytes or matches_declared_type(
            upload.media_type, self.state.head_bytes(upload, 64)
        )
        if not valid and not upload.processed:
            # Unprocessed media (images, or no media_category) are checked synchronously.
            raise ctx.invalid("media type unrecognized.", "media_id", upload.media_id)
        self.state.finalize(upload, size, sha256, valid)
        return self.upload_data(upload)

    # ---- v2 upload endpoints --------------------------------------------------------
    async def initialize(self, ctx: RequestContext) -> Response:
        await ctx.begin("initialize", SCOPE_MEDIA_WRITE)
        ctx.check_query(set())
        if content_type(ctx.request) != "application/json":
            raise ctx.invalid("Content-Type must be application/json", "Content-Type")
        body = await read_json_object(
            ctx.request, SMALL_BODY, lambda: Problems.plain(413, "Payload Too Large")
        )
        allowed = {"media_type", "total_bytes", "media_category", "additional_owners", "shared"}
        unknown = sorted(set(body) - allowed)
        if unknown:
            raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
        for name in ("media_type", "media_category"):
            if name in body and not isinstance(body[name], str):
                raise ctx.invalid(f"`{name}` must be a string", name, body[name])
        if "shared" in body and not isinstance(body["shared"], bool):
            raise ctx.invalid("`shared` must be a boolean", "shared", body["shared"])
        owners = body.get("additional_owners")
        if "additional_owners" in body and not isinstance(owners, list):
            raise ctx.invalid("`additional_owners` must be an array", "additional_owners")
        upload = self.create_upload(
            ctx, body.get("media_type"), body.get("total_bytes"), body.get("media_category"), owners
        )
        data = {
            "id": upload.media_id,
            "media_key": upload.media_key,
            "expires_after_secs": upload.expires_after_secs(self.state.now()),
        }
        return json_response({"data": data})

    async def append(self, ctx: RequestContext) -> Response:
        await ctx.begin("append", SCOPE_MEDIA_WRITE)
        ctx.check_query(set())
        upload = ctx.owned_upload(ctx.request.path_params["id"], "id")
        fields, form = await self.read_append_body(ctx, fields_from_json=True)
        try:
            unknown = sorted(set(fields) - {"segment_index"})
            if unknown:
                raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
            await self.store_segment(ctx, upload, fields.get("segment_index"), form)
        finally:
            form.discard()
        return json_response({"data": {"expires_at": int(upload.expires_at)}})

    async def finalize_endpoint(self, ctx: RequestContext) -> Response:
        await ctx.begin("finalize", SCOPE_MEDIA_WRITE)
        ctx.check_query(set())
        upload = ctx.owned_upload(ctx.request.path_params["id"], "id")
        return json_response({"data": await self.finalize(ctx, upload)})

    async def status(self, ctx: RequestContext) -> Response:
        await ctx.begin("status", SCOPE_MEDIA_WRITE)
        ctx.check_query({"media_id", "command"})
        query = ctx.request.query_params
        command = query.get("command")
        if command is not None and command != "STATUS":
            raise ctx.invalid(f"Unsupported command: {command}", "command", command)
        media_id = query.get("media_id")
        if media_id is None:
            raise ctx.invalid("`media_id` is required", "media_id")
        upload = ctx.owned_upload(media_id, "media_id")
        if upload.finalized_at is None or not upload.processed:
            # X: STATUS is only for media whose FINALIZE returned processing_info.
            raise ctx.invalid(
                "Invalid mediaId: this media has no processing status", "media_id", media_id
            )
        return json_response({"data": self.upload_data(upload)})

    # ---- command style and one-shot -------------------------------------------------
    async def media_upload(self, ctx: RequestContext) -> Response:
        query = dict(ctx.request.query_params)
        command = query.get("command")
        operation = {"INIT": "initialize", "APPEND": "append", "FINALIZE": "finalize"}.get(
            command or "", "oneshot"
        )
        ctx.operation = operation
        await ctx.authenticate()
        if command is not None and operation == "oneshot":
            ctx.admit("initialize", SCOPE_MEDIA_WRITE)
            raise ctx.invalid(f"Unsupported command: {command}", "command", command)
        ctx.admit(operation, SCOPE_MEDIA_WRITE)
        self.check_upload_query(ctx, query)
        if operation == "initialize":
            params = await self.command_params(ctx, query)
            upload = self.create_upload(
                ctx,
                params.get("media_type"),
                params.get("total_bytes"),
                params.get("media_category"),
                params.get("additional_owners"),
            )
            data = {
                "id": upload.media_id,
                "media_key": upload.media_key,
                "expires_after_secs": upload.expires_after_secs(self.state.now()),
            }
            return json_response({"data": data})
        if operation == "append":
            media_id = query.get("media_id")
            if media_id is None:
                raise ctx.invalid("`media_id` is required", "media_id")
            upload = ctx.owned_upload(media_id, "media_id")
            fields, form = await self.read_append_body(ctx, fields_from_json=True)
            try:
                unknown = sorted(set(fields) - {"segment_index", "media_id", "command"})
                if unknown:
                    raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
                await self.store_segment(ctx, upload, fields.get("segment_index"), form)
            finally:
                form.discard()
            return Response(status_code=204)
        if operation == "finalize":
            params = await self.command_params(ctx, query)
            media_id = params.get("media_id")
            if media_id is None:
                raise ctx.invalid("`media_id` is required", "media_id")
            upload = ctx.owned_upload(str(media_id), "media_id")
            return json_response({"data": await self.finalize(ctx, upload)})
        return await self.oneshot(ctx)

    def check_upload_query(self, ctx: RequestContext, query: dict[str, str]) -> None:
        """The declared query parameters of POST /2/media/upload, valid whether used or not."""
        ctx.check_query(
            {
                "command",
                "media_id",
                "total_bytes",
                "media_type",
                "media_category",
                "additional_owners",
            }
        )
        if "media_id" in query and not MEDIA_ID.match(query["media_id"]):
            raise ctx.invalid("`media_id` is not a media id", "media_id", query["media_id"])
        if "total_bytes" in query:
            _int_value(query["total_bytes"], "total_bytes", ctx, 0, 17179869184)
        if "media_category" in query and query["media_category"] not in self.config.category_limits:
            category = query["media_category"]
            raise ctx.invalid(f"Unsupported media_category: {category}", "media_category", category)
        if "additional_owners" in query:
            self.parse_owners(ctx, query["additional_owners"])

    async def command_params(self, ctx: RequestContext, query: dict[str, str]) -> dict[str, Any]:
        """Query parameters, plus an urlencoded body if one was sent (X accepts both)."""
        params: dict[str, Any] = dict(query)
        if content_type(ctx.request) == "application/x-www-form-urlencoded":
            body = await read_urlencoded(
                ctx.request, SMALL_BODY, lambda: Problems.plain(413, "Payload Too Large")
            )
            for key, value in body.items():
                params.setdefault(key, value)
        return params

    async def oneshot(self, ctx: RequestContext) -> Response:
        kind = content_type(ctx.request)
        max_size = max(limit.max_bytes for limit in self.config.category_limits.values())
        too_large = lambda: Problems.plain(413, "Payload Too Large")  # noqa: E731
        if kind == "multipart/form-data":
            form = await read_multipart(
                ctx.request,
                file_field="media",
                new_file=self.incoming_file,
                max_file_bytes=max_size,
                too_large=too_large,
            )
            fields: dict[str, Any] = dict(form.fields)
        elif kind == "application/json":
            body = await read_json_object(
                # base64 JSON is decoded in memory: cap it near the largest non-video limit.
                ctx.request,
                math.ceil(min(max_size, ONESHOT_JSON_MAX_MEDIA) * 4 / 3) + ENVELOPE_ALLOWANCE,
                too_large,
            )
            form = MultipartForm()
            fields = {k: v for k, v in body.items() if k != "media"}
            if "segment_index" in fields:  # only the multipart (command APPEND) body has it
                raise ctx.invalid("Unknown fields: segment_index", "segment_index")
            owners = fields.get("additional_owners", "")
            if not isinstance(owners, str):
                raise ctx.invalid("`additional_owners` must be a string", "additional_owners")
            if "media" in body:
                form.file_path, form.file_size = self.decode_to_file(ctx, body["media"], "media")
        else:
            raise ctx.invalid("`media` is required", "media")
        try:
            unknown = sorted(set(fields) - {"media_category", "additional_owners", "segment_index"})
            if unknown:
                raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
            if form.file_path is None:
                raise ctx.invalid("`media` is required", "media")
            category = fields.get("media_category")
            if category is None:
                raise ctx.invalid("`media_category` is required", "media_category")
            if category not in ONESHOT_CATEGORIES:
                raise ctx.invalid(
                    f"Unsupported media_category: {category}", "media_category", category
                )
            limit = self.category_for(ctx, "", str(category))
            if form.file_size > limit.max_bytes:
                raise ctx.invalid(
                    f"File size exceeds {limit.max_bytes} bytes.", "media", form.file_size
                )
            owners = self.parse_owners(ctx, fields.get("additional_owners"))
            from .media import sniff_type

            with form.file_path.open("rb") as handle:
                head = handle.read(64)
            media_type = sniff_type(head) or {
                "video": "video/mp4",
                "animated_gif": "image/gif",
                "subtitles": "text/srt",
            }.get(limit.kind, "image/jpeg")
            principal = ctx.principal
            assert principal is not None and principal.user_id is not None
            upload = self.state.new_upload(
                principal.user_id, media_type, str(category), limit, form.file_size, owners
            )
            self.state.commit_segment(upload, 0, form.file_path, form.file_size)
            form.file_path = None
        finally:
            form.discard()
        return json_response({"data": await self.finalize(ctx, upload)})

    # ---- metadata and subtitles -----------------------------------------------------
    async def metadata(self, ctx: RequestContext) -> Response:
        await ctx.begin("metadata", SCOPE_MEDIA_WRITE)
        ctx.check_query(set())
        body = await read_json_object(
            ctx.request, SMALL_BODY, lambda: Problems.plain(413, "Payload Too Large")
        )
        unknown = sorted(set(body) - {"id", "metadata"})
        if unknown:
            raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
        media_id = body.get("id")
        if not isinstance(media_id, str):
            raise ctx.invalid("`id` is required", "id", media_id or "")
        metadata = body.get("metadata", {})
        if not isinstance(metadata, dict):
            raise ctx.invalid("`metadata` must be an object", "metadata")
        alt_text = metadata.get("alt_text")
        if alt_text is not None:
            text = alt_text.get("text") if isinstance(alt_text, dict) else None
            if not isinstance(text, str):
                raise ctx.invalid("`alt_text.text` is required", "alt_text")
            if len(text) > 1000:
                raise ctx.invalid("alt_text must be at most 1000 characters", "alt_text", len(text))
        for name, value in metadata.items():
            if not isinstance(value, dict):
                raise ctx.invalid(f"`metadata.{name}` must be an object", name)
        upload = ctx.owned_upload(media_id, "id")
        upload.metadata.update(metadata)
        return json_response({"data": {"id": upload.media_id, "associated_metadata": metadata}})

    async def subtitles_create(self, ctx: RequestContext) -> Response:
        await ctx.begin("subtitles", SCOPE_MEDIA_WRITE)
        ctx.check_query(set())
        body = await read_json_object(
            ctx.request, SMALL_BODY, lambda: Problems.plain(413, "Payload Too Large")
        )
        unknown = sorted(set(body) - {"id", "media_category", "subtitles"})
        if unknown:
            raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
        media_id, category, track = (
            body.get("id"),
            body.get("media_category"),
            body.get("subtitles"),
        )
        if not isinstance(media_id, str):
            raise ctx.invalid("`id` is required", "id")
        if not isinstance(category, str) or category not in SUBTITLE_TARGETS:
            raise ctx.invalid(
                "`media_category` must be AmplifyVideo or TweetVideo",
                "media_category",
                category or "",
            )
        if not isinstance(track, dict):
            raise ctx.invalid("`subtitles` is required", "subtitles")
        track_id, language = track.get("id"), track.get("language_code")
        display_name = track.get("display_name", "")
        if not isinstance(track_id, str) or not MEDIA_ID.match(track_id):
            raise ctx.invalid("`subtitles.id` must be a media id", "subtitles.id", track_id or "")
        if not isinstance(language, str) or not LANGUAGE_CODE.match(language):
            raise ctx.invalid(
                "`subtitles.language_code` must be two capital letters",
                "subtitles.language_code",
                language or "",
            )
        if not isinstance(display_name, str):
            raise ctx.invalid("`subtitles.display_name` must be a string", "subtitles.display_name")
        video = ctx.owned_upload(media_id, "id")
        if video.limit.kind != "video":
            raise ctx.invalid("Subtitles can only be attached to videos", "id", media_id)
        ctx.owned_upload(track_id, "subtitles.id")
        entry = {"id": track_id, "language_code": language, "display_name": display_name}
        video.subtitles[language] = entry
        data = {
            "id": video.media_id,
            "media_category": category,
            "associated_subtitles": {"subtitles": list(video.subtitles.values())},
        }
        return json_response({"data": data})

    async def subtitles_delete(self, ctx: RequestContext) -> Response:
        await ctx.begin("subtitles", SCOPE_MEDIA_WRITE)
        ctx.check_query(set())
        body = await read_json_object(
            ctx.request, SMALL_BODY, lambda: Problems.plain(413, "Payload Too Large")
        )
        unknown = sorted(set(body) - {"id", "media_category", "language_code"})
        if unknown:
            raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
        for name in ("id", "media_category", "language_code"):
            if not isinstance(body.get(name), str):
                raise ctx.invalid(f"`{name}` is required", name)
        video = ctx.owned_upload(body["id"], "id")
        deleted = video.subtitles.pop(body["language_code"], None) is not None
        return json_response({"data": {"deleted": deleted}})

    # ---- lookups and analytics ------------------------------------------------------
    def media_keys_param(self, ctx: RequestContext, raw: str | None) -> list[str]:
        if raw is None or raw == "":
            raise ctx.invalid("`media_keys` is required", "media_keys")
        keys = raw.split(",")
        if len(keys) > 100:
            raise ctx.invalid("At most 100 media_keys are allowed", "media_keys", raw)
        for key in keys:
            if not MEDIA_KEY.match(key):
                raise ctx.invalid(f"The `media_keys` value [{key}] is not valid", "media_keys", key)
        return keys

    def fields_param(self, ctx: RequestContext, name: str, allowed: frozenset[str]) -> set[str]:
        raw = ctx.request.query_params.get(name)
        if raw is None:
            return set()
        values = raw.split(",")
        bad = [v for v in values if v not in allowed]
        if bad or len(set(values)) != len(values):
            raise ctx.invalid(f"The `{name}` query parameter value [{raw}] is not valid", name, raw)
        return set(values)

    def media_object(self, upload: Upload, fields: set[str]) -> dict[str, Any]:
        media: dict[str, Any] = {"media_key": upload.media_key, "type": upload.limit.kind}
        if "width" in fields and upload.width is not None:
            media["width"] = upload.width
        if "height" in fields and upload.height is not None:
            media["height"] = upload.height
        alt = upload.metadata.get("alt_text")
        if "alt_text" in fields and isinstance(alt, dict) and isinstance(alt.get("text"), str):
            media["alt_text"] = alt["text"]
        url = f"https://pbs.twimg.com/media/{upload.media_id}"
        if "url" in fields and upload.limit.kind == "photo":
            media["url"] = url + ".jpg"
        if "preview_image_url" in fields and upload.limit.kind != "photo":
            media["preview_image_url"] = url + "_thumb.jpg"
        if "public_metrics" in fields and upload.limit.kind == "video":
            media["public_metrics"] = {"view_count": 0}
        if "duration_ms" in fields and upload.limit.kind == "video":
            media["duration_ms"] = 0
        if "variants" in fields and upload.limit.kind in ("video", "animated_gif"):
            media["variants"] = [{"bit_rate": 0, "content_type": "video/mp4", "url": url + ".mp4"}]
        return media

    async def lookup_many(self, ctx: RequestContext) -> Response:
        await ctx.begin("lookup", SCOPE_TWEET_READ, user_only=False)
        ctx.check_query({"media_keys", "media.fields"})
        keys = self.media_keys_param(ctx, ctx.request.query_params.get("media_keys"))
        fields = self.fields_param(ctx, "media.fields", MEDIA_FIELDS)
        data, errors = [], []
        for key in keys:
            upload = self.state.find_by_key(key)
            if upload is None:
                errors.append(self.problems.not_found_body(key, "media_keys", "media_key"))
            else:
                data.append(self.media_object(upload, fields))
        payload: dict[str, Any] = {}
        if data:
            payload["data"] = data
        if errors:
            payload["errors"] = errors
        return json_response(payload)

    async def lookup_one(self, ctx: RequestContext) -> Response:
        sibling_methods = SIBLING_ROUTES.get(ctx.request.path_params["media_key"])
        if sibling_methods is not None:
            # GET /2/media/metadata is a wrong method on a real route, not a media key.
            error = Problems.plain(405, "Method Not Allowed")
            error.headers["Allow"] = sibling_methods
            raise error
        await ctx.begin("lookup", SCOPE_TWEET_READ, user_only=False)
        ctx.check_query({"media.fields"})
        key = ctx.request.path_params["media_key"]
        if not MEDIA_KEY.match(key):
            raise ctx.invalid(f"The `media_key` value [{key}] is not valid", "media_key", key)
        fields = self.fields_param(ctx, "media.fields", MEDIA_FIELDS)
        upload = self.state.find_by_key(key)
        if upload is None:
            return json_response(
                {"errors": [self.problems.not_found_body(key, "media_key", "media_key")]}
            )
        return json_response({"data": self.media_object(upload, fields)})

    async def analytics(self, ctx: RequestContext) -> Response:
        await ctx.begin("analytics", SCOPE_TWEET_READ)
        query = ctx.request.query_params
        ctx.check_query(
            {"media_keys", "start_time", "end_time", "granularity", "media_analytics.fields"}
        )
        keys = self.media_keys_param(ctx, query.get("media_keys"))
        times = {}
        for name in ("start_time", "end_time"):
            raw = query.get(name)
            if raw is None:
                raise ctx.invalid(f"`{name}` is required", name)
            try:
                times[name] = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except ValueError:
                raise ctx.invalid(f"`{name}` is not an ISO 8601 date-time", name, raw) from None
        granularity = query.get("granularity", "daily")
        if granularity not in ("hourly", "daily", "total"):
            raise ctx.invalid(f"Unsupported granularity: {granularity}", "granularity", granularity)
        self.fields_param(ctx, "media_analytics.fields", ANALYTICS_FIELDS)
        principal = ctx.principal
        data, errors = [], []
        for key in keys:
            upload = self.state.find_by_key(key)
            if upload is None or principal is None or upload.owner != principal.user_id:
                errors.append(self.problems.not_found_body(key, "media_keys", "media_key"))
                continue
            start = query["start_time"]
            metrics: dict[str, Any] = dict.fromkeys(ANALYTICS_COUNTERS, 0)
            data.append(
                {
                    "media_key": key,
                    "timestamped_metrics": [{"timestamp": start, "metrics": metrics}],
                }
            )
        payload: dict[str, Any] = {}
        if data:
            payload["data"] = data
        if errors:
            payload["errors"] = errors
        return json_response(payload)

    def routes(self) -> list[Route]:
        def route(
            path: str, **handlers: tuple[Callable[[RequestContext], Awaitable[Response]], str]
        ) -> Route:
            return Route(path, self.endpoint(handlers), methods=list(handlers))

        return [
            route("/2/media/upload/initialize", POST=(self.initialize, "initialize")),
            route("/2/media/upload/{id}/append", POST=(self.append, "append")),
            route("/2/media/upload/{id}/finalize", POST=(self.finalize_endpoint, "finalize")),
            route(
                "/2/media/upload", GET=(self.status, "status"), POST=(self.media_upload, "oneshot")
            ),
            route("/2/media/metadata", POST=(self.metadata, "metadata")),
            route(
                "/2/media/subtitles",
                POST=(self.subtitles_create, "subtitles"),
                DELETE=(self.subtitles_delete, "subtitles"),
            ),
            route("/2/media/analytics", GET=(self.analytics, "analytics")),
            route("/2/media", GET=(self.lookup_many, "lookup")),
            route("/2/media/{media_key}", GET=(self.lookup_one, "lookup")),
        ]


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    title = {404: "Not Found", 405: "Method Not Allowed"}.get(status, "Error")
    response = Problems.plain(status, title).to_response()
    if isinstance(exc, HTTPException) and exc.headers:
        response.headers.update(exc.headers)  # e.g. Allow on 405 (RFC 9110)
    return response


def create_app(config: MockConfig | None = None) -> Starlette:
    """The mock as an ASGI app; ``app.state.mock`` is its :class:`MockState`."""
    config = config or MockConfig()
    state = MockState(config)
    api = MockApi(config, state)
    app = Starlette(
        routes=[*api.routes(), *admin_routes(state)],
        exception_handlers={HTTPException: _http_error},
    )
    app.state.mock = state
    app.state.over_socket = False
    app.add_middleware(FaultMiddleware, state=state, problems=api.problems, app_state=app.state)
    return app
