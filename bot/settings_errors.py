"""How a bad setting is reported: one line that names the variable and says what to do.

Shared by the Slack settings and the digest settings, so every command words it the same way.
"""

from __future__ import annotations

from pydantic import ValidationError

ENV_EXAMPLE_HINT = "copy .env.example to .env and fill it in"


class SettingsError(Exception):
    """One line for the person starting the bot: which variable, what is wrong, where to look."""


def describe_error(exc: ValidationError) -> str:
    """The first problem as one line. Never includes the input: it may be a token."""
    error = exc.errors(include_input=False, include_url=False)[0]
    name = str(error["loc"][0]).upper() if error["loc"] else "a setting"
    if error["type"] == "missing":
        return f"{name} is missing: {ENV_EXAMPLE_HINT}"
    reason = str(error["msg"]).removeprefix("Value error, ")
    return f"{name} is malformed ({reason}): see .env.example"
