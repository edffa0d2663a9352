"""Contains shared errors types that can be raised from API functions"""

from typing import Any

import httpx


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


def problem_payload(response: httpx.Response) -> dict[str, Any]:
    """The JSON object of an error response, parsed as a Problem whatever its content type.

    A body that is not a JSON object (a proxy's HTML 502, an empty 503) becomes a minimal RFC 7807
    about:blank problem built from the status line, so an error never surfaces as a decode exception.
    """
    try:
        payload = response.json()
    except ValueError:
        payload = None
    if isinstance(payload, dict):
        return payload
    return {
        "type": "about:blank",
        "title": response.reason_phrase or "HTTP error",
        "status": response.status_code,
        "detail": response.text[:200],
    }


__all__ = ["UnexpectedStatus", "problem_payload"]
