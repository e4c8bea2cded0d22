"""Fixtures several test folders share."""

from __future__ import annotations

import pytest
from shared_data import shared_data

from bot.records.library import Library, load_library


@pytest.fixture(scope="session")
def pyvideo_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The whole pyvideo.org catalogue, read in place and merged once for the whole run
    (reading it is the slowest step of the suite); a skip where ../shared is absent."""
    catalogue = shared_data("pyvideo-all")
    cache = tmp_path_factory.mktemp("pyvideo-cache")
    return load_library(catalogue, log_errors=False, cache_dir=cache)
