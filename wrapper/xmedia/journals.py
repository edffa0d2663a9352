"""Resume journals: list them, clean them, and ask whether one can continue an upload.

>>> from xmedia.journals import list_journals, clean_journals, resumable_upload
>>> for info in list_journals():
...     print(info.state, info.source_path, info.media_id)
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from ._auth import base_url_from_env, check_base_url
from ._base import BaseXMedia
from ._config import UploadConfig
from ._journal import JournalInfo, default_journal_dir
from ._journal import clean_journals as _clean
from ._journal import list_journals as _list
from ._runtime import Runtime

__all__ = ["JournalInfo", "clean_journals", "list_journals", "resumable_upload"]


def _directory(journal_dir: str | os.PathLike[str] | None) -> Path:
    return Path(journal_dir) if journal_dir is not None else default_journal_dir()


def list_journals(
    journal_dir: str | os.PathLike[str] | None = None, *, now: float | None = None
) -> list[JournalInfo]:
    """Every resume journal (default directory: see ``UploadConfig.journal_dir``), oldest first."""
    return _list(_directory(journal_dir), time.time() if now is None else now)


def clean_journals(
    journal_dir: str | os.PathLike[str] | None = None,
    *,
    everything: bool = False,
    now: float | None = None,
) -> list[JournalInfo]:
    """Remove the journals no resume can use (expired media, unreadable files) — all of them
    with ``everything`` — except those a running upload holds. Returns what was removed."""
    return _clean(
        _directory(journal_dir), time.time() if now is None else now, everything=everything
    )


class _Resolver(BaseXMedia[Any, Any]):
    """Only the network-free part of a client (no credentials needed)."""

    def __init__(self, base_url: str, config: UploadConfig, runtime: Runtime) -> None:
        self.config = config
        self.runtime = runtime
        self.base_url = base_url


def resumable_upload(
    path: str | os.PathLike[str],
    *,
    base_url: str | None = None,
    journal_dir: str | os.PathLike[str] | None = None,
    now: float | None = None,
) -> JournalInfo | None:
    """The journal ``upload(path, resume=True)`` would continue, or None: the one function that
    knows whether suggesting ``--resume`` can help (same as ``XMedia.resumable``)."""
    url = check_base_url(base_url if base_url is not None else base_url_from_env())
    config = UploadConfig(journal_dir=None if journal_dir is None else Path(journal_dir))
    clock = (lambda: now) if now is not None else time.time
    return _Resolver(url, config, Runtime(clock=clock)).resumable(path)
