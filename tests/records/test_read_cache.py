"""The on-disk cache of read results, merged library and search index (bot.records.cache).

A restart with unchanged data reads no file; an edit re-reads only the edited file (and a
category edit the recordings under it); whatever is wrong with the cache, the load gives
the same library as without it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fixture_paths import TEAM_NOTES

from bot.live import LiveData, Snapshot
from bot.records import library as library_module
from bot.records.cache import CACHE_FILE, ReadCache
from bot.records.library import Library, load_library, source_names
from bot.records.models import FileResult, Talk, share_fields_sets


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(TEAM_NOTES, target)
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


def _stored_library(data: Path, cache: Path) -> list[Talk]:
    return load_library(data, cache_dir=cache).talks


def _stored_results(data: Path, cache: Path) -> list[Talk]:
    names = source_names(data)
    results = ReadCache(cache).results(ReadCache(cache).keys(names))
    assert len(results) == len(names)
    return [t for result in results.values() for t in result.talks]


@pytest.mark.parametrize("read", [_stored_library, _stored_results], ids=["library", "results"])
def test_records_read_from_the_cache_share_one_set_of_field_names(
    data: Path, tmp_path: Path, read: Callable[[Path, Path], list[Talk]]
) -> None:
    """Each decoded record was given every field: its models hold one set of field names
    per class (`share_fields_sets`), and are the records as read from the files, dumped
    alike, and copied apart."""
    cache = tmp_path / "cache"
    plain = load_library(data)
    load_library(data, cache_dir=cache)
    talks = read(data, cache)
    held: dict[type, set[int]] = {}
    for talk in talks:
        for model in (talk, talk.source, *talk.links, *talk.sources):
            held.setdefault(type(model), set()).add(id(model.model_fields_set))
    assert {kind.__name__: len(sets) for kind, sets in held.items()} == {
        "Talk": 1,
        "Source": 1,
        "Link": 1,
        "TalkSource": 1,
    }
    if read is _stored_library:
        assert talks == plain.talks
    assert [t.model_dump(exclude_unset=True) for t in talks] == [t.model_dump() for t in talks]
    first, second = talks[:2]
    copied = first.model_copy(update={"title": "Another title"})
    assert copied.model_fields_set is not first.model_fields_set
    assert second.model_fields_set == set(Talk.model_fields)


def test_a_record_missing_a_field_keeps_its_own_set() -> None:
    given = {"id": "conf-2024/parsers", "conference": "Conf", "title": "Parsers"}
    partial = Talk.model_validate({**given, "source": {"file": "a.md", "line": 1}})
    full = Talk.model_validate_json(partial.model_dump_json())
    share_fields_sets([partial, full])
    assert partial.model_fields_set == {*given, "source"}
    assert full.model_fields_set == set(Talk.model_fields)
    partial.summary = "set later"  # pydantic adds it to this record's set alone
    assert "summary" in partial.model_fields_set
    assert full.model_fields_set == set(Talk.model_fields)


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
