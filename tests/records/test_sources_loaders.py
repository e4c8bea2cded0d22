"""The pyvideo and pretalx loaders: recognised by content, every field read."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from shared_data import shared_data

from bot.records import pretalx, pyvideo
from bot.records.library import load_library, load_path
from bot.records.models import LinkKind, Severity, SourceKind, TalkKind

FIXTURES = Path(__file__).parent.parent / "fixtures" / "sources"
# Our own export, in the real shape: two days, two rooms, free-text submission types, persons
# with `public_name` (and one with `name`), an empty room on the second day.
LAKESIDE = FIXTURES / "pretalx" / "lakeside-py-2024.json"
# Our own pyvideo category: reStructuredText descriptions, related_urls as objects and as bare
# strings, the same schedule and playlist URL on every record, a compilation with no speakers.
RIVERPY_RECORDINGS = FIXTURES / "riverpy" / "recordings" / "riverpy-2023"


# -- pretalx --------------------------------------------------------------------------------


def _events(export: Path) -> list[tuple[int, str, dict[str, object]]]:
    data = json.loads(export.read_text(encoding="utf-8"))
    return [
        (day["index"], room, event)
        for day in data["schedule"]["conference"]["days"]
        for room, events in day["rooms"].items()
        for event in events
    ]


# The submission types of both exports, and the kind each names.
KIND_OF_TYPE = {
    "Talk": TalkKind.TALK,
    "Workshop": TalkKind.WORKSHOP,
    "Keynote": TalkKind.KEYNOTE,
    "Talk (30 min)": TalkKind.TALK,
    "Workshop 90 min": TalkKind.WORKSHOP,
    "Lightning talk": TalkKind.LIGHTNING,
    "Vortrag": TalkKind.TALK,
    "panel discussion": TalkKind.PANEL,
}


def _published_demo_export() -> Path:
    return shared_data("pretalx", "democon-schedule.json")


@pytest.mark.parametrize(
    ("export", "conference", "year", "events_expected"),
    [
        pytest.param(lambda: LAKESIDE, "Lakeside Py", 2024, 7, id="our-fixture"),
        pytest.param(_published_demo_export, "DemoCon", 2020, 36, id="pretalx-demo-export"),
    ],
)
def test_every_pretalx_event_becomes_a_record_with_its_fields(
    tmp_path: Path, export: Callable[[], Path], conference: str, year: int, events_expected: int
) -> None:
    source = export()
    # Named for nothing in particular, deep in a folder: content, not the name, decides.
    target = tmp_path / "exports" / "whatever.json"
    target.parent.mkdir()
    shutil.copy(source, target)
    library = load_library(tmp_path, log_errors=False)
    assert library.errors == []
    events = _events(source)
    assert len(events) == events_expected
    assert len(library.talks) == len(events)
    by_code = {t.code: t for t in library.talks}
    for day, room, event in events:
        url = str(event["url"])
        code = url.rstrip("/").rsplit("/", 1)[-1]
        talk = by_code[code]
        assert talk.title == event["title"]
        assert talk.conference == conference and talk.year == year
        assert talk.day == day
        assert talk.room == room == event["room"]
        assert talk.language == event["language"]
        names = [str(p.get("name") or p.get("public_name")) for p in event["persons"]]  # type: ignore[attr-defined]
        assert talk.speakers == names
        assert str(event["abstract"]) in talk.abstract
        assert str(event["description"]).strip()[:40] in talk.abstract
        assert talk.start == datetime.fromisoformat(str(event["date"]))
        hours, minutes = str(event["duration"]).split(":")
        assert talk.duration_minutes == int(hours) * 60 + int(minutes)
        assert talk.kind is KIND_OF_TYPE[str(event["type"])]
        assert (talk.links[0].url, talk.links[0].kind) == (url, LinkKind.TALK_PAGE)
        assert talk.summary
        assert [s.kind for s in talk.sources] == [SourceKind.PRETALX]
        assert not talk.has_notes_source


def test_first_demo_event_in_detail() -> None:
    demo = _published_demo_export()
    result = load_path(demo, demo.parent)
    assert result is not None
    talk = next(t for t in result.talks if t.code == "G9JGWY")
    assert talk.id == "democon-2020/focused-5thgeneration-hardware"
    assert talk.speakers == ["Brian Robinson"]
    assert talk.start == datetime(2020, 12, 14, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    assert talk.start.astimezone(UTC).hour == 8
    assert talk.duration_minutes == 30
    assert talk.room == "Gray Room"
    assert talk.abstract.startswith("Brand back-end models!")
    assert result.conferences[0].name == "DemoCon"


def test_our_export_in_detail() -> None:
    result = load_path(LAKESIDE, LAKESIDE.parent)
    assert result is not None and result.problems == []
    by_code = {t.code: t for t in result.talks}
    panel = by_code["MX8AHT"]
    assert panel.speakers == ["Marisol Ekwueme", "Daniyar Seitkali", "Ola Brandvik"]
    assert panel.kind is TalkKind.PANEL and panel.day == 2 and panel.room == "Boathouse"
    # One person named by `public_name`, the other by `name`: both read, in order.
    assert by_code["HV2C6P"].speakers == ["Ines Thorvaldsen", "Kwame Asante"]
    notebooks = by_code["DF3UYG"]
    assert notebooks.language == "de" and notebooks.abstract.startswith("How a research notebook")
    assert notebooks.start == datetime(2024, 6, 15, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    workshop = by_code["WB9TXE"]
    assert workshop.duration_minutes == 90 and workshop.kind is TalkKind.WORKSHOP
    assert result.conferences[0].name == "Lakeside Py"


@pytest.mark.parametrize(
    ("submission_type", "kind"),
    [
        ("Lightning Talk", TalkKind.LIGHTNING),
        ("LightningTalk 15min", TalkKind.LIGHTNING),
        ("lightning talk", TalkKind.LIGHTNING),
        ("Keynote", TalkKind.KEYNOTE),
        ("KEYNOTE", TalkKind.KEYNOTE),
        ("Panel", TalkKind.PANEL),
        ("panel discussion", TalkKind.PANEL),
        ("Workshop 60 Min", TalkKind.WORKSHOP),
        ("WORKSHOP", TalkKind.WORKSHOP),
        ("Tutorial (3h)", TalkKind.WORKSHOP),
        ("Talk 30 min + 10 min Q&A", TalkKind.TALK),
        ("Talk", TalkKind.TALK),
        ("Vortrag", TalkKind.TALK),
        ("Something new", TalkKind.TALK),
        ("", TalkKind.TALK),
    ],
)
def test_kind_from_free_text_submission_type(submission_type: str, kind: TalkKind) -> None:
    assert pretalx.kind_from_type(submission_type) is kind


def test_public_name_is_read_when_name_is_missing() -> None:
    result = load_path(FIXTURES / "team" / "program" / "export.json", FIXTURES / "team")
    assert result is not None
    workshop = next(t for t in result.talks if t.code == "HYPWKS")
    assert workshop.speakers == ["Dan Wu"]
    assert workshop.kind is TalkKind.WORKSHOP


# -- pyvideo --------------------------------------------------------------------------------


def _published_category() -> Path:
    return shared_data("pyvideo", "pycascades-2024")


@pytest.mark.parametrize(
    ("category", "conference", "year", "records", "shortened"),
    [
        pytest.param(lambda: RIVERPY_RECORDINGS, "RiverPy", 2023, 6, ("Dataframe", "Bram D")),
        pytest.param(_published_category, "PyCascades", 2024, 20, ("Rust", "Trent H")),
    ],
    ids=["our-fixture", "pyvideo-pycascades-2024"],
)
def test_pyvideo_records_load_by_content(
    tmp_path: Path,
    category: Callable[[], Path],
    conference: str,
    year: int,
    records: int,
    shortened: tuple[str, str],
) -> None:
    shutil.copytree(category(), tmp_path / "somewhere" / "whatever")
    library = load_library(tmp_path, log_errors=False)
    assert library.errors == []
    assert len(library.talks) == records
    for talk in library.talks:
        assert talk.conference == conference and talk.year == year
        video = talk.video
        assert video is not None and video.url.startswith("https://www.youtube.com/watch?v=")
        # The playlist in related_urls is not the recording; like the schedule, every record
        # of the category carries it, so it points at no talk and is on none.
        assert [lk.url for lk in talk.links if lk.kind is LinkKind.VIDEO] == [video.url]
        assert not any("playlist" in lk.url or "schedule" in lk.url for lk in talk.links)
    session = next(t for t in library.talks if t.title == "Lightning Talks")
    assert session.speakers == [] and session.kind is TalkKind.LIGHTNING
    title_word, name = shortened
    talk = next(t for t in library.talks if title_word in t.title)
    assert talk.speakers == [name]  # as the catalogue shortened it
    assert talk.duration_minutes is not None and talk.abstract


def test_pyvideo_record_fields_rst_and_both_related_url_shapes() -> None:
    path = FIXTURES / "team" / "recordings" / "democonf-2025" / "videos" / "fast-parsers.json"
    result = load_path(path, FIXTURES / "team")
    assert result is not None and result.problems == []
    [talk] = result.talks
    assert talk.conference == "DemoConf" and talk.year == 2025  # from category.json
    assert talk.title == "Fast parsers in pure Python"
    assert talk.speakers == ["Priya N"]
    assert talk.duration_minutes == 30
    kinds = {lk.url: lk.kind for lk in talk.links}
    assert kinds["https://www.youtube.com/watch?v=fastparse01"] is LinkKind.VIDEO
    assert kinds["https://speakerdeck.com/priya/fast-parsers"] is LinkKind.SLIDES
    assert kinds["https://github.com/priya/fastparse"] is LinkKind.CODE
    assert kinds["https://www.youtube.com/playlist?list=PLdemoconf2025"] is LinkKind.OTHER
    # reStructuredText shown as readable text, not markup.
    assert "====" not in talk.abstract and "``" not in talk.abstract and "`_" not in talk.abstract
    assert ".. note::" not in talk.abstract
    assert "Why re is not enough" in talk.abstract
    assert "packrat parsing (https://en.wikipedia.org/wiki/Packrat_parser) helps:" in talk.abstract
    assert "See the slides for all the numbers." in talk.abstract


def test_rst_to_text_leaves_plain_text_alone() -> None:
    plain = "A talk about graphs.\n\nIt has two paragraphs, and a * star."
    assert pyvideo.rst_to_text(plain) == plain
    assert pyvideo.rst_to_text("Title\n-----\n\nUse ``x`` and :func:`len`.") == (
        "Title\n\nUse x and len."
    )


def test_record_without_speakers_loads(tmp_path: Path) -> None:
    folder = tmp_path / "conf-2023"
    (folder / "videos").mkdir(parents=True)
    (folder / "category.json").write_text('{"title": "Conf 2023"}')
    (folder / "videos" / "x.json").write_text(
        json.dumps(
            {
                "title": "Closing",
                "speakers": [],
                "recorded": "2023-09-01",
                "description": None,
                "videos": [{"type": "vimeo", "url": "https://vimeo.com/123"}],
            }
        )
    )
    [talk] = load_library(tmp_path, log_errors=False).talks
    assert talk.title == "Closing" and talk.speakers == [] and talk.year == 2023
    assert talk.video is not None and talk.video.url == "https://vimeo.com/123"
    assert not talk.has_notes_source


# -- detection ------------------------------------------------------------------------------


def test_unrecognised_and_broken_json_are_reported_and_others_still_load(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Conf 2024\n\n## Fast Things\n\nAna Lima\n")
    (tmp_path / "settings.json").write_text('{"theme": "dark"}')
    (tmp_path / "broken.json").write_text('{"schedule": ')
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    library = load_library(tmp_path, log_errors=False)
    assert [t.title for t in library.talks] == ["Fast Things"]
    messages = {Path(p.file).name: (p.severity, p.message) for p in library.problems}
    assert messages["settings.json"][0] is Severity.WARNING
    assert "neither a pyvideo record nor a pretalx schedule" in messages["settings.json"][1]
    assert messages["broken.json"][0] is Severity.ERROR
    assert messages["broken.json"][1].startswith("not valid JSON")
    assert "photo.png" not in messages
