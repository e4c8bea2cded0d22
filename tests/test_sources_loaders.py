"""The pyvideo and pretalx loaders: recognised by content, every field read."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.records import pretalx, pyvideo
from bot.records.library import load_library, load_path
from bot.records.models import LinkKind, Severity, SourceKind, TalkKind

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
DEMO = FIXTURES / "pretalx-demo" / "democon-schedule.json"
BUNDLED_PYVIDEO = Path(__file__).parent.parent / "data" / "pyvideo" / "pycascades-2024"


# -- pretalx --------------------------------------------------------------------------------


def _demo_events() -> list[tuple[int, str, dict[str, object]]]:
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    return [
        (day["index"], room, event)
        for day in data["schedule"]["conference"]["days"]
        for room, events in day["rooms"].items()
        for event in events
    ]


def test_every_pretalx_demo_event_becomes_a_record_with_its_fields(tmp_path: Path) -> None:
    # Named for nothing in particular, deep in a folder: content, not the name, decides.
    target = tmp_path / "exports" / "whatever.json"
    target.parent.mkdir()
    shutil.copy(DEMO, target)
    library = load_library(tmp_path, log_errors=False)
    assert library.errors == []
    events = _demo_events()
    assert len(events) == 36
    assert len(library.talks) == len(events)
    by_code = {t.code: t for t in library.talks}
    for day, room, event in events:
        url = str(event["url"])
        code = url.rstrip("/").rsplit("/", 1)[-1]
        talk = by_code[code]
        assert talk.title == event["title"]
        assert talk.conference == "DemoCon" and talk.year == 2020
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
        assert talk.kind is (TalkKind.WORKSHOP if event["type"] == "Workshop" else TalkKind.TALK)
        assert (talk.links[0].url, talk.links[0].kind) == (url, LinkKind.TALK_PAGE)
        assert talk.summary
        assert [s.kind for s in talk.sources] == [SourceKind.PRETALX]
        assert not talk.has_notes_source


def test_first_demo_event_in_detail() -> None:
    result = load_path(DEMO, DEMO.parent)
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


def test_bundled_pyvideo_records_load_by_content(tmp_path: Path) -> None:
    shutil.copytree(BUNDLED_PYVIDEO, tmp_path / "somewhere" / "pycascades-2024")
    library = load_library(tmp_path, log_errors=False)
    assert library.errors == []
    assert len(library.talks) == 20
    for talk in library.talks:
        assert talk.conference == "PyCascades" and talk.year == 2024
        video = talk.video
        assert video is not None and video.url.startswith("https://www.youtube.com/watch?v=")
        # The playlist in related_urls is a link, not the recording.
        assert [lk.url for lk in talk.links if lk.kind is LinkKind.VIDEO] == [video.url]
        assert any("playlist" in lk.url for lk in talk.links)
    session = next(t for t in library.talks if t.title == "Lightning Talks")
    assert session.speakers == [] and session.kind is TalkKind.LIGHTNING
    rust = next(t for t in library.talks if "Rust" in t.title)
    assert rust.speakers == ["Trent H"]
    assert rust.duration_minutes is not None and rust.abstract


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
