"""``xmedia.inspect``: check a media file against X's documented constraints before uploading it.

The probe and the rules live in ``xmedia_limits`` (``media_probe``, ``media_checks``) so that the
bundled
mock's processing runs the very same inspection; this module adds the wrapper's path handling and
typed
errors. PyAV and Pillow are imported only when a file is inspected (``xmedia --version`` stays
fast).
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import replace
from typing import Literal

from xmedia_limits.media_checks import (
    INSTALL_HINT,
    AudioFacts,
    Check,
    ImageFacts,
    MediaFacts,
    MediaReport,
    Status,
    VideoFacts,
    evaluate,
)

from ._errors import ConfigError, InputError, ProcessingError, UnreadableFileError
from ._models import ProblemDetail, UploadedMedia

__all__ = [
    "INSPECTION_PROBLEM_TYPE",
    "INSTALL_HINT",
    "AudioFacts",
    "Check",
    "CheckStatus",
    "ImageFacts",
    "InspectMode",
    "MediaCheck",
    "MediaCheckError",
    "MediaFacts",
    "MediaReport",
    "MediaToolsMissingError",
    "VideoFacts",
    "cite_inspection",
    "explain_failure",
    "inspect",
    "media_tools_missing",
    "preflight",
    "with_inspection",
]

log = logging.getLogger("xmedia")

CheckStatus = Status
#: ``ProblemDetail.type`` of the inspection's findings added to ``UploadedMedia.warnings``.
INSPECTION_PROBLEM_TYPE = "urn:xmedia:media-inspection"
MediaCheck = Check


class MediaCheckError(InputError):
    """The file fails X's media constraints (``upload(..., inspect="strict")``, ``--strict``)."""

    def __init__(self, report: MediaReport) -> None:
        self.report = report
        failures = "; ".join(
            f"{check.name} {check.value}: {check.reason}" for check in report.failures
        )
        hint = " (`xmedia fix` can repair it)" if report.fixable else ""
        super().__init__(
            report.path,
            f"fails X's media constraints: {failures}{hint}; X would fail its processing",
        )


class MediaToolsMissingError(ConfigError):
    """PyAV / Pillow (the ``media`` extra) are needed and not installed."""

    def __init__(self, what: str, missing: tuple[str, ...]) -> None:
        self.missing = missing
        super().__init__(f"{what} needs {' and '.join(missing)}: install them with {INSTALL_HINT}")


def media_tools_missing() -> tuple[str, ...]:
    """The packages of the ``media`` extra that cannot be imported (empty when all are there)."""
    from importlib.util import find_spec

    return tuple(
        name for name, module in (("av", "av"), ("Pillow", "PIL")) if find_spec(module) is None
    )


def _check_path(name: str) -> None:
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise UnreadableFileError(name, "no such file; check the path") from None
    except PermissionError:
        raise UnreadableFileError(name, "permission denied; check the file's permissions") from None
    except OSError as exc:
        raise UnreadableFileError(name, f"cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFileError(
            name, "is not a regular file (a directory, FIFO or device cannot be inspected)"
        )
    if not os.access(name, os.R_OK):
        raise UnreadableFileError(name, "permission denied; check the file's permissions")


def inspect(path: str | os.PathLike[str], *, media_type: str | None = None) -> MediaReport:
    """Check the media file at ``path`` against X's documented constraints.

    Reads headers and a bounded number of packets (no full decode). Returns a :class:`MediaReport`:
    every property checked as pass / warn / fail / unchecked with the reason, the overall
    ``verdict`` and the ``categories`` the file fits. Bad media (damaged, not media at all) is a
    failed check, not an exception; a path that cannot be read raises :class:`UnreadableFileError`.
    Without the ``media`` extra the properties it would read are ``unchecked``, naming the install.
    """
    from xmedia_limits.media_probe import probe

    name = os.fspath(path)
    _check_path(name)
    try:
        facts = probe(name, media_type)
    except PermissionError:
        raise UnreadableFileError(name, "permission denied; check the file's permissions") from None
    except OSError as exc:
        raise UnreadableFileError(name, f"cannot be read ({exc.strerror or exc})") from None
    return evaluate(facts)


#: Reports of files already inspected in this process, keyed by what identifies the file's
#: content without reading it: the CLI checks every file before the first upload, then uploads
#: each, and should not probe it twice. A file changed in between has another key.
_REPORTS: dict[tuple[str, int, int, int, int, str], MediaReport] = {}
_REPORTS_KEPT = 64


def _inspected(path: str, media_type: str) -> MediaReport:
    try:
        info = os.stat(path)
    except OSError:
        return inspect(path, media_type=media_type)  # which names the problem
    key = (
        os.path.realpath(path),
        info.st_dev,
        info.st_ino,
        info.st_size,
        info.st_mtime_ns,
        media_type,
    )
    report = _REPORTS.get(key)
    if report is None:
        report = inspect(path, media_type=media_type)
        if len(_REPORTS) >= _REPORTS_KEPT:
            _REPORTS.clear()
        _REPORTS[key] = report
    return report


#: ``UploadConfig.inspect``: ``advisory`` checks and warns, ``strict`` refuses a file that fails,
#: ``off`` skips the inspection.
InspectMode = Literal["advisory", "strict", "off"]

_INSPECTED_PREFIXES = ("video/", "image/")


def preflight(
    path: str,
    media_type: str,
    media_category: str | None,
    *,
    mode: InspectMode = "advisory",
    category_given: bool = False,
) -> tuple[MediaReport | None, str | None]:
    """The inspection run before INIT, and the category to upload as.

    Returns ``(None, media_category)`` when skipped: ``mode="off"``, a type X does not process
    (subtitles), or the ``media`` extra missing (then upload works as without it). In ``strict``
    mode a failing file raises :class:`MediaCheckError` before any request. Without an explicit
    category, the first one the file fits is used (a 200 s video → ``amplify_video``).
    """
    if mode == "off" or not media_type.startswith(_INSPECTED_PREFIXES) or media_tools_missing():
        return None, media_category
    try:
        report = _inspected(path, media_type)
    except UnreadableFileError:
        raise
    except Exception as exc:  # a fault in the inspection must not cost an upload that would work
        if mode == "strict":
            raise
        log.warning("media inspection skipped for %s: %s: %s", path, type(exc).__name__, exc)
        return None, media_category
    if mode == "strict" and not report.ok:
        raise MediaCheckError(report)
    category = media_category
    if not category_given and report.category is not None:
        category = report.category
    return report, category


def cite_inspection(message: str, report: MediaReport | None) -> str:
    """``message`` (a processing failure's) followed by the inspection's most likely cause."""
    cause = report.most_likely_cause() if report is not None else None
    if cause is None:
        return message
    return (
        f"{message}; the pre-upload inspection's most likely cause: {cause.name} {cause.value}: "
        f"{cause.reason}" + ("; `xmedia fix` can repair it" if cause.fixable else "")
    )


def _inspection_of(prepared: object) -> MediaReport | None:
    report = getattr(prepared, "inspection", None)
    return report if isinstance(report, MediaReport) else None


def with_inspection(media: UploadedMedia, prepared: object) -> UploadedMedia:
    """``media`` with the pre-upload inspection's failures and warnings added to its warnings."""
    report = _inspection_of(prepared)
    if report is None:
        return media
    found = tuple(
        ProblemDetail(
            title=f"media inspection: {check.name} {check.value} ({check.status.value})",
            detail=check.reason,
            type=INSPECTION_PROBLEM_TYPE,
            raw=check.to_dict(),
        )
        for check in report.checks
        if check.status in (Status.FAIL, Status.WARN)
    )
    return replace(media, warnings=media.warnings + found) if found else media


def explain_failure(exc: ProcessingError, prepared: object) -> None:
    """Add the inspection's most likely cause to a processing failure's message (in place)."""
    report = _inspection_of(prepared)
    if report is not None and exc.args:
        exc.args = (cite_inspection(str(exc.args[0]), report), *exc.args[1:])
