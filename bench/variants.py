"""The one place a variant key (``"xmedia-c4"``, as stored in results.json) gets its label."""

from __future__ import annotations

from collections.abc import Mapping

#: Concurrency xmedia uses unless told otherwise (the report marks that row "default").
DEFAULT_CONCURRENCY = 4


def label(key: str, versions: Mapping[str, str] | None = None) -> str:
    """What the report and the plot call a variant; peers carry the version that was measured."""
    family, _, rest = key.partition("-c")
    if key == "raw-c1":
        return "raw httpx, sequential (baseline)"
    if family == "raw":
        return f"raw httpx, {rest} threads"
    if key == "xdk":
        version = (versions or {}).get("xdk", "")
        return f"xdk {version} (official SDK), sequential".replace("  ", " ")
    if family == "xmedia":
        concurrency, _, diagnostic = rest.partition("-")
        text = f"xmedia, concurrency {concurrency}"
        if diagnostic == "mmap":
            return f"{text}, MALLOC_MMAP_THRESHOLD_=1 MiB (diagnostic)"
        if concurrency == str(DEFAULT_CONCURRENCY):
            return f"{text} (default)"
        return text
    return key


def order(key: str) -> tuple[int, int, str]:
    """Baseline first, then xmedia by concurrency (diagnostics after their default), then peers."""
    family = {"raw": 0, "xmedia": 1, "xdk": 2}.get(key.split("-")[0], 3)
    digits = "".join(ch for ch in key if ch.isdigit())
    return family, int(digits) if digits else 0, key
