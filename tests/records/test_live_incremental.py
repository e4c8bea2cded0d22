"""Live reload merges and indexes only what an edit touched, and answers as a full rebuild.

`LiveData` keeps each part of the library merged (`bot.records.parts`) and updates a copy
of the search index in use; after each edit below, the snapshot it publishes must hold
the same talks, aliases and problems as loading the data afresh, answer the same top 10,
and so must a restart from the cache it wrote.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.live import LiveData, Snapshot
from bot.records.library import Library, load_library
from bot.records.models import Talk
from bot.records.parts import PartMerger

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
QUERIES = [
    "fast parsers",
    "parsers pure python",
    "hypothesis",
    "async python",
    "packaging",
    "dask pipelines",
    "docker images",
    "dataframe slow",
    "structured logging",
    "lightning talks",
    "priya",
    "marta kowalski",
    "riverpy",
    "democonf keynote",
    "quantum widgets",
    "hypotesis",
    "kubernetes",
    "small files",
]

NEW_NOTES = (
    "# DemoConf 2025\n\n## Quantum Widgets for Beginners\nIrene Adler\n\n"
    "Qubits, gently, with a detour through fast parsers.\n"
)
RIVER_NOTES = "# Riverpy 2023\n\n## Tiny Wheels\nOla Nord\n\nSmaller wheels, faster installs.\n"
# Another conference's notes linking a DemoConf talk page: the page joins the two.
LINKED_NOTES = (
    "# Lakeside Py 2024\n\n## Packaging joy, again\n"
    "<https://pretalx.example.org/democonf-2025/talk/PKGJOY/>\n\nStill one pyproject.toml.\n"
)
UNNAMED_NOTES = (
    "# My notes\n\n## Fast parsers in pure Python\nPriya Natarajan\n\nMemoising.\n\n"
    "## Testing with Hypothesis\nDan Wu\n\nProperties.\n"
)


def _retitle(path: str, title: str) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        target = data / path
        record = json.loads(target.read_text(encoding="utf-8"))
        record["title"] = title
        target.write_text(json.dumps(record), encoding="utf-8")

    return edit


def _write(path: str, text: str) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        (data / path).parent.mkdir(parents=True, exist_ok=True)
        (data / path).write_text(text, encoding="utf-8")

    return edit


def _remove(path: str) -> Callable[[Path], None]:
    return lambda data: (data / path).unlink()


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        target = data / path
        text = target.read_text(encoding="utf-8")
        assert old in text
        target.write_text(text.replace(old, new), encoding="utf-8")

    return edit


RECORDING = "team/recordings/democonf-2025/videos/fast-parsers.json"
RIVER = "riverpy/recordings/riverpy-2023/videos/why-is-my-dataframe-so-slow.json"

# Each edit, and what it exercises.
EDITS: list[tuple[str, list[Callable[[Path], None]]]] = [
    ("a recording retitled (its merge with notes and program)", [_retitle(RECORDING, "Parsers")]),
    ("a recording of another conference retitled", [_retitle(RIVER, "Dataframes, slowly")]),
    ("a notes file added", [_write("team/carol.md", NEW_NOTES)]),
    ("a notes file removed", [_remove("team/bo.md")]),
    ("a notes talk renamed", [_replace("team/ana.md", "Testing with Hypothesis", "Hypothesis")]),
    (
        "notes of another conference among these files (the parts interleave)",
        [_write("team/bob-river.md", RIVER_NOTES)],
    ),
    (
        "another conference's notes linking a talk page (a page joins parts)",
        [_write("team/lakeside.md", LINKED_NOTES)],
    ),
    (
        "notes that name no known conference (the library is one part)",
        [_write("team/mine.md", UNNAMED_NOTES)],
    ),
    (
        "such notes removed again",
        [_write("team/mine.md", UNNAMED_NOTES), _remove("team/mine.md")],
    ),
    (
        "a URL shared by two records of one origin (taken off every record)",
        [
            _replace(
                "riverpy/riverpy-2023.md",
                "## Why is my dataframe so slow",
                "## Why is my dataframe so slow\n\n<https://www.youtube.com/watch?v=fastparse01>",
            ),
            _replace(
                "riverpy/riverpy-2023.md",
                "## Make Your Docker Images Smaller",
                "## Make Your Docker Images Smaller\n\n"
                "<https://www.youtube.com/watch?v=fastparse01>",
            ),
        ],
    ),
    (
        "two edits in a row, then one undone",
        [
            _retitle(RECORDING, "Parsers"),
            _write("team/carol.md", NEW_NOTES),
            _retitle(RECORDING, "Fast parsers in pure Python"),
        ],
    ),
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    for name in ("team", "riverpy", "pretalx"):
        shutil.copytree(FIXTURES / "sources" / name, target / name)
    return target


def answers(snapshot: Snapshot) -> list[list[str]]:
    return [[h.talk.id for h in snapshot.engine.ask(q, limit=10).matches] for q in QUERIES]


def assert_same(snapshot: Snapshot, library: Library) -> None:
    """`snapshot` holds and answers what a snapshot of `library`, built afresh, does."""
    fresh = Snapshot.of_library(library)
    assert snapshot.talks == fresh.talks
    assert dict(snapshot.aliases) == dict(fresh.aliases)
    assert answers(snapshot) == answers(fresh)


@pytest.mark.parametrize(("what", "edits"), EDITS, ids=[what for what, _ in EDITS])
def test_a_reload_equals_a_full_rebuild(
    what: str, edits: list[Callable[[Path], None]], data: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    published: list[Snapshot] = []
    live = LiveData(data, published.append, cache_dir=cache)
    live.snapshot_of(live.load())
    live.prepare()
    for step, edit in enumerate(edits):
        edit(data)
        # An edit within the file system's time resolution must still be seen.
        for name in data.rglob("*"):
            if name.is_file():
                stat = name.stat()
                _touch(name, stat.st_mtime_ns + (step + 1) * 10_000_000)
        assert live.poll_and_publish(), what
        assert_same(published[-1], load_library(data, log_errors=False))
    restarted = LiveData(data, published.append, cache_dir=cache)
    assert_same(restarted.snapshot_of(restarted.load()), load_library(data, log_errors=False))


def _touch(path: Path, mtime_ns: int) -> None:
    import os

    os.utime(path, ns=(mtime_ns, mtime_ns))


def test_a_reload_keeps_the_problems_of_a_full_rebuild(data: Path, tmp_path: Path) -> None:
    """Problems are the same, in the order of the library's parts."""
    live = LiveData(data, lambda snapshot: None, cache_dir=tmp_path / "cache")
    live.snapshot_of(live.load())
    live.prepare()
    _write("team/mine.md", UNNAMED_NOTES)(data)
    library = live.poll()
    assert library is not None
    fresh = load_library(data, log_errors=False)
    assert Counter(library.problems) == Counter(fresh.problems)


def test_a_part_that_did_not_change_is_not_merged_again(
    data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from bot.records import parts

    live = LiveData(data, lambda snapshot: None, cache_dir=tmp_path / "cache")
    live.snapshot_of(live.load())
    live.prepare()
    merged: list[list[Talk]] = []
    original = parts.merge

    def counted(records: list[Talk], shared: set[str] | None = None) -> parts.Merged:
        merged.append(records)
        return original(records, shared)

    monkeypatch.setattr(parts, "merge", counted)
    _retitle(RIVER, "Dataframes, slowly")(data)
    assert live.poll() is not None
    assert [{t.conference.casefold() for t in records} for records in merged] == [{"riverpy"}]


def test_unchanged_talks_are_shared_with_the_snapshot_before(data: Path, tmp_path: Path) -> None:
    live = LiveData(data, lambda snapshot: None, cache_dir=tmp_path / "cache")
    before = live.snapshot_of(live.load())
    live.prepare()
    _retitle(RIVER, "Dataframes, slowly")(data)
    library = live.poll()
    assert library is not None
    after = live.snapshot_of(library)
    kept = [t for t in after.talks if t.id in before.by_id]
    assert kept
    assert all(t is before.by_id[t.id] for t in kept if t.conference.casefold() != "riverpy")


def test_merging_by_parts_gives_the_talks_of_merging_the_whole(data: Path) -> None:
    from bot.records.library import build_library, load_results, source_files

    results = load_results(data, source_files(data))
    whole = build_library(results)
    by_parts = build_library(results, PartMerger())
    assert by_parts.talks == whole.talks
    assert by_parts.aliases == whole.aliases
