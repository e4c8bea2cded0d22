"""Slack's error codes that no retry fixes, and what a person must do about each.

Shared by the listeners' error handler and the digest, so that every refusal is logged as
one line that says what to do, never as a traceback.
"""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

ADVICE = {
    "not_in_channel": "invite the bot to the channel (/invite @Talkbot)",
    "channel_not_found": "check the channel ID (in Slack: the channel's About tab; "
    "it starts with C)",
    "is_archived": "unarchive the channel or stop using it",
    "restricted_action": "allow the bot to post in the channel",
    "invalid_auth": "check SLACK_BOT_TOKEN",
    "not_authed": "set SLACK_BOT_TOKEN",
    "account_inactive": "reinstall the app to the workspace and update SLACK_BOT_TOKEN",
    "token_revoked": "reinstall the app to the workspace and update SLACK_BOT_TOKEN",
    "missing_scope": "add the missing scope in the app's settings and reinstall the app",
}


def error_code(exc: SlackApiError) -> str:
    """Slack's error code, or the HTTP status when Slack gave no JSON answer."""
    return str(exc.response.get("error") or f"http_{exc.response.status_code}")


def describe(exc: SlackApiError) -> str:
    """'invalid_auth: check SLACK_BOT_TOKEN': the code, and what to do where we know."""
    code = error_code(exc)
    advice = ADVICE.get(code)
    return f"{code}: {advice}" if advice else code
