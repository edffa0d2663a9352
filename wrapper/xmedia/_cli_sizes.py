"""Byte sizes as people type them on a command line: ``4MiB``, ``512KiB``, ``5MB``, ``1048576``."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Binary units are what chunk sizes are usually written in; decimal ones match X's docs ("5 MB").
UNIT_FACTORS: dict[str, int] = {
    "": 1,
    "b": 1,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "k": 1024,
    "m": 1024**2,
    "g": 1024**3,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
}

_SIZE_PATTERN = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[a-zA-Z]*)\s*$")


def parse_size(text: str) -> int:
    """Return the number of bytes `text` denotes; ValueError with a readable reason otherwise."""
    match = _SIZE_PATTERN.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a size; write bytes (4194304) or a unit (4MiB, 512KiB)")
    unit = match["unit"].lower()
    if unit not in UNIT_FACTORS:
        raise ValueError(
            f"unknown unit {match['unit']!r} in {text!r}; use B, KiB, MiB, GiB, KB, MB or GB"
        )
    try:
        exact = Decimal(match["number"]) * UNIT_FACTORS[unit]
    except InvalidOperation as exc:  # pragma: no cover - the pattern only admits decimals
        raise ValueError(f"{text!r} is not a size") from exc
    if exact != exact.to_integral_value():
        raise ValueError(f"{text!r} is not a whole number of bytes")
    size = int(exact)
    if size <= 0:
        raise ValueError(f"{text!r} must be more than zero bytes")
    return size


def format_size(size: int) -> str:
    """Binary units with one decimal, the way the progress bar shows them."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")
