"""Button clicks on the bot's own messages."""

from __future__ import annotations

from slack_bolt import App

from bot.cards.actions import MEANT_ACTION, MORE_ACTION, NOT_MEANT_ACTION, SHARE_ACTION
from bot.cards.digest_card import DIGEST_ANOTHER_ACTION
from bot.cards.notes_view import SHOW_NOTES_ACTION
from bot.slack.listeners.actions.digest_another import handle_digest_another
from bot.slack.listeners.actions.feedback import handle_feedback
from bot.slack.listeners.actions.more_results import handle_more_results
from bot.slack.listeners.actions.share_talk import handle_share_talk
from bot.slack.listeners.actions.show_notes import handle_show_notes


def register(app: App) -> None:
    app.action(SHARE_ACTION)(handle_share_talk)
    app.action(MORE_ACTION)(handle_more_results)
    app.action(DIGEST_ANOTHER_ACTION)(handle_digest_another)
    app.action(SHOW_NOTES_ACTION)(handle_show_notes)
    app.action(MEANT_ACTION)(handle_feedback)
    app.action(NOT_MEANT_ACTION)(handle_feedback)
