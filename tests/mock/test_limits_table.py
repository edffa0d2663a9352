"""The shared limits table: well-formed, sourced, and the one both the mock and the wrapper read."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import xmedia_limits
from xmedia_limits import LIMITS, Source, load_limits
from xmedia_limits._table import LimitsTableError, parse_limits

TABLE = Path(xmedia_limits.__file__).with_name("limits.toml")


def _raw() -> dict[str, object]:
    return tomllib.loads(TABLE.read_text(encoding="utf-8"))


def test_every_row_names_a_source_with_a_known_kind() -> None:
    sources: list[Source] = [
        *(row.source for row in LIMITS.categories.values()),
        *(row.source for row in LIMITS.rate_limits.values()),
        *LIMITS.chunks.sources.values(),
        LIMITS.text.source,
        LIMITS.windows.source,
    ]
    for source in sources:
        assert source.kind in ("documented", "reported", "inferred"), source
    for source in LIMITS.sources.values():
        assert source.kind == "inferred" or source.url.startswith("https://"), source


def test_x_documented_sizes_per_category() -> None:
    sizes = LIMITS.max_bytes_by_category()
    mib = 1024 * 1024
    assert sizes["tweet_image"] == sizes["dm_image"] == 5 * mib
    assert sizes["tweet_gif"] == sizes["dm_gif"] == 15 * mib
    assert sizes["dm_video"] == 512 * mib
    assert sizes["tweet_video"] == sizes["amplify_video"] == 8 * 1024 * mib
    assert LIMITS.category("subtitles").source.kind == "inferred"


def test_chunk_bounds_and_what_one_chunked_upload_can_carry() -> None:
    chunks = LIMITS.chunks
    assert (chunks.max_segment_index, chunks.max_segments) == (999, 1000)
    assert chunks.max_chunk_bytes == 5 * 1024 * 1024
    assert chunks.safe_chunk_bytes < chunks.max_chunk_bytes
    assert chunks.max_chunked_bytes == 1000 * chunks.max_chunk_bytes
    # A category may allow more than the segment bounds can carry (8 GiB > 1000 x 5 MiB).
    assert LIMITS.category("tweet_video").max_bytes > chunks.max_chunked_bytes


def test_rate_limits_per_endpoint_with_x_numbers() -> None:
    per_user = {name: row.per_user_15min for name, row in LIMITS.rate_limits.items()}
    per_app = {name: row.per_app_24h for name, row in LIMITS.rate_limits.items()}
    assert per_user["initialize"] == per_user["append"] == per_user["finalize"] == 1875
    assert per_app["initialize"] == per_app["append"] == per_app["finalize"] == 180_000
    assert (per_user["status"], per_app["status"]) == (1000, 100_000)
    assert (per_user["oneshot"], per_app["oneshot"]) == (500, 50_000)
    assert (per_user["metadata"], per_app["metadata"]) == (500, 50_000)
    assert (per_user["subtitles_create"], per_app["subtitles_delete"]) == (100, 10_000)
    assert per_app["lookup"] is None and LIMITS.rate_limit("lookup").source.kind == "inferred"
    assert (LIMITS.windows.user_secs, LIMITS.windows.app_secs) == (900, 86400)


def test_a_row_naming_an_unknown_source_is_refused() -> None:
    raw = _raw()
    raw["category"][0]["source"] = "nowhere"  # type: ignore[index]
    with pytest.raises(LimitsTableError, match="unknown source 'nowhere'"):
        parse_limits(raw)


@pytest.mark.parametrize(("field", "value"), [("max_bytes", "5 MB"), ("max_bytes", True)])
def test_a_size_that_is_not_an_integer_is_refused(field: str, value: object) -> None:
    raw = _raw()
    raw["category"][0][field] = value  # type: ignore[index]
    with pytest.raises(LimitsTableError, match=field):
        parse_limits(raw)


def test_a_malformed_file_names_the_problem(tmp_path: Path) -> None:
    broken = tmp_path / "limits.toml"
    broken.write_text("[chunks\n", encoding="utf-8")
    with pytest.raises(LimitsTableError, match="not valid TOML"):
        load_limits(broken)


def test_the_mock_and_the_wrapper_enforce_the_same_sizes() -> None:
    from xmedia._media import CATEGORY_LIMITS
    from xmedia_mock.config import default_category_limits

    mock_sizes = {name: limit.max_bytes for name, limit in default_category_limits().items()}
    assert mock_sizes == dict(CATEGORY_LIMITS) == LIMITS.max_bytes_by_category()
