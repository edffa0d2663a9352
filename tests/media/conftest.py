"""Session-wide generated media (see media_support)."""

from __future__ import annotations

import pytest

from .media_support import MediaLibrary


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> MediaLibrary:
    return MediaLibrary(tmp_path_factory.mktemp("media"))
