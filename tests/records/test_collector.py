"""Loading a library holds the cyclic collector off, and leaves it as it found it.

Reading files, decoding the cached library and indexing allocate objects that all stay
alive: the collector is off while each runs, and afterwards it is on again exactly when it
was on before, also when loading fails.
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fixture_paths import TEAM_NOTES

from bot import live as live_module
from bot.live import LiveData, Snapshot
from bot.records import library as library_module
from bot.records.cache import ReadCache
from bot.records.library import load_library


def _load_library(data: Path, cache: Path) -> None:
    load_library(data, log_errors=False)


def _load_library_cached(data: Path, cache: Path) -> None:
    load_library(data, log_errors=False, cache_dir=cache)
    load_library(data, log_errors=False, cache_dir=cache)  # the second from the cache


def _live_start(data: Path, cache: Path) -> None:
    for _ in range(2):  # a cold start, then a restart from the cache
        live = LiveData(data, lambda snapshot: None, cache_dir=cache)
        live.snapshot_of(live.load())


def _live_start_uncached(data: Path, cache: Path) -> None:
    live = LiveData(data, lambda snapshot: None)
    live.snapshot_of(live.load())


def _snapshot(data: Path, cache: Path) -> None:
    Snapshot.of_library(load_library(data, log_errors=False))


# Each entry point, and the heavy steps it must run with the collector off.
ENTRY_POINTS: dict[str, tuple[Callable[[Path, Path], None], set[str]]] = {
    "load_library": (_load_library, {"read a file"}),
    "load_library with a cache": (_load_library_cached, {"read a file", "decode the library"}),
    "LiveData start and restart": (
        _live_start,
        {"read a file", "decode the library", "index"},
    ),
    "LiveData without a cache": (_live_start_uncached, {"read a file", "index"}),
    "Snapshot.of_library": (_snapshot, {"read a file", "index"}),
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(TEAM_NOTES, target)
    return target


@pytest.fixture
def collector_during(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, set[bool]]]:
    """Whether the collector was on at each call of each heavy step, by step; the
    collector's state is restored after the test."""
    seen: dict[str, set[bool]] = {}

    def spy(step: str, original: Callable[..., object]) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            seen.setdefault(step, set()).add(gc.isenabled())
            return original(*args, **kwargs)

        return call

    monkeypatch.setattr(library_module, "load_path", spy("read a file", library_module.load_path))
    monkeypatch.setattr(ReadCache, "library", spy("decode the library", ReadCache.library))
    monkeypatch.setattr(live_module, "SearchEngine", spy("index", live_module.SearchEngine))
    was_enabled = gc.isenabled()
    try:
        yield seen
    finally:
        gc.enable() if was_enabled else gc.disable()


@pytest.mark.parametrize("enabled", [True, False], ids=["collector on", "collector off"])
@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_collector_off_in_heavy_steps_and_left_as_found(
    entry: str, enabled: bool, data: Path, tmp_path: Path, collector_during: dict[str, set[bool]]
) -> None:
    load, steps = ENTRY_POINTS[entry]
    gc.enable() if enabled else gc.disable()
    load(data, tmp_path / "cache")
    after = gc.isenabled()
    assert collector_during == {step: {False} for step in steps}
    assert after is enabled


def test_collector_back_on_after_a_load_that_fails(
    data: Path, monkeypatch: pytest.MonkeyPatch, collector_during: dict[str, set[bool]]
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(library_module, "build_library", broken)
    gc.enable()
    with pytest.raises(RuntimeError):
        load_library(data, log_errors=False)
    assert gc.isenabled()
