"""X's /2/media* operations, one module per resource; each exports ``ENDPOINTS``.

The order of :data:`ENDPOINTS` is the routing order: literal paths first, ``/2/media/{media_key}``
(in ``lookup``) last.
"""

from __future__ import annotations

from ..routing import Endpoint
from . import analytics, append, command, finalize, initialize, lookup, metadata, status, subtitles

ENDPOINTS: list[Endpoint] = [
    *initialize.ENDPOINTS,
    *append.ENDPOINTS,
    *finalize.ENDPOINTS,
    *status.ENDPOINTS,
    *command.ENDPOINTS,
    *metadata.ENDPOINTS,
    *subtitles.ENDPOINTS,
    *analytics.ENDPOINTS,
    *lookup.ENDPOINTS,
]

__all__ = ["ENDPOINTS"]
