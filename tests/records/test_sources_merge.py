"""One talk, one record: notes, recordings and the program merged, doubtful matches refused."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from fixture_paths import TEAM_NOTES
from shared_data import shared_data

from bot.cards.answers import Surface
from bot.cards.talk_card import VIDEO_ACTION, talk_blocks
from bot.core.talkbot import Talkbot
from bot.digest.state import DigestState, Pick
from bot.records.library import Library, load_library
from bot.records.merge import fold, same_person, title_similarity
from bot.records.models import LinkKind, SourceKind, Talk, TalkKind
from bot.storage import open_engine

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "pycascades-2024.md"
RIVERPY = Path(__file__).parent.parent / "fixtures" / "sources" / "riverpy"


@pytest.fixture(scope="module")
def riverpy() -> Library:
    """Our own notes of a conference beside its recordings, in pyvideo's layout."""
    return load_library(RIVERPY, log_errors=False)


@pytest.fixture(scope="module")
def seed_and_recordings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed notes beside pyvideo's records of that conference, read from ../shared/data."""
    recordings = shared_data("pyvideo", "pycascades-2024")
    root = tmp_path_factory.mktemp("seed")
    shutil.copy(SEED, root / "pycascades-2024.md")
    shutil.copytree(recordings, root / "pyvideo" / "pycascades-2024")
    return root


@pytest.fixture(scope="module")
def seeded(seed_and_recordings: Path) -> Library:
    return load_library(seed_and_recordings, log_errors=False)


@pytest.fixture(scope="module")
def team() -> Library:
    return load_library(TEAM_NOTES, log_errors=False)


def _kinds(talk: Talk) -> list[SourceKind]:
    return [s.kind for s in talk.sources]


def _by_title(library: Library, words: str) -> Talk:
    [talk] = [t for t in library.talks if words.lower() in t.title.lower()]
    return talk


# -- notes beside a conference's recordings -------------------------------------------------


def test_every_recording_of_a_noted_talk_merges_with_the_notes(riverpy: Library) -> None:
    merged = [t for t in riverpy.talks if _kinds(t) == [SourceKind.NOTES, SourceKind.PYVIDEO]]
    # The notes' ids, each talk once; the titles are the catalogue's.
    assert sorted(t.id for t in merged) == [
        "riverpy-2023/goodbye-print-hello-logging",
        "riverpy-2023/make-your-docker-images-smaller",
        "riverpy-2023/pyladies-panel-careers-in-python",
        "riverpy-2023/why-is-my-dataframe-so-slow",
    ]
    assert _by_title(riverpy, "Hello Logging").title == (
        "Goodbye Print, Hello Logging: A Tour of Structured Logging"
    )
    for talk in merged:
        video = talk.video
        assert video is not None and video.url.startswith("https://www.youtube.com/watch?v=rv23")
        assert talk.id.startswith("riverpy-2023/")
        assert talk.source.file.endswith("riverpy-2023.md")  # the notes stay the primary
    recordings = Counter(s.file for t in riverpy.talks for s in t.sources if s.kind == "pyvideo")
    assert len(recordings) == 6 and set(recordings.values()) == {1}
    # A recording nobody noted is a record of its own.
    files = _by_title(riverpy, "Million Small Files")
    assert _kinds(files) == [SourceKind.PYVIDEO] and not files.has_notes_source


def test_merges_keep_the_best_of_each_source(riverpy: Library) -> None:
    panel = _by_title(riverpy, "PyLadies Panel")
    assert panel.kind is TalkKind.PANEL
    assert panel.speakers == ["Nadia Haddad", "Lucía Paredes", "Grace Oyelaran"]
    dataframe = _by_title(riverpy, "dataframe")
    assert dataframe.speakers == ["Bram Dekker"]  # not the catalogue's 'Bram D'
    # The id is still the notes' id; the recording's id is an alias of it.
    assert dataframe.id == "riverpy-2023/why-is-my-dataframe-so-slow"
    logging = _by_title(riverpy, "Hello Logging")
    assert logging.aliases == [
        "riverpy-2023/goodbye-print-hello-logging-a-tour-of-structured-logging"
    ]
    assert riverpy.resolve(logging.aliases[0]) is logging
    docker = _by_title(riverpy, "Docker Images")
    assert docker.notes and "multi-stage builds" in docker.notes
    assert docker.abstract.startswith("Slim images build faster")  # the notes' quote first
    assert "five patterns" in dataframe.abstract  # else the recording's description, as text
    links = [lk.url for lk in docker.links]
    assert len(links) == len(set(links))
    assert "https://speakerdeck.com/aiko/smaller-images" in links


def test_lightning_talks_stay_apart_from_the_compilation_recording(riverpy: Library) -> None:
    session = _by_title(riverpy, "Lightning Talks")
    assert _kinds(session) == [SourceKind.PYVIDEO]
    assert session.speakers == [] and not session.has_notes_source
    noted = [t for t in riverpy.talks if t.kind is TalkKind.LIGHTNING and t is not session]
    assert sorted(t.title for t in noted) == [
        "My Bike Computer Runs Python",
        "Tiny Databases with SQLite",
    ]
    for talk in noted:
        assert _kinds(talk) == [SourceKind.NOTES]
        assert talk.video is None


@pytest.mark.parametrize(("folder", "records"), [(RIVERPY, 8), (None, 28)], ids=["riverpy", "seed"])
def test_list_json_has_no_duplicate_record(
    folder: Path | None, records: int, request: pytest.FixtureRequest
) -> None:
    data = folder or request.getfixturevalue("seed_and_recordings")
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "list", "--json", "--data", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    listed = json.loads(result.stdout)
    assert len(listed) == records
    ids = [r["id"] for r in listed] + [a for r in listed for a in r["aliases"]]
    assert len(ids) == len(set(ids))
    titles = [fold(r["title"]) for r in listed]
    assert len(titles) == len(set(titles))
    for record in listed:
        assert {
            "sources",
            "aliases",
            "start",
            "duration_minutes",
            "room",
            "language",
            "code",
        } <= set(record)
        assert record["sources"][0]["file"] == record["source"]["file"]


def _merge_lines(data: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "check", "--verbose", "."],
        cwd=data,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    return [line for line in result.stdout.splitlines() if ": merged with " in line]


def test_check_reports_each_merge_with_both_places_and_the_similarity(tmp_path: Path) -> None:
    shutil.copytree(RIVERPY, tmp_path / "riverpy")
    merges = _merge_lines(tmp_path / "riverpy")
    assert len(merges) == 4
    assert (
        "riverpy-2023.md:5: info: merged with recordings/riverpy-2023/videos/"
        "make-your-docker-images-smaller.json:1 (title similarity 1.00)"
    ) in merges


def test_check_reports_the_merges_of_the_seed_notes_and_their_recordings(
    seed_and_recordings: Path,
) -> None:
    merges = _merge_lines(seed_and_recordings)
    assert len(merges) == 19
    assert (
        "pycascades-2024.md:871: info: merged with "
        "pyvideo/pycascades-2024/videos/the-rising-sea.json:1 (title similarity 1.00)"
    ) in merges
    panel = next(line for line in merges if "pyladies-panel" in line)
    assert "(title similarity 0.9" in panel


def test_the_seed_notes_merge_with_their_real_recordings(seeded: Library) -> None:
    merged = [t for t in seeded.talks if _kinds(t) == [SourceKind.NOTES, SourceKind.PYVIDEO]]
    assert len(merged) == 19
    recordings = Counter(s.file for t in seeded.talks for s in t.sources if s.kind == "pyvideo")
    assert len(recordings) == 20 and set(recordings.values()) == {1}
    rust = _by_title(seeded, "Best Language to Write Python")
    assert rust.speakers == ["Trent Hauck"]  # not pyvideo's 'Trent H'
    session = _by_title(seeded, "Lightning Talks")
    assert _kinds(session) == [SourceKind.PYVIDEO]
    assert len([t for t in seeded.talks if t.kind is TalkKind.LIGHTNING]) == 9


# -- a team's notes, the program and a recording (fixtures) --------------------------------


def test_two_peoples_notes_and_the_program_and_a_recording_are_one_record(team: Library) -> None:
    talk = _by_title(team, "Fast Parsers")
    assert _kinds(talk) == [
        SourceKind.NOTES,
        SourceKind.NOTES,
        SourceKind.PRETALX,
        SourceKind.PYVIDEO,
    ]
    assert talk.title == "Fast Parsers in Pure Python"  # the program's, not 'pyhton'
    assert talk.speakers == ["Priya Natarajan"]  # not 'Priya N.' nor 'Priya N'
    assert talk.note_authors == ["Ana Lima", "Bo Chen"]
    assert talk.id == "democonf-2025/fast-parsers-in-pure-python"
    # Program and recording share the notes' id here; Bo's heading had a typo.
    assert talk.aliases == ["democonf-2025/fast-parsers-in-pure-pyhton"]
    # Every person's notes are kept, each with where it came from.
    assert "Memoising the rules" in talk.notes and "packrat parsing explained" in talk.notes
    assert "**Notes by Ana Lima** (ana.md:6)" in talk.notes
    ana, bo = (s for s in talk.sources if s.kind is SourceKind.NOTES)
    assert (Path(ana.file).name, ana.line, ana.author) == ("ana.md", 6, "Ana Lima")
    assert (Path(bo.file).name, bo.line, bo.author) == ("bo.md", 5, "Bo Chen")
    assert "Memoising" in ana.notes and "Memoising" not in bo.notes
    # Program facts, the recording and every link once.
    assert talk.day == 1 and talk.room == "Main Hall" and talk.code == "FASTPY"
    assert talk.duration_minutes == 40
    assert talk.video is not None and talk.video.url.endswith("fastparse01")
    pages = [lk for lk in talk.links if lk.kind is LinkKind.TALK_PAGE]
    assert [lk.url for lk in pages] == ["https://pretalx.example.org/democonf-2025/talk/FASTPY/"]
    # Search finds it once, under either person's wording.
    bot = Talkbot(team.talks, aliases=team.aliases)
    for query in ("fast parsers", "packrat", "Priya Natarajan"):
        hits = bot.engine.ask(query, limit=10).matches
        assert [h.talk.id for h in hits].count(talk.id) == 1
        assert hits[0].talk.id == talk.id


def test_titles_one_word_apart_stay_two_talks(team: Library) -> None:
    python = _by_title(team, "Async Python")
    rust = _by_title(team, "Async Rust")
    assert python is not rust
    assert python.speakers == ["Marta Kowalski"] and rust.speakers == ["Tomás Ruiz"]
    assert [Path(s.file).name for s in python.sources] == ["ana.md", "export.json"]
    assert [Path(s.file).name for s in rust.sources] == ["bo.md", "export.json"]
    # Without speakers to tell them apart, the differing word does.
    dask = _by_title(team, "with Dask")
    ray = _by_title(team, "with Ray")
    assert _kinds(dask) == _kinds(ray) == [SourceKind.NOTES]
    assert title_similarity(fold(dask.title), fold(ray.title)) > 0.85


def test_refused_near_misses_are_reported_with_both_places(team: Library) -> None:
    lines = [str(p) for p in team.problems]
    assert any(
        line.startswith(
            f"{TEAM_NOTES / 'ana.md'}:26: warning: not merged with {TEAM_NOTES / 'bo.md'}:20 "
        )
        and "title similarity 0.8" in line
        for line in lines
    )
    assert any(
        line.startswith(
            f"{TEAM_NOTES / 'ana.md'}:16: warning: not merged with {TEAM_NOTES / 'bo.md'}:15 "
        )
        and "speakers differ" in line
        for line in lines
    )
    assert not team.errors


def test_notes_linking_the_program_page_merge_despite_another_title(team: Library) -> None:
    talk = _by_title(team, "Joy of Packaging")
    assert _kinds(talk) == [SourceKind.NOTES, SourceKind.PRETALX]
    assert talk.id == "democonf-2025/packaging-joy"  # the notes' id, as histories hold
    assert talk.aliases == ["democonf-2025/the-joy-of-packaging"]
    assert talk.speakers == ["Lena Fischer"] and talk.language == "de"
    assert any(
        "ana.md:21: info: merged with" in str(p) and "(same talk page URL)" in str(p)
        for p in team.problems
    )


def test_program_only_talk_is_a_record_and_says_so(team: Library) -> None:
    keynote = _by_title(team, "Keeping the Lights On")
    assert keynote.kind is TalkKind.KEYNOTE and not keynote.has_notes_source
    assert keynote.summary.startswith("How three people run")
    card = json.dumps(talk_blocks(keynote))
    assert "from the program; no notes yet" in card
    assert _by_title(team, "Five Minutes of Regex").kind is TalkKind.LIGHTNING
    assert _by_title(team, "Maintainers Panel").kind is TalkKind.PANEL


def test_cards_show_the_video_button_and_who_noted(team: Library) -> None:
    talk = _by_title(team, "Fast Parsers")
    blocks = talk_blocks(talk)
    [button] = [b["accessory"] for b in blocks if "accessory" in b]
    assert button["action_id"] == VIDEO_ACTION
    assert button["url"] == "https://www.youtube.com/watch?v=fastparse01"
    assert "noted by Ana Lima and Bo Chen" in json.dumps(blocks)
    no_video = _by_title(team, "Async Rust")
    assert not [b for b in talk_blocks(no_video) if b.get("accessory")]
    message = Talkbot(team.talks).reply("fast parsers", Surface.COMMAND)
    assert "fastparse01" in json.dumps(message.blocks)


def test_ids_of_merged_sources_stay_usable(team: Library, tmp_path: Path) -> None:
    talk = _by_title(team, "Joy of Packaging")
    bot = Talkbot(team.talks, aliases=team.aliases)
    shared = bot.share("democonf-2025/the-joy-of-packaging", "U1")
    assert shared is not None and "The Joy of Packaging" in json.dumps(shared.blocks)
    # The digest showed the program-only record; its notes arrived since: still shown.
    state = DigestState(open_engine(f"sqlite:///{tmp_path / 'd.sqlite3'}"))
    state.record_forced("C1", date(2026, 1, 5), Pick(talk.aliases[0], 1), "1.0")
    ids = [t.id for t in team.talks]
    lookup = {a: t.id for t in team.talks for a in t.aliases}
    picks = {
        state.pick("C1", ids, random.Random(seed), lambda i: lookup.get(i, i)).talk_id  # type: ignore[union-attr]
        for seed in range(60)
    }
    assert talk.id not in picks
    assert len(picks) == len(ids) - 1


def test_ids_do_not_change_when_a_source_is_added_or_removed(tmp_path: Path) -> None:
    shutil.copy(TEAM_NOTES / "ana.md", tmp_path / "ana.md")
    notes_only = {t.source.line: t.id for t in load_library(tmp_path, log_errors=False).talks}
    shutil.copytree(TEAM_NOTES / "program", tmp_path / "program")
    shutil.copy(TEAM_NOTES / "bo.md", tmp_path / "bo.md")
    together = load_library(tmp_path, log_errors=False)
    for talk in together.talks:
        ana = [s for s in talk.sources if Path(s.file).name == "ana.md"]
        if ana:
            assert talk.id == notes_only[ana[0].line]
    # The other way round: a program-only talk whose notes arrive keeps its id as an alias.
    (tmp_path / "ana.md").unlink()
    (tmp_path / "bo.md").unlink()
    program_only = load_library(tmp_path, log_errors=False).by_id()
    assert "democonf-2025/the-joy-of-packaging" in program_only
    resolved = together.resolve("democonf-2025/the-joy-of-packaging")
    assert resolved is not None and resolved.id == "democonf-2025/packaging-joy"


def test_name_matching() -> None:
    assert same_person("Trent H", "Trent Hauck")
    assert same_person("Priya N.", "Priya Natarajan")
    assert same_person("Sheena O'Conell", "Sheena O'Connell")
    assert same_person("José Núñez", "Jose Nunez")
    assert not same_person("Ana Lima", "Ana Souza")
    assert not same_person("Bo Chen", "Cy Dee")
    assert title_similarity(fold("Testing, part 1"), fold("Testing, part 2")) <= 0.5
