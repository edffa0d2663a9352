"""The subject: one upload with the xmedia wrapper (``XMedia.upload``), measured like the baseline.

python -m bench.client_xmedia --base-url http://127.0.0.1:8000 --file clip.mp4 --concurrency 4
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
from xmedia import OAuth2UserToken, UploadConfig, XMedia

from bench._probe import Probe, Tracer, client_arguments


def main() -> None:
    parser = client_arguments(__doc__)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument(
        "--trace",
        action="store_true",
        help="report per-phase response times (passes xmedia an httpx.Client with a response "
        "hook, through its public http_client parameter)",
    )
    parser.add_argument(
        "--no-journal", action="store_true", help="diagnostic: UploadConfig(journal=False)"
    )
    parser.add_argument(
        "--preflight-first",
        action="store_true",
        help="run the pre-flight checks (media inspection: PyAV or Pillow imported, the file "
        "probed) before the clock starts, so the figures are the upload's alone",
    )
    args = parser.parse_args()

    probe = Probe()
    tracer = Tracer()
    http: httpx.Client | None = None
    if args.trace:
        http = httpx.Client(
            timeout=60.0,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=max(10, args.concurrency * 2)),
            event_hooks={
                "response": [lambda r: tracer.record(r.request.method, str(r.request.url))]
            },
        )
    with tempfile.TemporaryDirectory(prefix="xmedia-bench-journal-") as journal_dir:
        config = UploadConfig(
            chunk_size=args.chunk_size,
            concurrency=args.concurrency,
            journal_dir=Path(journal_dir),
            journal=not args.no_journal,
        )
        with XMedia(
            auth=OAuth2UserToken(args.token),
            base_url=args.base_url,
            http_client=http,
            config=config,
        ) as client:
            if args.preflight_first:
                client.check(args.file, media_type=args.media_type)
            probe.mark_idle()
            t0 = probe.start()
            media = client.upload(
                args.file,
                media_type=args.media_type,
                media_category=args.media_category,
                wait=args.wait,
            )
            elapsed = probe.stop()
    if http is not None:
        http.close()
    state = media.processing.state if media.processing else None
    trace = tracer.summary(t0) if args.trace else {}
    probe.emit(
        elapsed, media_id=media.media_id, media_key=media.media_key, state=state, trace=trace
    )


if __name__ == "__main__":
    main()
