"""Peer probe: can tweepy's chunked upload be pointed at the mock's v2 endpoints?

tweepy 4.17 uploads media only through ``API.chunked_upload`` (v1.1). Its request URL is built as
``'https://' + upload_host + '/1.1/media/upload.json'``: the host is configurable, the scheme and
the path are not, the command goes in a form body, and the answer is parsed as v1.1
(top-level ``media_id``) where v2 answers ``{"data": {"id": ...}}``. This script tries, without
patching tweepy, and reports what happens at each step:

1. ``upload_host`` set to the mock: the request goes out as HTTPS to a plain-HTTP socket.
2. Only the scheme rewritten to http by a requests transport adapter (a diagnostic, not a fix):
   the request reaches the mock at ``/1.1/media/upload.json``, a path X's v2 API does not have.

Timing tweepy would need a translating proxy (paths, body shape, responses): that would measure
the proxy, not tweepy, so the benchmark does not do it.
"""

from __future__ import annotations

import json
import sys
from typing import Any
from urllib.parse import urlsplit

import requests
import tweepy  # type: ignore[import-untyped]
from requests.adapters import HTTPAdapter

from bench._probe import client_arguments


class _SchemeOnlyAdapter(HTTPAdapter):
    """Sends an https:// request as http:// to the same host, port and path (nothing else)."""

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        assert request.url is not None
        request.url = request.url.replace("https://", "http://", 1)
        return super().send(request, *args, **kwargs)


def _attempt(api: tweepy.API, path: str) -> dict[str, Any]:
    seen: list[str] = []
    api.session.hooks["response"].append(lambda r, *a, **k: seen.append(f"{r.status_code} {r.url}"))
    try:
        media = api.chunked_upload(path, file_type="video/mp4", media_category="tweet_video")
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300], "responses": seen}
    return {"ok": True, "media_id": getattr(media, "media_id", None), "responses": seen}


def main() -> None:
    parser = client_arguments(__doc__, upload_options=False)
    args = parser.parse_args()
    host = urlsplit(args.base_url).netloc

    plain = tweepy.API(tweepy.OAuth2BearerHandler(args.token), upload_host=host, timeout=10)
    first = _attempt(plain, args.file)

    rewritten = tweepy.API(tweepy.OAuth2BearerHandler(args.token), upload_host=host, timeout=10)
    rewritten.session.mount(f"https://{host}", _SchemeOnlyAdapter())
    second = _attempt(rewritten, args.file)

    report = {
        "tweepy_version": tweepy.__version__,
        "url_template": "https://{upload_host}/1.1/media/upload.json",
        "as_configured": first,
        "scheme_rewritten_to_http": second,
    }
    sys.stdout.write("BENCH_RESULT " + json.dumps(report) + "\n")


if __name__ == "__main__":
    main()
