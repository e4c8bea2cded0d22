"""👍 / 👎 under every answer, through the in-process harness: thanked ephemerally, counted
once per person and answer (across instances sharing the state database), and 👎 offers the
next matches and records the question as a miss."""

from __future__ import annotations

from pathlib import Path

from slack_fakes.inprocess import harness
from sqlalchemy import func, select

from bot.cards.actions import MEANT_ACTION, NOT_MEANT_ACTION
from bot.core.memory import Memory, feedback
from bot.records.library import load_library
from bot.storage import open_engine

ROOT = Path(__file__).resolve().parents[3]
TALKS = load_library(ROOT / "data", log_errors=False).talks


def _buttons(blocks: list[dict[str, object]]) -> dict[str, str]:
    return {
        str(e["action_id"]): str(e.get("value", ""))
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]  # type: ignore[attr-defined]
    }


def test_a_vote_is_thanked_and_counted_once_across_two_instances(tmp_path: Path) -> None:
    shared = open_engine(f"sqlite:///{tmp_path / 'state.sqlite3'}")
    with harness(TALKS, memory=Memory(shared)) as one, harness(TALKS, memory=Memory(shared)) as two:
        one.mention("playwright")
        answer = one.pop()
        assert "Was this the talk you meant?" in answer.blocks_json
        value = _buttons(answer.blocks)[MEANT_ACTION]
        one.click(MEANT_ACTION, value, ephemeral=False)
        assert one.pop().args["text"] == "Thanks! Glad it was the one."
        two.click(MEANT_ACTION, value, ephemeral=False)  # the same click, delivered elsewhere
        reply = two.pop()
        assert reply.args["text"] == "You told me already: thanks!"
        assert reply.args["response_type"] == "ephemeral"
    with shared.connect() as conn:
        assert conn.execute(select(func.count()).select_from(feedback)).scalar_one() == 1


def test_thumbs_down_offers_the_next_matches_and_records_a_miss() -> None:
    memory = Memory(open_engine("sqlite://"))
    with harness(TALKS, memory=memory) as slack:
        slack.mention("python")
        value = _buttons(slack.pop().blocks)[NOT_MEANT_ACTION]
        slack.click(NOT_MEANT_ACTION, value, ephemeral=False)
        thanks = slack.pop()
        assert thanks.args["text"].startswith("Thanks for saying so")
        others = slack.pop()
        assert others.args["response_type"] == "ephemeral"
        assert others.args["text"].startswith("Results 2 to ")
    [miss] = memory.misses()
    assert (miss.query, miss.why) == ("python", "thumbs_down")
