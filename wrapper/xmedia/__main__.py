"""``python -m xmedia`` and the ``xmedia`` console script.

``xmedia --version`` is answered here, before the command line machinery (typer) is imported:
scripts call it to check an installation, and it should cost no more than starting Python.
"""

from __future__ import annotations

import sys
from typing import NoReturn

__all__ = ["main"]


def main(argv: list[str] | None = None) -> NoReturn:
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"]:
        from . import __version__

        sys.stdout.write(f"xmedia {__version__}\n")
        sys.exit(0)
    from .cli import main as run

    run(args)


if __name__ == "__main__":
    main()
