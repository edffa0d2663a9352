"""Pre-flight and resume evaluation shared by both drivers (blocking, local I/O only).

Everything here runs before the first request: the source is opened (and refused if it is no
regular file), sniffed and planned; the journal is locked against a concurrent run; and, for a
resume, every segment the journal says was sent is re-read and checked against its SHA-256.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ._config import UploadConfig
from ._core import JournalTarget, ResumeFrom
from ._errors import ConfigError
from ._journal import Journal, default_journal_dir, journal_key
from ._media import MediaChoice, choose_media
from ._plan import MAX_SEGMENTS, SegmentPlan, plan_segments
from ._record import JournalRecord, unusable_reason
from ._sources import BytesSource, ChunkSource, PathSource, StreamSource, digest

if TYPE_CHECKING:
    from xmedia_limits.media_checks import MediaReport

__all__ = ["PreparedUpload", "Source", "journal_dir_of", "prepare_upload"]

log = logging.getLogger("xmedia")

#: Bytes looked at to sniff the media type.
_SNIFF_BYTES = 8192

Source = str | os.PathLike[str] | BinaryIO | bytes | bytearray | memoryview


@dataclass
class PreparedUpload:
    source: ChunkSource
    path: str | None
    choice: MediaChoice
    #: The plan for a fresh upload (a resume may use the journal's own plan instead).
    plan: SegmentPlan
    config: UploadConfig
    journal: Journal | None = None
    target: JournalTarget | None = None
    resume: ResumeFrom | None = None
    #: X's media constraints checked before INIT (``UploadConfig.inspect``); None when skipped.
    inspection: MediaReport | None = None

    def close(self) -> None:
        try:
            self.source.close()
        finally:
            if self.journal is not None:
                self.journal.release()


def journal_dir_of(config: UploadConfig) -> Path:
    return Path(config.journal_dir) if config.journal_dir is not None else default_journal_dir()


def _open_source(source: Source) -> tuple[ChunkSource, str | None]:
    if isinstance(source, str | os.PathLike):
        path_source = PathSource(source)
        return path_source, path_source.path
    if isinstance(source, bytes | bytearray | memoryview):
        return BytesSource(source), None
    if hasattr(source, "read"):
        return StreamSource(source), None
    raise ConfigError(
        f"cannot upload a {type(source).__name__}; pass a path, a binary stream or bytes"
    )


def _resume_plan(
    record: JournalRecord, total_bytes: int, config: UploadConfig, path: str
) -> tuple[SegmentPlan, bool] | None:
    """The plan to continue with, and whether recorded segments still count; None to start over."""
    plan = SegmentPlan(total_bytes=total_bytes, chunk_size=record.chunk_size)
    if (
        record.state == "uploading"
        and not config.automatic_chunk_size
        and config.chunk_size != record.chunk_size
    ):
        # An explicit, different chunk size wins (e.g. a smaller one after a 413). Segments
        # cut the old way cannot be reused. A smaller size keeps the media id: its segments
        # cover every old index, so each stored segment gets replaced. A larger one could
        # leave stale high-index segments behind, so that starts over.
        assert config.chunk_size is not None
        if config.chunk_size > record.chunk_size:
            return None
        plan = plan_segments(total_bytes, config.chunk_size, forced=True, path=path)
        return (plan, False) if plan.count <= MAX_SEGMENTS else None
    return (plan, True) if plan.count <= MAX_SEGMENTS else None


def _verified(record: JournalRecord, plan: SegmentPlan, source: ChunkSource) -> dict[int, str]:
    """The recorded segments whose bytes still hash the same (read one at a time)."""
    good = {}
    for index, recorded in record.acked.items():
        if not 0 <= index < plan.count:
            continue
        segment = plan.segment(index)
        if segment.length and digest(source.read(segment)) == recorded:
            good[index] = recorded
    return good


def _evaluate(
    prepared: PreparedUpload, record: JournalRecord | None, now: float
) -> ResumeFrom | None:
    if record is None or prepared.path is None:
        return None
    source = prepared.source
    reason = unusable_reason(
        record,
        total_bytes=source.total_bytes,
        media_type=prepared.choice.media_type,
        media_category=prepared.choice.media_category,
        now=now,
    )
    found = None
    if reason is None:
        found = _resume_plan(record, source.total_bytes, prepared.config, prepared.path)
    if found is None:
        log.info("resume journal not used: %s", reason or "the chunk size changed")
        return None
    plan, segments_count = found
    verified = _verified(record, plan, source) if segments_count else {}
    if record.state != "uploading" and len(verified) != len(record.acked):
        # Finalized media cannot take segments again: a changed file is a new upload.
        log.info("resume journal not used: the file differs from the finished upload")
        return None
    if len(verified) != len(record.acked):
        log.info(
            "resume: %d of %d journaled segments differ from the file and are sent again",
            len(record.acked) - len(verified),
            len(record.acked),
        )
    return ResumeFrom(record=record, plan=plan, verified=verified)


def prepare_upload(
    source: Source,
    *,
    media_type: str | None,
    media_category: str | None,
    resume: bool,
    config: UploadConfig,
    base_url: str,
    now: float,
) -> PreparedUpload:
    """Everything checked before the first request: a regular file, readable, not empty, type,
    category, size, segment plan; the journal locked; and, for ``resume``, what it lets us
    continue (verified segment by segment)."""
    chunk_source, path = _open_source(source)
    prepared: PreparedUpload | None = None
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
        inspection = None
        if path is not None and isinstance(chunk_source, PathSource):
            from ._inspect import preflight

            inspection, category = preflight(
                path,
                choice.media_type,
                choice.media_category,
                mode=config.inspect,
                category_given=media_category is not None,
            )
            if category != choice.media_category:  # the category the file fits (size re-checked)
                choice = choose_media(
                    path=path,
                    size=total,
                    head=head,
                    media_type=choice.media_type,
                    media_category=category,
                )
        plan = plan_segments(
            total,
            config.chunk_size,
            forced=not config.automatic_chunk_size,
            path=path or chunk_source.name,
        )
        prepared = PreparedUpload(chunk_source, path, choice, plan, config, inspection=inspection)
        if path is None or not config.journal or not isinstance(chunk_source, PathSource):
            return prepared
        try:
            directory = journal_dir_of(config)
        except RuntimeError as exc:  # no home directory to put the journal in
            log.warning("resume journal disabled: %s", exc)
            return prepared
        journal = Journal(directory, journal_key(base_url, chunk_source.real_path))
        try:
            journal.acquire(path)
        except OSError as exc:
            log.warning("resume journal disabled: cannot lock %s (%s)", journal.lock_file, exc)
            return prepared
        prepared.journal = journal
        prepared.target = JournalTarget(chunk_source.real_path, chunk_source.mtime_ns)
        record = journal.load() if resume else None
        prepared.resume = _evaluate(prepared, record, now)
        if prepared.resume is None:
            journal.delete()  # changed file, expired media, or a fresh upload: start over
        return prepared
    except BaseException:
        if prepared is not None:
            prepared.close()
        else:
            chunk_source.close()
        raise
