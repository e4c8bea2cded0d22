"""The App Home tab: how to ask (with examples that work on this library), the library at a
glance, today's digest talk per channel, and the questions the notes did not answer.

Within Slack's limits for a view (100 blocks, 3,000 characters a section) whatever the size
of the library: lists are cut to their first lines with a count of the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from bot.cards.blocks import Block, context, divider, header, section
from bot.cards.mrkdwn import escape_truncated, one_line
from bot.cards.talk_card import lines_text, talk_line
from bot.core.misses import MissGroup
from bot.records.models import Talk

MAX_CONFERENCES = 12
MAX_NEWEST = 5
MAX_MISSES = 10


def home_view(
    talks: Sequence[Talk],
    examples: Sequence[str],
    digest_today: Mapping[str, Talk],
    misses: Sequence[MissGroup],
) -> dict[str, Any]:
    """The view for `views.publish`."""
    blocks: list[Block] = [header("Talkbot")]
    if not talks:
        blocks.append(
            section(
                "*No talks yet.* Add your team's Markdown notes to the bot's data folder (or "
                "`talkbot fetch` a conference's program), and they show up here within seconds."
            )
        )
        return _view(blocks)
    asks = "\n".join(f"• `/talk {escape_truncated(e, 80)}`" for e in examples)
    blocks.append(
        section(
            "*Ask for a talk the way you remember it:* a word of its title, a speaker, a topic. "
            "`/talk` answers only you; mention `@Talkbot` in a thread to answer everyone, and "
            f"ask follow-ups there (`who gave it?`, `slides?`).\n{asks}"
        )
    )
    blocks.append(divider())
    counts = Counter(t.conference_label for t in talks)
    lines = [f"• {escape_truncated(one_line(c), 100)}: {n}" for c, n in counts.most_common()]
    shown = lines[:MAX_CONFERENCES]
    if len(lines) > len(shown):
        shown.append(f"• and {len(lines) - len(shown)} more conferences")
    noun = "talk" if len(talks) == 1 else "talks"
    blocks.append(section(lines_text(shown, f"*The library: {len(talks):,} {noun}*")))
    noted = [t for t in talks if t.has_notes_source]
    newest = sorted(noted, key=lambda t: (t.year or 0, t.day or 0), reverse=True)[:MAX_NEWEST]
    if newest:
        blocks.append(section(lines_text([talk_line(t) for t in newest], "*Newest notes*")))
    if digest_today:
        lines = [
            f"• <#{channel}>: {talk_line(talk).removeprefix('• ')}"
            for channel, talk in list(digest_today.items())[:10]
        ]
        blocks.append(section(lines_text(lines, "*Today's digest*")))
    blocks.append(divider())
    if misses:
        lines = [
            f"• {g.count}× “{escape_truncated(one_line(g.question), 100)}”"
            + (f" (closest: {escape_truncated(g.closest[0], 80)})" if g.closest else "")
            for g in misses[:MAX_MISSES]
        ]
        blocks.append(section(lines_text(lines, "*Asked, and not found in the notes*")))
        blocks.append(context("`talkbot misses` lists them all."))
    else:
        blocks.append(context("Every recent question found a talk."))
    return _view(blocks)


def _view(blocks: list[Block]) -> dict[str, Any]:
    return {"type": "home", "blocks": [dict(b) for b in blocks]}
