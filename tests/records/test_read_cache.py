"""The on-disk cache of read results, merged library and search index (bot.records.cache).

A restart with unchanged data reads no file; an edit re-reads only the edited file (and a
category edit the recordings under it); whatever is wrong with the cache, the load gives
the same library as without it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.live import LiveData, Snapshot
from bot.records import library as library_module
from bot.records.cache import CACHE_FILE
from bot.records.library import Library, load_library
from bot.records.models import FileResult

TEAM = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "team"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(TEAM, target)
    return target


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file a loader reads, by name."""
    seen: list[str] = []
    original = library_module.load_path

    def counted(path: Path, root: Path) -> FileResult | None:
        seen.append(path.name)
        return original(path, root)

    monkeypatch.setattr(library_module, "load_path", counted)
    return seen


def same(a: Library, b: Library) -> bool:
    return (a.talks, a.conferences, a.problems, a.aliases) == (
        b.talks,
        b.conferences,
        b.problems,
        b.aliases,
    )


def test_a_restart_with_unchanged_data_reads_no_file(
    data: Path, tmp_path: Path, reads: list[str]
) -> None:
    plain = load_library(data)
    reads.clear()
    first = load_library(data, cache_dir=tmp_path / "cache")
    assert reads, "a cold start reads every file"
    reads.clear()
    again = load_library(data, cache_dir=tmp_path / "cache")
    assert reads == []
    assert same(first, plain) and same(again, plain)


@pytest.mark.parametrize(
    ("edited", "read_again"),
    [
        ("ana.md", {"ana.md"}),
        ("recordings/democonf-2025/videos/fast-parsers.json", {"fast-parsers.json"}),
        # The category names the conference of every recording beside it.
        (
            "recordings/democonf-2025/category.json",
            {"category.json", "fast-parsers.json", "lightning.json"},
        ),
    ],
)
def test_an_edit_reads_only_what_it_changes(
    data: Path, tmp_path: Path, reads: list[str], edited: str, read_again: set[str]
) -> None:
    load_library(data, cache_dir=tmp_path / "cache")
    path = data / edited
    if path.suffix == ".json":
        record = json.loads(path.read_text(encoding="utf-8"))
        record["title"] = f"{record['title']} (edited)"
        path.write_text(json.dumps(record), encoding="utf-8")
    else:
        path.write_text(path.read_text(encoding="utf-8") + "\n## An added talk\n", encoding="utf-8")
    reads.clear()
    cached = load_library(data, cache_dir=tmp_path / "cache")
    assert set(reads) == read_again
    assert same(cached, load_library(data))


@pytest.mark.parametrize(
    "damage",
    [
        lambda cache: (cache / CACHE_FILE).write_bytes(b"not a database at all"),
        lambda cache: (cache / CACHE_FILE).write_bytes((cache / CACHE_FILE).read_bytes()[:5000]),
        lambda cache: [p.write_bytes(p.read_bytes()[:-100]) for p in cache.glob("index-*")],
        lambda cache: [p.write_bytes(b"x" + p.read_bytes()[1:]) for p in cache.glob("index-*")],
    ],
    ids=["cache-garbage", "cache-cut", "index-cut", "index-flipped"],
)
def test_a_damaged_cache_is_rebuilt_never_trusted(
    data: Path, tmp_path: Path, damage: object
) -> None:
    cache = tmp_path / "cache"
    first = load_library(data, cache_dir=cache)
    expected = [h.talk.id for h in Snapshot.of_library(first).engine.ask("parsers").matches]
    assert expected
    assert callable(damage)
    damage(cache)
    again = load_library(data, cache_dir=cache)
    assert same(again, load_library(data))
    assert [h.talk.id for h in Snapshot.of_library(again).engine.ask("parsers").matches] == expected


def test_a_cache_written_by_another_version_is_a_miss(
    data: Path, tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_library(data, cache_dir=tmp_path / "cache")
    monkeypatch.setattr("bot.records.cache.FORMAT", "another version")
    reads.clear()
    load_library(data, cache_dir=tmp_path / "cache")
    assert reads, "entries of another format must be read again, not trusted"


def test_live_reload_after_a_cached_start_keeps_every_other_file(
    data: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    load_library(data, cache_dir=cache)
    live = LiveData(data, lambda snapshot: None, cache_dir=cache)
    started = live.load()
    notes = data / "bo.md"
    notes.write_text(
        notes.read_text(encoding="utf-8") + "\n## Yet another talk\n\nCy Dee\n\nnotes\n",
        encoding="utf-8",
    )
    reloaded = live.poll()
    assert reloaded is not None
    assert same(reloaded, load_library(data))
    assert len(reloaded.talks) == len(started.talks) + 1
