"""The typed view of ``limits.toml``: frozen dataclasses, checked as they are read."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

SOURCE_KINDS = ("documented", "reported", "inferred")


class LimitsTableError(ValueError):
    """``limits.toml`` is malformed: a missing field, a wrong type or an unknown source."""


@dataclass(frozen=True)
class Source:
    key: str
    kind: str  # documented | reported | inferred
    title: str
    url: str
    says: str


@dataclass(frozen=True)
class CategoryLimit:
    name: str
    max_bytes: int
    premium_max_bytes: int | None
    source: Source


@dataclass(frozen=True)
class ChunkLimits:
    max_total_bytes: int
    max_segment_index: int
    max_chunk_bytes: int
    safe_chunk_bytes: int
    sources: Mapping[str, Source]  # field name -> source

    @property
    def max_segments(self) -> int:
        return self.max_segment_index + 1

    @property
    def max_chunked_bytes(self) -> int:
        """The most one chunked upload can carry: every segment at the largest chunk."""
        return self.max_segments * self.max_chunk_bytes


@dataclass(frozen=True)
class TextLimits:
    max_alt_text_chars: int
    source: Source


@dataclass(frozen=True)
class RateLimitRow:
    operation: str
    endpoint: str
    per_user_15min: int
    per_app_24h: int | None  # None: X lists no per-app cap for it
    source: Source


@dataclass(frozen=True)
class Windows:
    user_secs: int
    app_secs: int
    source: Source


@dataclass(frozen=True)
class LimitsTable:
    sources: Mapping[str, Source]
    categories: Mapping[str, CategoryLimit]
    chunks: ChunkLimits
    text: TextLimits
    rate_limits: Mapping[str, RateLimitRow]
    windows: Windows

    def category(self, name: str) -> CategoryLimit:
        return self.categories[name]

    def rate_limit(self, operation: str) -> RateLimitRow:
        return self.rate_limits[operation]

    def max_bytes_by_category(self) -> dict[str, int]:
        return {name: row.max_bytes for name, row in self.categories.items()}


def _field(row: Mapping[str, Any], name: str, kind: type, where: str) -> Any:
    value = row.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise LimitsTableError(f"{where}: `{name}` must be {kind.__name__}, got {value!r}")
    return value


def _optional_int(row: Mapping[str, Any], name: str, where: str) -> int | None:
    return None if row.get(name) is None else int(_field(row, name, int, where))


def parse_limits(data: Mapping[str, Any]) -> LimitsTable:
    """Build the typed table from parsed TOML; every ``source`` must name a ``[sources]`` key."""
    sources: dict[str, Source] = {}
    for key, row in _field(data, "sources", dict, "limits").items():
        where = f"sources.{key}"
        kind = _field(row, "kind", str, where)
        if kind not in SOURCE_KINDS:
            raise LimitsTableError(f"{where}: kind must be one of {SOURCE_KINDS}, got {kind!r}")
        sources[key] = Source(
            key,
            kind,
            _field(row, "title", str, where),
            _field(row, "url", str, where),
            _field(row, "says", str, where),
        )

    def source(row: Mapping[str, Any], name: str, where: str) -> Source:
        key = _field(row, name, str, where)
        if key not in sources:
            raise LimitsTableError(f"{where}: unknown source {key!r}")
        return sources[key]

    categories: dict[str, CategoryLimit] = {}
    for row in _field(data, "category", list, "limits"):
        name = _field(row, "name", str, "category")
        where = f"category {name}"
        categories[name] = CategoryLimit(
            name,
            _field(row, "max_bytes", int, where),
            _optional_int(row, "premium_max_bytes", where),
            source(row, "source", where),
        )
    chunk_row = _field(data, "chunks", dict, "limits")
    chunk_fields = ("max_total_bytes", "max_segment_index", "max_chunk_bytes", "safe_chunk_bytes")
    chunks = ChunkLimits(
        max_total_bytes=_field(chunk_row, "max_total_bytes", int, "chunks"),
        max_segment_index=_field(chunk_row, "max_segment_index", int, "chunks"),
        max_chunk_bytes=_field(chunk_row, "max_chunk_bytes", int, "chunks"),
        safe_chunk_bytes=_field(chunk_row, "safe_chunk_bytes", int, "chunks"),
        sources={name: source(chunk_row, f"{name}_source", "chunks") for name in chunk_fields},
    )
    text_row = _field(data, "text", dict, "limits")
    text = TextLimits(
        _field(text_row, "max_alt_text_chars", int, "text"),
        source(text_row, "max_alt_text_chars_source", "text"),
    )
    rate_limits: dict[str, RateLimitRow] = {}
    for row in _field(data, "rate_limit", list, "limits"):
        operation = _field(row, "operation", str, "rate_limit")
        where = f"rate_limit {operation}"
        rate_limits[operation] = RateLimitRow(
            operation,
            _field(row, "endpoint", str, where),
            _field(row, "per_user_15min", int, where),
            _optional_int(row, "per_app_24h", where),
            source(row, "source", where),
        )
    window_row = _field(data, "windows", dict, "limits")
    windows = Windows(
        _field(window_row, "user_secs", int, "windows"),
        _field(window_row, "app_secs", int, "windows"),
        source(window_row, "source", "windows"),
    )
    return LimitsTable(sources, categories, chunks, text, rate_limits, windows)


def load_limits(path: Path | None = None) -> LimitsTable:
    """The table shipped with the package, or the one at ``path``."""
    if path is None:
        raw = (
            resources.files(__package__ or "xmedia_limits")
            .joinpath("limits.toml")
            .read_text(encoding="utf-8")
        )
    else:
        raw = path.read_text(encoding="utf-8")
    try:
        return parse_limits(tomllib.loads(raw))
    except tomllib.TOMLDecodeError as error:
        raise LimitsTableError(f"limits.toml is not valid TOML: {error}") from None
