"""Pre-flight and journal bookkeeping shared by both drivers (blocking, quick local I/O only)."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from typing import BinaryIO

from ._config import MAX_CHUNK_SIZE, MAX_SEGMENTS, UploadConfig
from ._errors import ConfigError
from ._journal import Journal, JournalEntry, journal_key
from ._media import MediaChoice, choose_media
from ._segments import (
    ChunkSource,
    Fingerprint,
    PathSource,
    SegmentPlan,
    StreamSource,
    plan_segments,
)
from ._session import ProgressCallback, ResumePoint, UploadSession

__all__ = ["PreparedUpload", "prepare_upload"]

log = logging.getLogger("xmedia")

#: Bytes looked at to sniff the media type.
_SNIFF_BYTES = 8192


@dataclass
class PreparedUpload:
    source: ChunkSource
    path: str | None
    choice: MediaChoice
    plan: SegmentPlan
    config: UploadConfig
    journal: Journal | None = None
    fingerprint: Fingerprint | None = None
    resume: ResumePoint | None = None
    _journal_failed: bool = field(default=False, repr=False)
    # Snapshot and write together, so an older snapshot never overwrites a newer one.
    _checkpoint_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def new_session(self, *, wait: bool, on_progress: ProgressCallback | None) -> UploadSession:
        return UploadSession(
            plan=self.plan,
            media_type=self.choice.media_type,
            media_category=self.choice.media_category,
            wait=wait,
            poll_deadline=self.config.poll_deadline,
            default_check_after=self.config.default_check_after,
            max_check_after=self.config.max_check_after,
            resume=self.resume,
            on_progress=on_progress,
        )

    def forget_resume(self) -> None:
        """The journal's media is gone (expired server-side): start over with a fresh plan."""
        self.resume = None
        if self.journal is not None:
            self.journal.delete()
        self.plan = plan_segments(
            self.source.total_bytes,
            self.config.chunk_size,
            forced=not self.config.automatic_chunk_size,
            path=self.path,
        )

    def checkpoint(self, session: UploadSession) -> None:
        """Persist what the server has acknowledged so far (best effort: a journal that cannot
        be written only costs the ability to resume, never the upload)."""
        if self.journal is None or self._journal_failed or session.media_id is None:
            return
        assert self.fingerprint is not None and self.path is not None
        with self._checkpoint_lock:
            self._write(session)

    def _write(self, session: UploadSession) -> None:
        assert self.journal is not None and self.fingerprint is not None
        assert self.path is not None and session.media_id is not None
        entry = JournalEntry(
            media_id=session.media_id,
            media_key=session.media_key,
            path=os.path.abspath(self.path),
            fingerprint=self.fingerprint,
            chunk_size=self.plan.chunk_size,
            total_bytes=self.plan.total_bytes,
            media_type=self.choice.media_type,
            media_category=self.choice.media_category,
            expires_at=session.expires_at,
            acked=set(session.acked_snapshot()),
        )
        try:
            self.journal.save(entry)
        except OSError as exc:
            self._journal_failed = True
            log.warning("resume journal disabled: cannot write %s (%s)", self.journal.file, exc)

    def finished(self) -> None:
        """The media is finalized: nothing left to resume."""
        if self.journal is not None:
            self.journal.delete()

    def abandon(self) -> None:
        """The upload failed in a way no resume can continue (the file changed under us, or the
        server expired the media): drop the journal so nothing promises a resume that would
        only start over."""
        if self.journal is not None:
            self.journal.delete()

    def close(self) -> None:
        self.source.close()


def _resume_point(
    entry: JournalEntry, total_bytes: int, config: UploadConfig, path: str
) -> tuple[ResumePoint, SegmentPlan] | None:
    """How to continue from a journal, or None to start over."""
    if not 1 <= entry.chunk_size <= MAX_CHUNK_SIZE:
        return None
    acked = frozenset(entry.acked)
    plan = SegmentPlan(total_bytes=total_bytes, chunk_size=entry.chunk_size)
    if not config.automatic_chunk_size and config.chunk_size != entry.chunk_size:
        # An explicit, different chunk size wins (e.g. a smaller one after a 413). Segments
        # cut the old way cannot be reused. A smaller size keeps the media id: its segments
        # cover every old index, so each stored segment gets replaced. A larger one could
        # leave stale high-index segments behind, so that starts over.
        assert config.chunk_size is not None
        if config.chunk_size > entry.chunk_size:
            return None
        plan = plan_segments(total_bytes, config.chunk_size, forced=True, path=path)
        acked = frozenset()
    if plan.count > MAX_SEGMENTS:
        return None
    point = ResumePoint(
        media_id=entry.media_id,
        media_key=entry.media_key,
        expires_at=entry.expires_at,
        acked=acked,
    )
    return point, plan


def prepare_upload(
    source: str | os.PathLike[str] | BinaryIO,
    *,
    media_type: str | None,
    media_category: str | None,
    resume: bool,
    config: UploadConfig,
    base_url: str,
    now: float,
) -> PreparedUpload:
    """Everything checked before the first request: readable, not empty, type, category, size,
    segment plan; and, for ``resume``, whether a journal lets us continue."""
    chunk_source: ChunkSource
    path: str | None
    if isinstance(source, str | os.PathLike):
        path_source = PathSource(source)
        chunk_source, path = path_source, path_source.path
    elif hasattr(source, "read"):
        chunk_source, path = StreamSource(source), None
    else:
        raise ConfigError(
            f"cannot upload a {type(source).__name__}; pass a path or a binary stream"
        )
    try:
        total = chunk_source.total_bytes
        head = chunk_source.head(_SNIFF_BYTES) if total else b""
        choice = choose_media(
            path=path or chunk_source.name,
            size=total,
            head=head,
            media_type=media_type,
            media_category=media_category,
        )
        plan = plan_segments(
            total,
            config.chunk_size,
            forced=not config.automatic_chunk_size,
            path=path or chunk_source.name,
        )
        prepared = PreparedUpload(chunk_source, path, choice, plan, config)
        if path is not None and config.journal and isinstance(chunk_source, PathSource):
            try:
                directory = config.resolved_journal_dir()
            except RuntimeError as exc:  # no home directory to put the journal in
                log.warning("resume journal disabled: %s", exc)
                return prepared
            prepared.journal = Journal(directory, journal_key(base_url, path))
            prepared.fingerprint = chunk_source.fingerprint()
            entry = prepared.journal.load() if resume else None
            if (
                entry is not None
                and entry.usable_for(prepared.fingerprint, now)
                and entry.media_type == choice.media_type
                and entry.media_category == choice.media_category
                and (found := _resume_point(entry, total, config, path)) is not None
            ):
                prepared.resume, prepared.plan = found
                log.info(
                    "resuming media %s: %d of %d segments already sent",
                    entry.media_id,
                    len(found[0].acked),
                    found[1].count,
                )
            elif entry is not None or not resume:
                # Changed file, expired media, or a fresh upload: start over cleanly.
                prepared.journal.delete()
        return prepared
    except BaseException:
        chunk_source.close()
        raise
