"""An `Answer` (or a shared talk) → the Slack message each surface sends.

A no-match answer lists suggestions under 'No talk matches', never as the answer: presenting a
wrong talk as a hit is worse than saying nothing fits.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from bot.cards.actions import (
    MEANT_ACTION,
    MORE_ACTION,
    NOT_MEANT_ACTION,
    SHARE_ACTION,
    feedback_value,
    more_value,
    share_value,
)
from bot.cards.blocks import actions, button, context, divider, section
from bot.cards.message import Message, finish
from bot.cards.mrkdwn import escape_truncated, one_line, quote
from bot.cards.note_lines import excerpts, notes_sources
from bot.cards.notes_view import SHOW_NOTES_ACTION
from bot.cards.talk_card import lines_text, related_line, talk_blocks, talk_fallback, talk_line
from bot.core.small_talk import SmallTalk
from bot.records.models import Talk
from bot.search.answer import Answer, AnswerKind, Hit

PAGE_SIZE = 5
_USER_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


class Surface(StrEnum):
    """Where the reply goes; it decides the usage text and which buttons make sense."""

    COMMAND = "command"  # ephemeral reply to `/talk`: only the asker sees it, so offer Share
    MENTION = "mention"  # a thread reply everyone sees already
    DM = "dm"


def answer_message(
    answer: Answer,
    surface: Surface,
    *,
    offset: int = 0,
    page_size: int = PAGE_SIZE,
    talk_count: int | None = None,
) -> Message:
    """Render one page of an answer. `answer.matches` may hold more than a page: it is sliced."""
    if answer.kind is AnswerKind.HELP:
        return help_message(surface, talk_count)
    if answer.kind is AnswerKind.REFUSED:
        reason = one_line(answer.message) or "I can't search for that."
        text = escape_truncated(reason, 2000)
        return finish(text, [section(text)])
    if answer.kind is AnswerKind.RANDOM and answer.matches:
        return _random_message(answer.matches[0].talk, surface)
    if not answer.matches:
        return _no_match_message(answer)
    page = answer.matches[offset : offset + page_size]
    if not page:
        text = f"No more talks match {quote(answer.query)}."
        return finish(text, [section(text)])
    has_more = len(answer.matches) > offset + page_size
    return _results_message(answer.query, page, surface, offset=offset, has_more=has_more)


def help_message(surface: Surface, talk_count: int | None = None) -> Message:
    """Usage with examples, worded for the way the person reached the bot."""
    if surface is Surface.COMMAND:
        how = (
            "*Find a talk you remember:* `/talk` and whatever you recall of it: words from "
            "the title, a speaker, a topic, a conference.\n"
            "• `/talk types python`\n• `/talk who talked about nix?`\n"
            "• `/talk random`: a talk picked at random\n• `/talk help`: this message\n"
            "In a thread, mention me instead: `@Talkbot the talk about typing?`"
        )
    elif surface is Surface.MENTION:
        how = (
            "*Mention me with what you remember of a talk* and I answer in the thread:\n"
            "• `@Talkbot types python`\n• `@Talkbot random`\n"
            "Only you want to see it? Use `/talk types python` in a channel."
        )
    else:
        how = (
            "*Send me what you remember of a talk:* words from the title, a speaker, a "
            "topic, a conference.\n• `types python`\n• `random`: a talk picked at random"
        )
    blocks = [section(how)]
    if talk_count is not None:
        noun = "talk" if talk_count == 1 else "talks"
        blocks.append(context(f"I know {talk_count} {noun}."))
    return finish("How to find a talk with Talkbot", blocks)


_SMALL_TALK_REPLIES: dict[SmallTalk, str] = {
    SmallTalk.THANKS: "You're welcome! :slightly_smiling_face:",
    SmallTalk.GREETING: "Hi! Tell me what you remember of a talk and I'll find it: "
    "`@Talkbot playwright`, `@Talkbot who talked about nix?`",
    SmallTalk.ACKNOWLEDGEMENT: ":+1:",
    SmallTalk.EMPTY: "What should I look for? Add what you remember of the talk: a word of its "
    "title, a speaker, a topic (`@Talkbot who talked about nix?`).",
}


def small_talk_message(kind: SmallTalk, surface: Surface, talk_count: int | None) -> Message:
    """No card for 'thanks!': a short word in a thread, the usage where only the asker sees it."""
    if surface is not Surface.MENTION or kind is SmallTalk.ABOUT_ME:
        return help_message(surface, talk_count)
    text = _SMALL_TALK_REPLIES[kind]
    return finish(text, [section(text)])


def shared_message(talk: Talk, user_id: str) -> Message:
    """The card for everyone in the channel, saying who shared it."""
    who = f"<@{user_id}>" if _is_user_id(user_id) else "Someone"
    blocks = [context(f"Shared by {who}"), *talk_blocks(talk)]
    return finish(f"{who} shared {talk_fallback(talk)}", blocks)


def shared_done_message(channel_id: str, channel_name: str) -> Message:
    """What the ephemeral answer becomes once shared: no buttons left to press twice."""
    if channel_name and channel_name not in ("directmessage", "privategroup"):
        where = "#" + escape_truncated(one_line(channel_name), 80)
    elif _is_channel_id(channel_id):
        where = f"<#{channel_id}>"
    else:
        where = "the channel"
    text = f"Shared in {where} ✓"
    return finish(text, [section(text)])


def share_refused_message(advice: str) -> Message:
    text = f"I couldn't share that talk here: {escape_truncated(one_line(advice), 300)}."
    return finish(text, [section(text)])


def feedback_thanks_message(meant: bool, first_time: bool) -> Message:
    if not first_time:
        text = "You told me already: thanks!"
    elif meant:
        text = "Thanks! Glad it was the one."
    else:
        text = "Thanks for saying so: it helps the team see which notes are hard to find."
    return finish(text, [section(text)])


def trouble_message() -> Message:
    """Said when the search itself failed: the person should not be left waiting in silence."""
    text = "Sorry, something went wrong while searching. Please try again in a moment."
    return finish(text, [section(text)])


def unknown_page_message() -> Message:
    """A 'More results' button whose value cannot be read (a message from an older version)."""
    text = "That button no longer works. Please search again."
    return finish(text, [section(text)])


def notes_not_opened_message() -> Message:
    """Slack refused to open the notes window (a trigger is good for three seconds)."""
    text = "Slack did not open the notes (the click may be too old): click Show notes again."
    return finish(text, [section(text)])


def unknown_talk_message() -> Message:
    """A button pointing at a talk that a reload removed."""
    text = "That talk is no longer in the notes. Search again to find it."
    return finish(text, [section(text)])


def _results_message(
    query: str, page: list[Hit], surface: Surface, *, offset: int, has_more: bool
) -> Message:
    best, others = page[0], page[1:]
    if offset == 0:
        intro = f"Best match for {quote(query)}"
    else:
        intro = f"Results {offset + 1} to {offset + len(page)} for {quote(query)}"
    noted = excerpts(best.talk, best.matched_terms)
    blocks = [context(intro), *talk_blocks(best.talk, noted)]
    if best.related_terms:
        blocks.append(context(related_line(best.related_terms)))
    if others:
        lines = [talk_line(hit.talk, offset + i + 2) for i, hit in enumerate(others)]
        blocks.append(divider())
        blocks.append(section(lines_text(lines, "*Also matching:*")))
    more = more_value(query, offset + len(page)) if has_more else None
    buttons = _buttons(best.talk, surface, more=more)
    if buttons:
        blocks.append(actions(*buttons))
    feedback = feedback_value(query, best.talk.id)
    if feedback is not None:
        blocks.append(context("Was this the talk you meant?"))
        blocks.append(
            actions(
                button("👍 Yes", MEANT_ACTION, value=feedback),
                button("👎 No", NOT_MEANT_ACTION, value=feedback),
            )
        )
    text = f"{intro}: {talk_fallback(best.talk, noted)}"
    if others:
        text += f" and {len(others)} more"
    return finish(text, blocks)


def _random_message(talk: Talk, surface: Surface) -> Message:
    blocks = [context("A talk picked at random"), *talk_blocks(talk)]
    buttons = _buttons(talk, surface, more=more_value("random", 0), more_label="Another one")
    if buttons:
        blocks.append(actions(*buttons))
    return finish(f"A talk picked at random: {talk_fallback(talk)}", blocks)


def _no_match_message(answer: Answer) -> Message:
    headline = f"No talk matches {quote(answer.query)}."
    blocks = [section(headline)]
    text = headline
    if answer.suggestions:
        lines = [talk_line(hit.talk) for hit in answer.suggestions[:PAGE_SIZE]]
        blocks.append(section(lines_text(lines, "*Closest:*")))
        text += " Closest: " + "; ".join(talk_fallback(hit.talk) for hit in answer.suggestions[:3])
    blocks.append(context("Try fewer words, a speaker's name or a conference, or `random`."))
    return finish(text, blocks)


def _buttons(
    talk: Talk, surface: Surface, *, more: str | None, more_label: str = "More results"
) -> list[dict[str, Any]]:
    buttons: list[dict[str, Any]] = []
    share = share_value(talk.id)
    if surface is Surface.COMMAND and share is not None:
        buttons.append(button("Share in channel", SHARE_ACTION, value=share, style="primary"))
    if notes_sources(talk) and share is not None:
        buttons.append(button("Show notes", SHOW_NOTES_ACTION, value=share))
    if more is not None:
        buttons.append(button(more_label, MORE_ACTION, value=more))
    return buttons


def _is_channel_id(channel_id: str) -> bool:
    return (
        2 <= len(channel_id) <= 32
        and channel_id[0] in "CGD"
        and all(ch in _USER_ID_CHARS for ch in channel_id)
    )


def _is_user_id(user_id: str) -> bool:
    """Slack user ids are U… or W… plus capitals and digits; anything else is not echoed."""
    return (
        2 <= len(user_id) <= 32
        and user_id[0] in "UW"
        and all(ch in _USER_ID_CHARS for ch in user_id)
    )
