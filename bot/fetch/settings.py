"""Where published data is fetched from (TALKBOT_PYVIDEO_*), read from the environment and `.env`.

The defaults are the public services; tests, mirrors and forks point them elsewhere.
"""

from __future__ import annotations

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.settings_errors import SettingsError, describe_error


class FetchSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    # The pyvideo/data repository's files by path (`<category>/category.json`, `.../videos/x.json`).
    talkbot_pyvideo_data_url: str = "https://raw.githubusercontent.com/pyvideo/data/main/"
    # Every path in that repository, as a git tree listing (`{"tree": [{"path", "type"}]}`).
    talkbot_pyvideo_index_url: str = (
        "https://api.github.com/repos/pyvideo/data/git/trees/main?recursive=1"
    )
    talkbot_fetch_timeout_seconds: float = 30.0

    @field_validator("talkbot_pyvideo_data_url", "talkbot_pyvideo_index_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("use an http:// or https:// URL")
        return value

    @field_validator("talkbot_pyvideo_data_url")
    @classmethod
    def _ends_with_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"


def load_fetch_settings() -> FetchSettings:
    try:
        return FetchSettings()
    except ValidationError as exc:
        raise SettingsError(describe_error(exc)) from None
