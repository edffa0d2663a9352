"""Realistic upload sequences for the contract suite: valid data a generator cannot invent.

Schemathesis' generators produce schema-valid requests, but the API's real rules span fields
(a jpeg is not a tweet_video; segments must add up to total_bytes; an id must exist). These
helpers build requests that satisfy those rules, so the suite can assert a *2xx* answer as well
as conformance, and so the custom checks see real media keys and processing states.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

# The first bytes X (and the mock) sniff for each type; the rest of a payload is filler.
MAGIC = {
    "image/jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "image/png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10",
    "image/gif": b"GIF89a\x10\x00\x10\x00",
    "video/mp4": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom",
}

# (media_category or None, media_type, expected media_key prefix or None)
UPLOAD_KINDS: tuple[tuple[str | None, str], ...] = (
    ("tweet_image", "image/jpeg"),
    ("tweet_image", "image/png"),
    ("dm_image", "image/jpeg"),
    ("tweet_gif", "image/gif"),
    ("tweet_video", "video/mp4"),
    ("dm_video", "video/mp4"),
    ("amplify_video", "video/mp4"),
    (None, "image/png"),
)


@dataclass(frozen=True)
class UploadPlan:
    """One upload: what is declared, the bytes, how they are cut and in which order sent."""

    category: str | None
    media_type: str
    payload: bytes
    segment_sizes: tuple[int, ...]
    send_order: tuple[int, ...]
    append_as_json: bool
    # Bytes that do not match the declared type: processing must end `failed`.
    corrupt: bool

    def __repr__(self) -> str:
        # Payloads are large and repetitive: show their shape, not their bytes.
        return (
            f"UploadPlan(category={self.category!r}, media_type={self.media_type!r}, "
            f"size={len(self.payload)}, head={self.payload[:12]!r}, "
            f"segment_sizes={self.segment_sizes}, send_order={self.send_order}, "
            f"append_as_json={self.append_as_json}, corrupt={self.corrupt})"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis prints falsifying examples with this hook.
        printer.text(repr(self))

    @property
    def segments(self) -> list[bytes]:
        pieces, offset = [], 0
        for size in self.segment_sizes:
            pieces.append(self.payload[offset : offset + size])
            offset += size
        return pieces

    def initialize_body(self) -> dict[str, object]:
        body: dict[str, object] = {"media_type": self.media_type, "total_bytes": len(self.payload)}
        if self.category is not None:
            body["media_category"] = self.category
        return body

    def append_body(self, index: int) -> tuple[dict[str, object], str]:
        segment = self.segments[index]
        if self.append_as_json:
            media = base64.b64encode(segment).decode()
            return {"media": media, "segment_index": index}, "application/json"
        return {"media": segment, "segment_index": index}, "multipart/form-data"


@st.composite
def upload_plans(draw: st.DrawFn, *, max_bytes: int = 48 * 1024) -> UploadPlan:
    category, media_type = draw(st.sampled_from(UPLOAD_KINDS))
    corrupt = media_type == "video/mp4" and draw(st.booleans())
    magic = b"NOTAVIDEO-" if corrupt else MAGIC[media_type]
    filler_size = draw(st.integers(min_value=0, max_value=max_bytes - len(magic)))
    filler_byte = draw(st.integers(min_value=0, max_value=255))
    payload = magic + bytes([filler_byte]) * filler_size
    segment_count = draw(st.integers(min_value=1, max_value=min(5, len(payload))))
    # Cut points: distinct offsets inside the payload, so every segment has at least one byte.
    cuts = draw(
        st.lists(
            st.integers(min_value=1, max_value=len(payload) - 1),
            min_size=segment_count - 1,
            max_size=segment_count - 1,
            unique=True,
        )
        if len(payload) > 1
        else st.just([])
    )
    bounds = [0, *sorted(cuts), len(payload)]
    sizes = tuple(bounds[i + 1] - bounds[i] for i in range(len(bounds) - 1))
    order = tuple(draw(st.permutations(range(len(sizes)))))
    return UploadPlan(
        category=category,
        media_type=media_type,
        payload=payload,
        segment_sizes=sizes,
        send_order=order,
        append_as_json=draw(st.booleans()),
        corrupt=corrupt,
    )
