"""Secrets out of every report: what a recorded exchange carries that must never be printed.

A report of recorded traffic quotes URLs, bodies and check messages. Before any of it is shown,
`Redactor.redact()` replaces every secret found in the recording (Authorization and cookie headers,
OAuth 1.0a `oauth_*` values, tokens and secrets in query strings, forms and JSON bodies), and any
8-character piece of one, with `[REDACTED]`; patterns catch the shapes of secrets it was not given.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

REDACTED = "[REDACTED]"
# A piece this long of a secret is itself treated as a secret (a truncated token still leaks).
FRAGMENT = 8

SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-csrf-token"}
)
_SECRET_NAME = re.compile(
    r"^oauth_|token|secret|password|passwd|api[_-]?key|code_verifier|^code$|signature|session",
    re.IGNORECASE,
)
# Shapes of secrets in free text, for what was not collected by name.
_PATTERNS = (
    re.compile(r"(?i)\b(Bearer|Basic|OAuth)\s+[^\s\"',]+(?:\s*,\s*[a-z_]+=\"[^\"]*\")*"),
    re.compile(r"(?i)\boauth_[a-z_]+=(\"[^\"]*\"|[^\s&,\"']+)"),
    re.compile(
        r"(?i)(\"?(?:access_token|refresh_token|id_token|client_secret|token|secret|password)"
        r"\"?\s*[:=]\s*)(\"[^\"]*\"|[^\s&,\"'}]+)"
    ),
)


# OAuth 1.0a parameters that say how a request was signed, not with what.
_NOT_SECRET = frozenset({"oauth_signature_method", "oauth_version", "oauth_timestamp"})


def is_secret_name(name: str) -> bool:
    return name.lower() not in _NOT_SECRET and bool(_SECRET_NAME.search(name))


@dataclass
class Redactor:
    """Collects the secrets of a recording, then scrubs them (and pieces of them) from text."""

    secrets: set[str] = field(default_factory=set)

    def add(self, value: str | None) -> None:
        if value is None:
            return
        value = value.strip()
        if len(value) >= 4:
            self.secrets.add(value)
        # "Bearer abc", 'OAuth oauth_token="…", …': the credential parts are secrets on their own.
        scheme, _, rest = value.partition(" ")
        if rest and scheme.lower() in ("bearer", "basic", "oauth"):
            self.add_auth_parameters(rest)

    def add_auth_parameters(self, credentials: str) -> None:
        parameters = re.findall(r"([A-Za-z_]+)=\"([^\"]*)\"", credentials)
        if not parameters:
            if len(credentials.strip()) >= 4:
                self.secrets.add(credentials.strip())
            return
        for name, value in parameters:
            if is_secret_name(name) and len(value) >= 4:
                self.secrets.add(value)

    def add_headers(self, headers: Iterable[tuple[str, str]]) -> None:
        for name, value in headers:
            if name.lower() in SECRET_HEADERS or is_secret_name(name):
                self.add(value)
                if name.lower() in ("cookie", "set-cookie"):
                    for part in value.split(";"):
                        _, _, cookie_value = part.partition("=")
                        self.add(cookie_value)

    def add_url(self, url: str) -> None:
        self.add_pairs(parse_qsl(urlsplit(url).query, keep_blank_values=True))

    def add_pairs(self, pairs: Iterable[tuple[str, str]]) -> None:
        for name, value in pairs:
            if is_secret_name(name):
                self.add(value)

    def add_body(self, text: str | None) -> None:
        if not text:
            return
        try:
            document = json.loads(text)
        except ValueError:
            self.add_pairs(parse_qsl(text, keep_blank_values=True) if "=" in text else [])
            return
        self._add_json(document)

    def _add_json(self, document: object) -> None:
        if isinstance(document, Mapping):
            for key, value in document.items():
                if isinstance(value, str) and is_secret_name(str(key)):
                    self.add(value)
                else:
                    self._add_json(value)
        elif isinstance(document, list):
            for item in document:
                self._add_json(item)

    def redact(self, text: str) -> str:
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, REDACTED)
        text = self._redact_fragments(text)
        for pattern in _PATTERNS:
            text = pattern.sub(_scrub_match, text)
        return text

    def _redact_fragments(self, text: str) -> str:
        pieces = {
            secret[i : i + FRAGMENT]
            for secret in self.secrets
            for i in range(len(secret) - FRAGMENT + 1)
        }
        if not pieces:
            return text
        covered = [False] * len(text)
        for start in range(len(text) - FRAGMENT + 1):
            if text[start : start + FRAGMENT] in pieces:
                for offset in range(start, start + FRAGMENT):
                    covered[offset] = True
        if not any(covered):
            return text
        out: list[str] = []
        index = 0
        while index < len(text):
            if covered[index]:
                while index < len(text) and covered[index]:
                    index += 1
                out.append(REDACTED)
            else:
                out.append(text[index])
                index += 1
        return "".join(out)


def _scrub_match(match: re.Match[str]) -> str:
    whole = match.group(0)
    if REDACTED in whole and whole.count(REDACTED) * len(REDACTED) >= len(whole) - 16:
        return whole
    if match.re is _PATTERNS[0]:
        return f"{match.group(1)} {REDACTED}"
    if match.re is _PATTERNS[1]:
        name = whole.split("=", 1)[0]
        return f"{name}={REDACTED}"
    return f"{match.group(1)}{REDACTED}"
