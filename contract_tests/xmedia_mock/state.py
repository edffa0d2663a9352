"""The mock's state: uploads (segments on disk), digests, counters, rate-limit buckets, nonces."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import shutil
import tempfile
import threading
import time
import uuid
import weakref
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import CategoryLimit, MockConfig, RateLimit
from .faults import FaultInjector
from .media import sniff_dimensions

_TWITTER_EPOCH_MS = 1288834974657
_snowflake_lock = threading.Lock()
_last_snowflake = 0


def _snowflakes() -> Iterator[int]:
    """X-style ids: milliseconds since X's epoch << 22, strictly increasing in this process."""
    global _last_snowflake
    while True:
        with _snowflake_lock:
            candidate = (int(time.time() * 1000) - _TWITTER_EPOCH_MS) << 22
            _last_snowflake = max(candidate, _last_snowflake + 1)
            value = _last_snowflake
        yield value


@dataclass
class Upload:
    media_id: str
    media_key: str
    owner: str
    media_type: str
    media_category: str | None
    limit: CategoryLimit
    total_bytes: int
    created_at: float
    expires_at: float
    directory: Path
    additional_owners: tuple[str, ...] = ()
    segments: dict[int, int] = field(default_factory=dict)  # index -> size on disk
    append_counts: Counter[int] = field(default_factory=Counter)
    finalized_at: float | None = None
    size: int | None = None
    sha256: str | None = None
    media_valid: bool = True
    width: int | None = None
    height: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    subtitles: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def processed(self) -> bool:
        """Video/GIF initialized WITH a media_category get processing_info (seed 002)."""
        return self.media_category is not None and self.limit.processed

    def segment_path(self, index: int) -> Path:
        return self.directory / f"segment-{index:04d}"

    def expires_after_secs(self, now: float) -> int:
        return max(0, int(self.expires_at - now))


@dataclass(frozen=True)
class UploadDigest:
    """What a test needs to prove an upload arrived byte-exact."""

    media_id: str
    media_key: str
    sha256: str
    size: int
    segment_count: int
    append_counts: dict[int, int]  # segment index -> APPENDs received for it
    finalized: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "media_id": self.media_id,
            "media_key": self.media_key,
            "sha256": self.sha256,
            "size": self.size,
            "segment_count": self.segment_count,
            "append_counts": {str(k): v for k, v in sorted(self.append_counts.items())},
            "finalized": self.finalized,
        }


class RateLimiter:
    """X's two windows per endpoint, on the mock's clock (sources: spec/xmedia_limits).

    Per user: fixed 15-minute windows per (principal, bucket) — ``x-rate-limit-*`` headers.
    Per app: fixed 24-hour windows per bucket, shared by every caller (the mock serves one app) —
    ``x-app-limit-24hour-*`` headers, only where X lists a 24-hour cap. A bucket is one endpoint
    ("each endpoint has its own limits"); a limit configured under an endpoint *group* (e.g.
    ``rate_limits={"upload": RateLimit(3)}``) makes the group's endpoints share that one bucket.
    """

    def __init__(self, config: MockConfig) -> None:
        self.config = config
        self._windows: dict[tuple[str, str], tuple[float, int]] = {}
        self._lock = threading.Lock()

    def _user_limit(self, bucket: str, group: str | None) -> tuple[str, RateLimit]:
        limits = self.config.rate_limits
        if group is not None and group != bucket and group in limits:
            return group, limits[group]
        return bucket, limits.get(bucket) or RateLimit(1_000_000)

    def _window(self, key: tuple[str, str], limit: RateLimit, now: float) -> tuple[float, int]:
        start, used = self._windows.get(key, (now, 0))
        if now >= start + limit.window_secs:
            start, used = now, 0
        return start, used

    def hit(
        self, principal: str, bucket: str, group: str | None = None, consume: bool = True
    ) -> tuple[bool, dict[str, str]]:
        """Count one request against both windows; returns (allowed, rate-limit headers)."""
        user_key, user_limit = self._user_limit(bucket, group)
        app_limit = self.config.app_rate_limits.get(bucket)
        now = self.config.clock.now()
        enforce = self.config.rate_limits_enabled
        with self._lock:
            user_start, user_used = self._window((principal, user_key), user_limit, now)
            allowed = user_used < user_limit.limit or not enforce
            if app_limit is not None:
                app_start, app_used = self._window(("app", bucket), app_limit, now)
                allowed = allowed and (app_used < app_limit.limit or not enforce)
            if consume and allowed:
                user_used += 1
                self._windows[(principal, user_key)] = (user_start, user_used)
                if app_limit is not None:
                    app_used += 1
                    self._windows[("app", bucket)] = (app_start, app_used)
        headers = {
            "x-rate-limit-limit": str(user_limit.limit),
            "x-rate-limit-remaining": str(max(0, user_limit.limit - user_used)),
            "x-rate-limit-reset": str(int(user_start + user_limit.window_secs)),
        }
        if app_limit is not None:
            headers |= {
                "x-app-limit-24hour-limit": str(app_limit.limit),
                "x-app-limit-24hour-remaining": str(max(0, app_limit.limit - app_used)),
                "x-app-limit-24hour-reset": str(int(app_start + app_limit.window_secs)),
            }
        return allowed, headers

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()


class MockState:
    """The in-process handle tests use (``app.state.mock`` / ``server.state``)."""

    def __init__(self, config: MockConfig) -> None:
        self.config = config
        self._lock = threading.RLock()
        self._owns_dir = config.data_dir is None
        self.data_dir = (
            Path(tempfile.mkdtemp(prefix="xmedia-mock-"))
            if config.data_dir is None
            else config.data_dir
        )
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._owns_dir:
            self._cleanup = weakref.finalize(self, shutil.rmtree, str(self.data_dir), True)
        self.uploads: dict[str, Upload] = {}
        self._ids: Iterator[int] = (
            itertools.count(config.first_media_id + 1)
            if config.first_media_id is not None
            else _snowflakes()
        )
        self.requests: Counter[tuple[str, int]] = Counter()
        self.rate_limiter = RateLimiter(config)
        self.faults = FaultInjector(config.faults)
        self._nonces: dict[tuple[str, str, str], float] = {}

    # ---- clock ----------------------------------------------------------------------
    def now(self) -> float:
        return self.config.clock.now()

    def advance_clock(self, seconds: float) -> float:
        advance = getattr(self.config.clock, "advance", None)
        if advance is None:
            raise TypeError("the mock runs on real time; start it with a ManualClock")
        result: float = advance(seconds)
        return result

    # ---- uploads --------------------------------------------------------------------
    def new_upload(
        self,
        owner: str,
        media_type: str,
        media_category: str | None,
        limit: CategoryLimit,
        total_bytes: int,
        additional_owners: tuple[str, ...] = (),
    ) -> Upload:
        now = self.now()
        expires = self.config.expires_after_secs or limit.expires_after_secs
        with self._lock:
            media_id = str(next(self._ids))
            directory = self.data_dir / media_id
            directory.mkdir(parents=True, exist_ok=True)
            upload = Upload(
                media_id=media_id,
                media_key=f"{limit.key_prefix}_{media_id}",
                owner=owner,
                media_type=media_type,
                media_category=media_category,
                limit=limit,
                total_bytes=total_bytes,
                created_at=now,
                expires_at=now + expires,
                directory=directory,
                additional_owners=additional_owners,
            )
            self.uploads[media_id] = upload
            return upload

    def get_upload(self, media_id: str) -> Upload | None:
        with self._lock:
            return self.uploads.get(media_id)

    def find_by_key(self, media_key: str) -> Upload | None:
        _, _, media_id = media_key.partition("_")
        upload = self.get_upload(media_id)
        if upload is None or upload.media_key != media_key or upload.finalized_at is None:
            return None
        return upload

    @staticmethod
    def new_segment_file_in(directory: Path) -> Path:
        """A private file to stream one APPEND into; committed by :meth:`commit_segment`."""
        return directory / f"incoming-{uuid.uuid4().hex}"

    def commit_segment(self, upload: Upload, index: int, incoming: Path, size: int) -> None:
        # os.replace is atomic: a re-sent segment replaces the old one whole.
        with self._lock:
            os.replace(incoming, upload.segment_path(index))
            upload.segments[index] = size
            upload.append_counts[index] += 1

    def iter_bytes(self, upload: Upload, block: int = 1 << 20) -> Iterator[bytes]:
        for index in sorted(upload.segments):
            with upload.segment_path(index).open("rb") as handle:
                while chunk := handle.read(block):
                    yield chunk

    def head_bytes(self, upload: Upload, count: int = 64) -> bytes:
        """The first ``count`` bytes of the upload, across segments (a segment may be 1 byte)."""
        head = bytearray()
        for index in sorted(upload.segments):
            with upload.segment_path(index).open("rb") as handle:
                head += handle.read(count - len(head))
            if len(head) >= count:
                break
        return bytes(head)

    def assemble(self, upload: Upload) -> tuple[int, str]:
        digest = hashlib.sha256()
        size = 0
        for chunk in self.iter_bytes(upload):
            digest.update(chunk)
            size += len(chunk)
        return size, digest.hexdigest()

    def finalize(self, upload: Upload, size: int, sha256: str, media_valid: bool) -> None:
        with self._lock:
            upload.size = size
            upload.sha256 = sha256
            upload.media_valid = media_valid
            upload.finalized_at = self.now()
            upload.width, upload.height = sniff_dimensions(self.head_bytes(upload, 64))
            if not self.config.keep_segments_after_finalize:
                for index in upload.segments:
                    with contextlib.suppress(OSError):
                        upload.segment_path(index).unlink()

    def upload_digest(self, media_id: str) -> UploadDigest:
        """SHA-256, size and per-segment APPEND counts of an upload (assembled if finalized)."""
        upload = self.get_upload(str(media_id))
        if upload is None:
            raise KeyError(f"no upload with media id {media_id}")
        if upload.sha256 is not None and upload.size is not None:
            size, sha = upload.size, upload.sha256
        else:
            size, sha = self.assemble(upload)
        return UploadDigest(
            media_id=upload.media_id,
            media_key=upload.media_key,
            sha256=sha,
            size=size,
            segment_count=len(upload.segments),
            append_counts=dict(upload.append_counts),
            finalized=upload.finalized_at is not None,
        )

    def processing_info(self, upload: Upload) -> dict[str, Any] | None:
        """Where processing stands now, on the mock's clock; None if not processed."""
        if not upload.processed or upload.finalized_at is None:
            return None
        elapsed = self.now() - upload.finalized_at
        pending = self.config.processing_pending_secs
        duration = max(self.config.processing_secs, 0.0)
        check_after = self.config.check_after_secs
        if elapsed < pending:
            return {"state": "pending", "check_after_secs": check_after, "progress_percent": 0}
        done = (elapsed - pending) / duration if duration > 0 else 1.0
        if done < 1.0:
            percent = min(99, int(done * 100))
            if not upload.media_valid and percent >= 50:
                return self._failed(percent)
            return {
                "state": "in_progress",
                "check_after_secs": check_after,
                "progress_percent": percent,
            }
        if not upload.media_valid:
            return self._failed(50)
        return {"state": "succeeded", "progress_percent": 100}

    @staticmethod
    def _failed(percent: int) -> dict[str, Any]:
        return {
            "state": "failed",
            "progress_percent": percent,
            "error": {
                "code": 1,
                "name": "InvalidMedia",
                "message": "Invalid or Unsupported media, Reason: UnsupportedMedia.",
            },
        }

    def is_expired(self, upload: Upload) -> bool:
        return self.now() >= upload.expires_at

    # ---- OAuth 1.0a nonces ----------------------------------------------------------
    def use_nonce(
        self, consumer_key: str, token: str, nonce: str, now: float, window: float
    ) -> bool:
        """Remember a nonce; False if it was already used within the window."""
        key = (consumer_key, token, nonce)
        with self._lock:
            if len(self._nonces) > 10_000:
                self._nonces = {k: t for k, t in self._nonces.items() if now - t < 2 * window}
            seen = self._nonces.get(key)
            if seen is not None and now - seen < 2 * window:
                return False
            self._nonces[key] = now
            return True

    # ---- counters -------------------------------------------------------------------
    def count_request(self, operation: str, status: int) -> None:
        with self._lock:
            self.requests[(operation, status)] += 1

    def request_count(self, operation: str, status: int | None = None) -> int:
        with self._lock:
            return sum(
                n
                for (op, st), n in self.requests.items()
                if op == operation and status in (None, st)
            )

    def stats(self) -> dict[str, Any]:
        with self._lock:
            by_operation: dict[str, dict[str, int]] = {}
            for (op, status), n in sorted(self.requests.items()):
                by_operation.setdefault(op, {})[str(status)] = n
            return {
                "requests": by_operation,
                "faults_injected": dict(self.faults.injected),
                "fault_plan": self.faults.plan.to_text(),
                "fault_seed": self.faults.plan.seed,
                "uploads": len(self.uploads),
                "finalized": sum(1 for u in self.uploads.values() if u.finalized_at is not None),
                "clock": self.now(),
            }

    def reset(self) -> None:
        """Forget uploads, counters, rate-limit windows and nonces (the fault plan stays)."""
        with self._lock:
            for upload in self.uploads.values():
                shutil.rmtree(upload.directory, ignore_errors=True)
            self.uploads.clear()
            self.requests.clear()
            self.faults.injected.clear()
            self._nonces.clear()
        self.rate_limiter.reset()

    def close(self) -> None:
        if self._owns_dir:
            self._cleanup()
        else:
            with contextlib.suppress(OSError):
                for upload in list(self.uploads.values()):
                    shutil.rmtree(upload.directory, ignore_errors=True)
