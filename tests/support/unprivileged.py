"""Run a command without root's power to read any file, so permission rows run in CI (as root).

As root, the command runs as the user ``nobody`` when that user can start this interpreter and
import xmedia; otherwise (an interpreter under a private home, say) as root with the capabilities
that bypass file modes dropped (``setpriv``, util-linux). Not root: it runs as is.
"""

from __future__ import annotations

import functools
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
USER = "nobody"
DROP_FILE_CAPABILITIES = (
    "setpriv",
    "--inh-caps=-all",
    "--bounding-set=-dac_override,-dac_read_search",
    "--",
)


@functools.cache
def _user_can_run_python() -> bool:
    try:
        pwd.getpwnam(USER)
        probe = subprocess.run(
            [sys.executable, "-c", "import xmedia"],
            user=USER,
            cwd="/",
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (KeyError, OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


def how() -> str | None:
    """ "user", "capabilities", "as-is" (not root), or None when no way is available."""
    if not IS_ROOT:
        return "as-is"
    if _user_can_run_python():
        return "user"
    if shutil.which("setpriv"):
        return "capabilities"
    return None


def shared_directory() -> Path:
    """A directory the unprivileged command can enter and write in (removed by the caller)."""
    path = Path(tempfile.mkdtemp(prefix="xmedia-unprivileged-"))
    path.chmod(0o777)
    return path


def hand_over(*paths: Path) -> None:
    """Make ``paths`` the unprivileged command's own when it runs as another user (a file mode
    then decides, not ownership); as root without that power, or not root, nothing to do."""
    if how() != "user":
        return
    entry = pwd.getpwnam(USER)
    for path in paths:
        os.chown(path, entry.pw_uid, entry.pw_gid)


def run(
    argv: Sequence[str], env: Mapping[str, str], *, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    mode = how()
    if mode is None:
        raise RuntimeError(f"cannot drop root's file access: no user {USER!r} and no setpriv")
    command = list(argv)
    if mode == "capabilities":
        command = [*DROP_FILE_CAPABILITIES, *command]
    return subprocess.run(
        command,
        env={**env, "HOME": env.get("HOME", "/"), "PYTHONDONTWRITEBYTECODE": "1"},
        user=USER if mode == "user" else None,
        cwd="/",
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
