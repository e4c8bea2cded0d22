"""Settings for `talkbot serve`, from the environment and `.env`, checked before anything starts.

An HTTP app with no signing secret would only fail on its first request, long after the deploy
looked healthy; so every setting is validated at start and a problem stops `serve` with one
line that names the variable. Tokens are `SecretStr`, so a stray repr or log shows `**********`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.cards.mrkdwn import is_web_url
from bot.live import POLL_SECONDS
from bot.settings_errors import ENV_EXAMPLE_HINT, SettingsError, describe_error

__all__ = ["ENV_EXAMPLE_HINT", "Settings", "SettingsError", "load_settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    slack_bot_token: SecretStr
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    talkbot_data_dir: Path = Path("data")
    slack_api_url: str | None = None
    port: int = Field(default=3000, ge=1, le=65535)
    host: str = "0.0.0.0"
    # How soon the running bot serves changed notes (seconds; `bot.live`).
    talkbot_reload_seconds: float = Field(default=POLL_SECONDS, ge=0.05, le=3600)
    # How Slack reaches the bot: `socket` (needs SLACK_APP_TOKEN), `http` (needs
    # SLACK_SIGNING_SECRET and a public URL), or `auto`: Socket Mode when an app token is set.
    talkbot_mode: Literal["auto", "socket", "http"] = "auto"
    # HTTP worker processes serving one port (bot.workers); Socket Mode runs one.
    talkbot_workers: int = Field(default=1, ge=1, le=64)

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: SecretStr) -> SecretStr:
        return _token_with_prefix(value, "xoxb-")

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        return None if value is None else _token_with_prefix(value, "xapp-")

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_shape(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not is_web_url(value):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        # WebClient joins method names onto the base URL: without the slash they would fuse.
        return value if value.endswith("/") else value + "/"

    @property
    def socket_mode(self) -> bool:
        if self.talkbot_mode == "auto":
            return self.slack_app_token is not None
        return self.talkbot_mode == "socket"


def load_settings(env_file: str | Path | None = ".env", **overrides: Any) -> Settings:
    """Read and check the settings; raise `SettingsError` with a one-line explanation."""
    try:
        # Fields come from the environment, which mypy cannot see: hence the ignore.
        settings = Settings(_env_file=env_file, **overrides)  # type: ignore[call-arg]
    except ValidationError as exc:
        raise SettingsError(describe_error(exc)) from None
    if settings.socket_mode and settings.slack_app_token is None:
        raise SettingsError(
            "SLACK_APP_TOKEN is missing (Socket Mode needs it; `talkbot serve --http` and "
            f"SLACK_SIGNING_SECRET for HTTP mode instead): {ENV_EXAMPLE_HINT}"
        )
    if not settings.socket_mode and settings.slack_signing_secret is None:
        raise SettingsError(
            "SLACK_SIGNING_SECRET is missing (HTTP mode needs it; set SLACK_APP_TOKEN for "
            f"Socket Mode instead): {ENV_EXAMPLE_HINT}"
        )
    return settings


# What each kind of Slack token is, by its prefix, to say what was pasted where.
_TOKEN_KINDS = {
    "xoxb-": "the Bot User OAuth Token (xoxb-…), from OAuth & Permissions",
    "xapp-": "an app-level token (xapp-…), from Basic Information → App-Level Tokens",
    "xoxp-": "a user token (xoxp-…), which acts as a person, not as the bot",
    "xoxe": "a token that expires (token rotation is on): turn rotation off in OAuth & Permissions",
}
_PLACE = {"xoxb-": "SLACK_BOT_TOKEN", "xapp-": "SLACK_APP_TOKEN"}


def _token_with_prefix(value: SecretStr, prefix: str) -> SecretStr:
    """The token, if it has the shape of its kind; else a reason that names what was pasted
    (never the token itself)."""
    secret = value.get_secret_value().strip()
    if (
        secret.startswith(prefix)
        and len(secret) > len(prefix)
        and not any(ch.isspace() for ch in secret)
    ):
        return SecretStr(secret)
    wanted = f"must start with {prefix}: it takes {_TOKEN_KINDS[prefix]}"
    pasted = next((kind for kind in _TOKEN_KINDS if secret.startswith(kind)), None)
    if pasted is None:
        raise ValueError(wanted)
    where = _PLACE.get(pasted)
    if where is not None:
        raise ValueError(f"{wanted}; this is {_TOKEN_KINDS[pasted]}, which goes in {where}")
    raise ValueError(f"{wanted}; this is {_TOKEN_KINDS[pasted]}")
