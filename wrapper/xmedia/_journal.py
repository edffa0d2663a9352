"""Resume journal files: one small JSON file per (base URL, real file path), plus its lock.

The journal is rewritten after every acknowledged segment by writing a temporary file and
renaming it over the old one, so a process killed at any moment leaves either the previous or
the new journal, never a torn one. (No fsync: the journal must survive the process being
killed, not the machine losing power.) While an upload runs it holds an exclusive ``flock`` on
``<key>.lock``, so a second run of the same file fails at once with JournalBusyError instead of
racing it. What a journal *says* and what may be done with it is in ``_record``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ._errors import JournalBusyError
from ._record import JournalRecord

if sys.platform != "win32":
    import fcntl

__all__ = [
    "Journal",
    "JournalInfo",
    "clean_journals",
    "default_journal_dir",
    "journal_key",
    "list_journals",
]


def default_journal_dir() -> Path:
    """``$XMEDIA_JOURNAL_DIR``, else ``$XDG_CACHE_HOME/xmedia/journal`` (``~/.cache`` default)."""
    explicit = os.environ.get("XMEDIA_JOURNAL_DIR")
    if explicit:
        return Path(explicit)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "xmedia" / "journal"


def journal_key(base_url: str, path: str) -> str:
    """The journal's name: the base URL and the file's *real* path (a symlink and its target
    share one journal)."""
    real = os.path.realpath(path)
    material = os.fsencode(f"{base_url.rstrip('/')}\n") + os.fsencode(real)
    return hashlib.sha256(material).hexdigest()[:32]


class Journal:
    """The journal file of one upload; ``save`` is thread-safe and atomic."""

    def __init__(self, directory: Path, key: str) -> None:
        self.directory = directory
        self.key = key
        self.file = directory / f"{key}.json"
        self.lock_file = directory / f"{key}.lock"
        self._lock = threading.Lock()
        self._lock_handle: IO[str] | None = None
        self._written_seq = 0

    def acquire(self, path: str) -> None:
        """Take the exclusive lock for one run, or raise JournalBusyError naming the holder.

        The lock file is removed on release; a run that locked a file another run just removed
        notices (the path no longer names its file) and locks the new one instead.
        """
        if sys.platform == "win32":  # no flock: concurrent runs are not detected there
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            handle = open(self.lock_file, "a+", encoding="utf-8")  # noqa: SIM115 (kept open)
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip()
                handle.close()
                pid = int(holder) if holder.isdigit() else None
                raise JournalBusyError(
                    path, str(self.file), pid, this_process=pid == os.getpid()
                ) from None
            except BaseException:
                handle.close()
                raise
            try:
                same = os.stat(self.lock_file).st_ino == os.fstat(handle.fileno()).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            handle.close()
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._lock_handle = handle

    def release(self) -> None:
        handle, self._lock_handle = self._lock_handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                self.lock_file.unlink()  # while still locked: see acquire
            handle.close()

    def load(self) -> JournalRecord | None:
        self._sweep_dead_writers()
        return _read(self.file)

    def save(self, record: JournalRecord, seq: int = 0) -> None:
        """Write ``record``; a snapshot older than one already written (``seq``) is skipped,
        so parallel workers finishing out of order never move the journal backwards."""
        payload = json.dumps(record.to_json(), separators=(",", ":"))
        with self._lock:
            if seq and seq <= self._written_seq:
                return
            self.directory.mkdir(parents=True, exist_ok=True)
            # The writer's pid is in the name, so a later run can tell litter left by a process
            # killed between write and rename from a live writer's file (see _sweep_dead_writers).
            fd, tmp = tempfile.mkstemp(
                prefix=f".{self.key}.{os.getpid()}.", suffix=".tmp", dir=self.directory
            )
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(payload)
                os.replace(tmp, self.file)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            self._written_seq = max(self._written_seq, seq)

    def delete(self) -> None:
        # Best effort: a journal that cannot be removed only matters if the same unchanged
        # file is resumed later, and then its content is still valid.
        with self._lock, contextlib.suppress(OSError):
            self.file.unlink()
        self._sweep_dead_writers()

    def _sweep_dead_writers(self) -> None:
        """Remove temporary journals of this key whose writer process no longer exists: a
        SIGKILL between writing and renaming leaves one behind, and nothing else would."""
        with contextlib.suppress(OSError):
            for tmp in self.directory.glob(f".{self.key}.*.tmp"):
                writer = tmp.name.split(".")[2]
                if writer.isdigit() and not _process_exists(int(writer)):
                    with contextlib.suppress(OSError):
                        tmp.unlink()


def _read(file: Path) -> JournalRecord | None:
    try:
        raw = file.read_text(encoding="utf-8")
    except OSError:
        return None
    try:
        return JournalRecord.from_json(json.loads(raw))
    except ValueError:
        return None


def _process_exists(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill(pid, 0) would terminate the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, owned by someone else
        return True
    return True


def _is_locked(lock_file: Path) -> bool:
    if sys.platform == "win32" or not lock_file.exists():
        return False
    try:
        with open(lock_file, "a+", encoding="utf-8") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            return False
    except OSError:
        return False


@dataclass(frozen=True, slots=True)
class JournalInfo:
    """One resume journal, as :func:`list_journals` and :func:`resumable_upload` see it.

    ``state``: ``uploading`` (segments being sent), ``finalized`` (processing; resume polls
    it), ``finished`` (resume returns the recorded result), or ``unreadable`` (a corrupt or
    older-format file, removed by :func:`clean_journals`). ``usable`` is False once the media
    id expired (``reason`` says why).
    """

    file: Path
    source_path: str | None
    media_id: str | None
    media_key: str | None
    state: str
    segments_acked: int
    segments_total: int
    expires_at: float | None
    locked: bool
    usable: bool
    reason: str | None = None


def info_of(file: Path, record: JournalRecord | None, now: float) -> JournalInfo:
    locked = _is_locked(file.with_suffix(".lock"))
    if record is None:
        return JournalInfo(
            file, None, None, None, "unreadable", 0, 0, None, locked, False, "unreadable"
        )
    total = max(1, -(-record.total_bytes // record.chunk_size))
    expired = record.is_expired(now)
    return JournalInfo(
        file=file,
        source_path=record.path,
        media_id=record.media_id,
        media_key=record.media_key,
        state=record.state,
        segments_acked=len(record.acked),
        segments_total=total,
        expires_at=record.expires_at,
        locked=locked,
        usable=not expired,
        reason="the media id has expired" if expired else None,
    )


def list_journals(directory: Path, now: float) -> list[JournalInfo]:
    """Every journal in ``directory``, oldest first."""
    try:
        files = sorted(directory.glob("*.json"), key=lambda f: f.stat().st_mtime)
    except OSError:
        return []
    return [info_of(file, _read(file), now) for file in files]


def clean_journals(directory: Path, now: float, *, everything: bool = False) -> list[JournalInfo]:
    """Remove journals no resume can use (expired, unreadable) — or all of them with
    ``everything`` — except those locked by a running upload. Returns what was removed."""
    removed = []
    for info in list_journals(directory, now):
        if info.locked or (info.usable and not everything):
            continue
        with contextlib.suppress(OSError):
            info.file.unlink()
            removed.append(info)
        with contextlib.suppress(OSError):
            lock = info.file.with_suffix(".lock")
            if not _is_locked(lock):
                lock.unlink()
    return removed
