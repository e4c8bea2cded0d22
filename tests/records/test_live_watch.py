"""When the running bot looks at its files: when the system reports a change, and every
`interval` where changes cannot be watched (`bot.live.LiveData.start`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import watchfiles
from waiting import until

from bot.live import LiveData, Snapshot

NOTES = "# DemoConf 2025\n\n## {title}\nIrene Adler\n\nAbout {title}.\n"


@pytest.fixture
def published(tmp_path: Path) -> Iterator[tuple[LiveData, list[Snapshot]]]:
    """A bot's live data over one notes file and the snapshots it publishes; its watcher,
    once a test starts it, is stopped on leaving."""
    (tmp_path / "notes.md").write_text(NOTES.format(title="Quantum Widgets"), encoding="utf-8")
    seen: list[Snapshot] = []
    live = LiveData(tmp_path, seen.append, interval=60)
    yield live, seen
    live.stop()


def _titles(seen: list[Snapshot]) -> list[str]:
    return [t.title for t in seen[-1].talks] if seen else []


def test_an_edit_is_picked_up_when_the_system_reports_it(
    tmp_path: Path, published: tuple[LiveData, list[Snapshot]]
) -> None:
    """A minute between looks (and FULL_LOOK_SECONDS, more than the wait), yet the edit
    is served within seconds: the watcher was told. The edit is saved again every half
    second, as the watcher may still be starting when the first save lands."""
    live, seen = published
    live.snapshot_of(live.load())
    live.start()
    notes = tmp_path / "notes.md"
    saves = iter(range(1_000))

    def served() -> bool:
        if next(saves) % 10 == 0:
            notes.write_text(NOTES.format(title="Tidal Gears"), encoding="utf-8")
        return _titles(seen) == ["Tidal Gears"]

    until(served, "the edit is served", 10)


def test_where_changes_cannot_be_watched_the_files_are_looked_at_every_interval(
    tmp_path: Path,
    published: tuple[LiveData, list[Snapshot]],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def cannot_watch(*args: object, **kwargs: object) -> Iterator[set[object]]:
        raise OSError("OS file watch limit reached")
        yield set()  # a generator, as watchfiles.watch is

    monkeypatch.setattr(watchfiles, "watch", cannot_watch)
    live, seen = published
    live.interval = 0.2
    live.snapshot_of(live.load())
    with caplog.at_level(logging.WARNING, logger="bot.live"):
        live.start()
        (tmp_path / "notes.md").write_text(NOTES.format(title="Tidal Gears"), encoding="utf-8")
        until(lambda: _titles(seen) == ["Tidal Gears"], "the edit is served", 10)
    [warning] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warning == (
        f"cannot watch {tmp_path} for changes (OS file watch limit reached): "
        "looking at every file every 0.2 s instead"
    )
