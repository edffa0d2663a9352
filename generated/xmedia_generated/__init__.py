"""A client library for accessing X API v2 — media endpoints (xmedia contract)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
