"""Digest settings (DIGEST_*, DATABASE_URL), read from the environment and `.env`.

Kept apart from the Slack settings because `talkbot digest --dry-run` needs these and no
token at all. A malformed value stops the bot with one sentence naming the variable.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.digest.schedule import DigestSchedule, parse_days, parse_time
from bot.settings_errors import SettingsError, describe_error

_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{6,}$")


class DigestSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    digest_channels: str = ""
    digest_time: str = "09:00"
    digest_timezone: str = "UTC"
    digest_days: str = "mon-fri"
    database_url: str | None = None
    slack_bot_token: SecretStr | None = None
    slack_api_url: str | None = None
    talkbot_data_dir: Path = Path("data")

    @field_validator("digest_channels")
    @classmethod
    def _channels_shape(cls, value: str) -> str:
        for channel in _split(value):
            if not _CHANNEL_ID.match(channel):
                raise ValueError(
                    "use channel IDs separated by commas, such as C0123456789 (in Slack: "
                    "channel name, then the ID at the bottom of the About tab), not names"
                )
        return value

    @field_validator("digest_time")
    @classmethod
    def _time_shape(cls, value: str) -> str:
        parse_time(value)
        return value

    @field_validator("digest_timezone")
    @classmethod
    def _zone_shape(cls, value: str) -> str:
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("use an IANA time zone name such as Europe/Berlin or UTC") from None
        return value.strip()

    @field_validator("digest_days")
    @classmethod
    def _days_shape(cls, value: str) -> str:
        parse_days(value)
        return value

    @property
    def channels(self) -> list[str]:
        return list(dict.fromkeys(_split(self.digest_channels)))

    @cached_property
    def schedule(self) -> DigestSchedule:
        return DigestSchedule(
            at=parse_time(self.digest_time),
            timezone=ZoneInfo(self.digest_timezone),
            days=parse_days(self.digest_days),
        )


def load_digest_settings(env_file: str | Path | None = ".env", **overrides: Any) -> DigestSettings:
    try:
        return DigestSettings(_env_file=env_file, **overrides)  # type: ignore[call-arg]
    except ValidationError as exc:
        raise SettingsError(describe_error(exc)) from None


def is_channel_id(value: str) -> bool:
    """C0123456789 (a channel), G… (a private one), D… (a DM); never a name like #general."""
    return bool(_CHANNEL_ID.match(value))


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]
