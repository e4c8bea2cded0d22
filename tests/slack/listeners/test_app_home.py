"""The App Home tab through the in-process harness: opened, it is published for the person,
valid by slack_sdk's models for an empty, a small and a 21,000-talk library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from slack_fakes.inprocess import harness
from slack_sdk.models.views import View

from bot.cards.answers import Surface
from bot.core.memory import Memory
from bot.live import Snapshot
from bot.records.library import load_library
from bot.records.models import Source, Talk
from bot.search.engine import SearchEngine
from bot.storage import open_engine

ROOT = Path(__file__).resolve().parents[3]
SEED = load_library(ROOT / "data", log_errors=False).talks


def _tag(n: int) -> str:
    """A made-up word of its own for each number: 'kwaaab', 'kwaaac', …"""
    return "kw" + "".join(chr(97 + (n // 26**k) % 26) for k in range(4))


def _many(count: int) -> list[Talk]:
    return [
        Talk(
            id=f"conf{i % 300}-2020/talk-{i}",
            conference=f"Conf {i % 300}",
            year=2000 + i % 25,
            title=f"Notes on {_tag(i)} and the {_tag(i % 97)} pattern",
            speakers=[f"Person {i % 4000}"],
            source=Source(file=f"notes/{i % 300}.md", line=i + 1),
        )
        for i in range(count)
    ]


@pytest.mark.parametrize(
    ("talks", "size"), [([], 0), (SEED, 27), (_many(21_000), 21_000)], ids=["empty", "seed", "21k"]
)
def test_opening_the_home_tab_publishes_a_valid_view(talks: list[Talk], size: int) -> None:
    memory = Memory(open_engine("sqlite://"))
    with harness(talks, memory=memory) as slack:
        slack.talkbot.reply("kubernetes operators", Surface.COMMAND)  # a question not found
        slack.open_home()
        call = slack.pop()
        assert call.method == "views.publish" and call.args["user_id"] == "U0ASKER"
        view = call.args["view"]
        view = json.loads(view) if isinstance(view, str) else view
        View(**view).validate_json()
        assert len(view["blocks"]) <= 100
        text = json.dumps(view, ensure_ascii=False)
        if not size:
            assert "No talks yet." in text
            return
        assert f"*The library: {size:,} talks*" in text
        assert "“kubernetes operators”" in text
        examples = slack.talkbot.examples()
        assert len(examples) == 3
        engine = SearchEngine(talks)
        for example in examples:
            assert f"`/talk {example}`" in text
            assert engine.ask(example).matches, example


def test_the_home_tab_is_redrawn_when_the_library_reloads(tmp_path: Path) -> None:
    # A file, as deployed: the two openings below are handled at once, on two threads.
    state = open_engine(f"sqlite:///{tmp_path / 'state.sqlite3'}")
    with harness(SEED[:5], memory=Memory(state)) as slack:
        slack.open_home(user="U0ONE")
        slack.open_home(user="U0TWO")
        assert {slack.pop().args["user_id"], slack.pop().args["user_id"]} == {"U0ONE", "U0TWO"}
        slack.talkbot.replace(Snapshot.build(SEED))  # live reload swaps in a new library
        redrawn = [slack.pop(), slack.pop()]
        assert {c.args["user_id"] for c in redrawn} == {"U0ONE", "U0TWO"}
        for call in redrawn:
            view = call.args["view"]
            view = json.loads(view) if isinstance(view, str) else view
            assert "*The library: 27 talks*" in json.dumps(view, ensure_ascii=False)
