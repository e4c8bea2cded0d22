"""Live data: `talkbot serve` picks up added, edited, broken and removed files while it answers.

The bot runs as deployed (its own process, HTTP mode, a fake Slack Web API on loopback) on a
copy of a data folder; every step is awaited by polling, never by a fixed sleep.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixture_paths import TEAM_NOTES
from slack_fakes import signing as sl
from slack_fakes.harness import free_port, http, post_signed, wait_until_serving
from slack_fakes.process import running_serve, watched_team_notes
from slack_fakes.web_api import FakeSlack, running_fake_slack
from waiting import until

from bot.live import LiveData, Snapshot
from bot.records.models import SourceKind

_ids = itertools.count()

NEW_NOTES = "# DemoConf 2025\n\n## Quantum Widgets for Beginners\nIrene Adler\n\nQubits, gently.\n"


class Bot:
    def __init__(self, base_url: str, fake: FakeSlack, log_path: Path) -> None:
        self.base_url = base_url
        self.fake = fake
        self.log_path = log_path

    def ask(self, query: str) -> str:
        """A /talk command, answered through its response URL: the answer's blocks as JSON."""
        name = f"live{next(_ids)}"
        status, _ = post_signed(
            self.base_url, *sl.slash_command(query, self.fake.response_url(name))
        )
        assert status == 200
        [call] = self.fake.wait_for(lambda c: c.path == f"/response/{name}")
        return call.blocks_json

    def talks(self) -> int:
        status, body = http("GET", self.base_url + "/health")
        assert status == 200
        return int(json.loads(body)["talks"])

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def bot(tmp_path: Path) -> Iterator[tuple[Bot, Path]]:
    port = free_port()
    with running_fake_slack() as fake:
        data, env = watched_team_notes(tmp_path, fake.api_url, port)
        with running_serve(tmp_path, env) as serve:
            base_url = f"http://127.0.0.1:{port}"
            wait_until_serving(base_url, alive=serve.alive)
            yield Bot(base_url, fake, serve.log_path), data


# How long a test waits for what the bot does in the background.
WAIT_SECONDS = 8.0


def test_added_edited_broken_and_removed_files_while_serving(bot: tuple[Bot, Path]) -> None:
    served, data = bot
    start = served.talks()
    assert start == 7  # ana.md and bo.md: two talks merged, the others apart
    assert "Quantum Widgets" not in served.ask("quantum widgets")

    # Added: a new file's talk is answered, and two people's notes merge as they arrive.
    (data / "cy.md").write_text(NEW_NOTES, encoding="utf-8")
    until(lambda: served.talks() == start + 1, "the added file's talk is counted", WAIT_SECONDS)
    assert "Quantum Widgets for Beginners" in served.ask("quantum widgets")

    # Edited: the new title is answered, the old one is gone.
    (data / "cy.md").write_text(
        NEW_NOTES.replace("Quantum Widgets for Beginners", "Quantum Gadgets Explained"),
        encoding="utf-8",
    )
    until(
        lambda: "Quantum Gadgets Explained" in served.ask("quantum gadgets"),
        "the edit",
        WAIT_SECONDS,
    )
    assert served.talks() == start + 1
    assert "Quantum Widgets for Beginners" not in served.ask("quantum widgets beginners")

    # Broken: the file's last good talk stays, one log line says what is wrong, and the
    # rest of the data still updates.
    (data / "cy.md").write_bytes(b"# DemoConf 2025\n\n## Caf\xe9 Talk\nIrene Adler\n")
    (data / "program").mkdir()
    (data / "program" / "export.json").write_bytes(
        (TEAM_NOTES / "program" / "export.json").read_bytes()
    )
    until(lambda: "keeping its last good 1 talk" in served.log(), "the log line", WAIT_SECONDS)
    [line] = [ln for ln in served.log().splitlines() if "keeping its last good" in ln]
    assert "cy.md: not UTF-8" in line
    until(
        lambda: "Keeping the Lights On" in served.ask("keeping the lights on"),
        "program",
        WAIT_SECONDS,
    )
    assert "Quantum Gadgets Explained" in served.ask("quantum gadgets")
    # The program merges into the noted talks: only its three new talks add records.
    assert served.talks() == start + 1 + 3

    # Removed: its talk goes; nothing else does.
    (data / "cy.md").unlink()
    until(lambda: served.talks() == start + 3, "the removed file's talk is dropped", WAIT_SECONDS)
    assert "Quantum Gadgets Explained" not in served.ask("quantum gadgets")
    assert "Fast Parsers in Pure Python" in served.ask("fast parsers")


def test_live_data_reloads_only_what_changed(tmp_path: Path) -> None:
    """In process: a snapshot is published only after a change, built whole."""
    for name in ("ana.md", "bo.md"):
        (tmp_path / name).write_bytes((TEAM_NOTES / name).read_bytes())
    published: list[Snapshot] = []
    live = LiveData(tmp_path, published.append, interval=60)
    first = live.load()
    assert len(first.talks) == 7
    assert live.poll_and_publish() is False and published == []
    (tmp_path / "recordings").mkdir()
    target = tmp_path / "recordings" / "democonf-2025"
    target.mkdir()
    (target / "videos").mkdir()
    source = TEAM_NOTES / "recordings" / "democonf-2025"
    (target / "category.json").write_bytes((source / "category.json").read_bytes())
    (target / "videos" / "fast.json").write_bytes(
        (source / "videos" / "fast-parsers.json").read_bytes()
    )
    assert live.poll_and_publish() is True
    [snapshot] = published
    fast = next(t for t in snapshot.talks if "Fast" in t.title)
    assert [s.kind for s in fast.sources][-1] is SourceKind.PYVIDEO
    assert snapshot.engine.ask("fast parsers").matches[0].talk.id == fast.id
    assert snapshot.resolve("democonf-2025/fast-parsers-in-pure-pyhton") is fast
    # A new conference name in the category file re-reads the recordings under it.
    (target / "category.json").write_text('{"title": "OtherConf 2025"}')
    assert live.poll_and_publish() is True
    recording = next(t for t in published[-1].talks if t.conference == "OtherConf")
    assert recording.sources[0].kind is SourceKind.PYVIDEO
