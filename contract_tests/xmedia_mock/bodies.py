"""Request bodies read as streams with hard limits: multipart files go straight to disk."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from .problems import ApiError

# Room for multipart boundaries, part headers and small form fields around the media bytes.
ENVELOPE_ALLOWANCE = 64 * 1024
MAX_FIELD_BYTES = 64 * 1024


class BodyError(Exception):
    """The body is malformed; the handler turns it into a 400 naming ``parameter``."""

    def __init__(self, message: str, parameter: str = "body") -> None:
        super().__init__(message)
        self.message = message
        self.parameter = parameter


def content_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def declared_length(request: Request) -> int | None:
    raw = request.headers.get("content-length")
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise BodyError("Content-Length is not a number", "Content-Length") from None


def refuse_if_declared_over(
    request: Request, max_body: int, too_large: Callable[[], ApiError]
) -> None:
    """413 on the declared length alone, before a byte of the body is read."""
    length = declared_length(request)
    if length is not None and length > max_body:
        raise too_large()


async def read_limited(
    request: Request, max_bytes: int, too_large: Callable[[], ApiError]
) -> bytes:
    """The whole body if under ``max_bytes``; stops reading (413) as soon as it is not."""
    refuse_if_declared_over(request, max_bytes, too_large)
    chunks: list[bytes] = []
    total = 0
    try:
        async for chunk in request.stream():
            total += len(chunk)
            if total > max_bytes:
                raise too_large()
            chunks.append(chunk)
    except ClientDisconnect:
        raise BodyError("client disconnected") from None
    return b"".join(chunks)


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """X's messages, as reported: "Request body is not valid JSON." (sferik/x-ruby #71) and
    "Request body must be a JSON object." (trypostit/trypost #202, a FINALIZE sent ``[]``)."""
    try:
        parsed = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BodyError("Request body is not valid JSON.") from None
    if not isinstance(parsed, dict):
        raise BodyError("Request body must be a JSON object.")
    return parsed


async def read_json_object(
    request: Request, max_bytes: int, too_large: Callable[[], ApiError]
) -> dict[str, Any]:
    return parse_json_object(await read_limited(request, max_bytes, too_large))


async def read_urlencoded(
    request: Request, max_bytes: int, too_large: Callable[[], ApiError]
) -> dict[str, str]:
    raw = await read_limited(request, max_bytes, too_large)
    try:
        return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    except (UnicodeDecodeError, ValueError):
        raise BodyError("Request body is not valid form data") from None


@dataclass
class MultipartForm:
    fields: dict[str, str] = field(default_factory=dict)  # the last value of each field
    values: dict[str, list[str]] = field(default_factory=dict)  # every value, in order
    file_path: Path | None = None  # where the file part was streamed to
    file_size: int = 0
    body_size: int = 0  # bytes of the whole body, envelope included

    def discard(self) -> None:
        if self.file_path is not None:
            with contextlib.suppress(OSError):
                self.file_path.unlink()
            self.file_path = None


class _PartCollector:
    """python-multipart callbacks: the ``file_field`` part streams to a file, the rest to memory."""

    def __init__(
        self,
        file_field: str,
        new_file: Callable[[], Path],
        max_file_bytes: int | Callable[[Mapping[str, str]], int],
    ) -> None:
        self.file_field = file_field
        self.new_file = new_file
        self.file_limit = max_file_bytes
        self.max_file_bytes = max_file_bytes if isinstance(max_file_bytes, int) else 0
        self.form = MultipartForm()
        self.overflow = False
        self.error: str | None = None
        self._header_field = b""
        self._header_value = b""
        self._name: str | None = None
        self._value = bytearray()
        self._handle: IO[bytes] | None = None

    def on_part_begin(self) -> None:
        self._name = None
        self._value = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_field.lower() == b"content-disposition":
            _, options = parse_options_header(self._header_value)
            raw_name = options.get(b"name")
            self._name = raw_name.decode("utf-8", "replace") if raw_name is not None else None
        self._header_field = b""
        self._header_value = b""

    def on_headers_finished(self) -> None:
        if self._name == self.file_field:
            if not isinstance(self.file_limit, int):
                # The limit may depend on the fields before the file (command=APPEND).
                self.max_file_bytes = self.file_limit(self.form.fields)
            if self.form.file_path is not None:  # a second file part: keep only the last
                self.form.discard()
            path = self.new_file()
            self.form.file_path = path
            self.form.file_size = 0
            self._handle = path.open("wb")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._handle is not None:
            self.form.file_size += end - start
            if self.form.file_size > self.max_file_bytes:
                self.overflow = True
                return
            self._handle.write(data[start:end])
        elif len(self._value) + (end - start) > MAX_FIELD_BYTES:
            self.error = f"form field {self._name!r} is too long"
        else:
            self._value += data[start:end]

    def on_part_end(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        elif self._name is not None:
            try:
                value = self._value.decode("utf-8")
                self.form.fields[self._name] = value
                self.form.values.setdefault(self._name, []).append(value)
            except UnicodeDecodeError:
                self.error = f"form field {self._name!r} is not UTF-8"

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


async def read_multipart(
    request: Request,
    *,
    file_field: str,
    new_file: Callable[[], Path],
    max_file_bytes: int | Callable[[Mapping[str, str]], int],
    too_large: Callable[[], ApiError],
    max_body_bytes: int | None = None,
) -> MultipartForm:
    """Stream a multipart body; the file part goes to ``new_file()`` as it arrives.

    Counts the file bytes while streaming and stops reading (413) as soon as they exceed
    ``max_file_bytes``: an oversized APPEND is never read whole.
    """
    if max_body_bytes is None and isinstance(max_file_bytes, int):
        max_body_bytes = max_file_bytes + ENVELOPE_ALLOWANCE
    if max_body_bytes is not None:
        refuse_if_declared_over(request, max_body_bytes, too_large)
    _, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if not boundary:
        raise BodyError("multipart body without a boundary", "Content-Type")
    collector = _PartCollector(file_field, new_file, max_file_bytes)
    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": collector.on_part_begin,
            "on_header_field": collector.on_header_field,
            "on_header_value": collector.on_header_value,
            "on_header_end": collector.on_header_end,
            "on_headers_finished": collector.on_headers_finished,
            "on_part_data": collector.on_part_data,
            "on_part_end": collector.on_part_end,
        },
    )
    try:
        async for chunk in request.stream():
            if chunk:
                collector.form.body_size += len(chunk)
                if max_body_bytes is not None and collector.form.body_size > max_body_bytes:
                    raise too_large()
                parser.write(chunk)
            if collector.overflow:
                raise too_large()
            if collector.error:
                raise BodyError(collector.error)
        parser.finalize()
    except (MultipartParseError, ValueError) as exc:
        collector.close()
        collector.form.discard()
        raise BodyError(f"malformed multipart body: {exc}") from None
    except ClientDisconnect:
        collector.close()
        collector.form.discard()
        raise BodyError("client disconnected") from None
    except BaseException:
        collector.close()
        collector.form.discard()
        raise
    collector.close()
    if collector.error:
        collector.form.discard()
        raise BodyError(collector.error)
    return collector.form
