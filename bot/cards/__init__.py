"""Answers and talks → Slack messages (Block Kit plus a plain `text` fallback).

Every piece of text that reaches Slack passes through `bot.cards.mrkdwn` here, so escaping
and Block Kit limits are enforced in one place and the Slack listeners stay transport only.
"""
