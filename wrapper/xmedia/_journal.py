"""Resume journal: enough to continue an interrupted upload with only the missing segments.

One small JSON file per (base URL, absolute file path). It is rewritten after every acknowledged
segment by writing a temporary file and renaming it over the old one, so a process killed at any
moment leaves either the previous or the new journal, never a torn one. (No fsync: the journal
must survive the process being killed, not the machine losing power.)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._segments import Fingerprint

__all__ = ["Journal", "JournalEntry", "journal_key"]

_VERSION = 1
#: Resume only when the media id is valid for at least this much longer.
EXPIRY_MARGIN_SECONDS = 300.0


@dataclass(slots=True)
class JournalEntry:
    media_id: str
    media_key: str | None
    path: str
    fingerprint: Fingerprint
    chunk_size: int
    total_bytes: int
    media_type: str
    media_category: str | None
    expires_at: float | None
    acked: set[int] = field(default_factory=set)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": _VERSION,
            "media_id": self.media_id,
            "media_key": self.media_key,
            "path": self.path,
            "fingerprint": self.fingerprint.as_dict(),
            "chunk_size": self.chunk_size,
            "total_bytes": self.total_bytes,
            "media_type": self.media_type,
            "media_category": self.media_category,
            "expires_at": self.expires_at,
            "acked": sorted(self.acked),
        }

    @classmethod
    def from_json(cls, data: Any) -> JournalEntry | None:
        """Parse a journal; None for anything unexpected (a bad journal just means start over)."""
        try:
            if not isinstance(data, dict) or data.get("version") != _VERSION:
                return None
            fp = data["fingerprint"]
            return cls(
                media_id=str(data["media_id"]),
                media_key=data.get("media_key"),
                path=str(data["path"]),
                fingerprint=Fingerprint(
                    int(fp["size"]), int(fp["mtime_ns"]), str(fp["sample_sha256"])
                ),
                chunk_size=int(data["chunk_size"]),
                total_bytes=int(data["total_bytes"]),
                media_type=str(data["media_type"]),
                media_category=data.get("media_category"),
                expires_at=None if data.get("expires_at") is None else float(data["expires_at"]),
                acked={int(i) for i in data.get("acked", [])},
            )
        except (KeyError, TypeError, ValueError):
            return None

    def usable_for(self, fingerprint: Fingerprint, now: float) -> bool:
        """Same file content, and the media id still valid long enough to finish."""
        if self.fingerprint != fingerprint or self.total_bytes != fingerprint.size:
            return False
        return self.expires_at is None or self.expires_at - EXPIRY_MARGIN_SECONDS > now


def journal_key(base_url: str, path: str) -> str:
    material = f"{base_url.rstrip('/')}\n{os.path.abspath(path)}".encode()
    return hashlib.sha256(material).hexdigest()[:32]


class Journal:
    """The journal file of one upload; ``save`` is thread-safe and atomic."""

    def __init__(self, directory: Path, key: str) -> None:
        self.directory = directory
        self.key = key
        self.file = directory / f"{key}.json"
        self._lock = threading.Lock()

    def load(self) -> JournalEntry | None:
        self._sweep_dead_writers()
        try:
            raw = self.file.read_text(encoding="utf-8")
        except OSError:
            return None
        try:
            return JournalEntry.from_json(json.loads(raw))
        except ValueError:
            return None

    def save(self, entry: JournalEntry) -> None:
        payload = json.dumps(entry.to_json(), separators=(",", ":"))
        with self._lock:
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
