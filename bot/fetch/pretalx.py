"""`talkbot fetch pretalx URL`: an event's schedule export, as `data/pretalx/<event>.json`."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from bot.fetch.http import FetchError, NotFound, client, get_bytes
from bot.fetch.settings import FetchSettings
from bot.fetch.store import replace_file
from bot.records import pretalx

EXPORT_PATH = "schedule/export/schedule.json"


def export_url(url: str) -> tuple[str, str]:
    """The export's URL and the event's slug, from the event's base URL (or the export's own)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(
            f"{url!r} is not a web address: give the event's pretalx URL, such as "
            "https://pretalx.com/pycascades-2024/"
        )
    segments = [s for s in parts.path.split("/") if s]
    if segments[-3:] == EXPORT_PATH.split("/"):
        segments = segments[:-3]
        base = url.strip()[: -len(EXPORT_PATH)]
    else:
        base = url.strip() if url.strip().endswith("/") else url.strip() + "/"
    if not segments:
        raise FetchError(
            f"{url} names no event: add the event's name, such as https://pretalx.com/pycascades-2024/"
        )
    return base + EXPORT_PATH, segments[-1]


def fetch(url: str, data_dir: Path, settings: FetchSettings) -> str:
    """Download the export, check that it is one, and write it; one line saying what changed."""
    export, event = export_url(url)
    with client(settings.talkbot_fetch_timeout_seconds) as http:
        try:
            raw = get_bytes(http, export)
        except NotFound:
            raise FetchError(
                f"no schedule export at {export} (HTTP 404): check the event's name, and that "
                "its schedule is published"
            ) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise FetchError(f"{export} did not return JSON: check that the URL is right") from None
    if not pretalx.detect(data):
        raise FetchError(f"{export} is not a pretalx schedule export: check the event's URL")
    events = sum(
        len(talks)
        for day in data["schedule"]["conference"]["days"]
        if isinstance(day, dict) and isinstance(day.get("rooms"), dict)
        for talks in day["rooms"].values()
        if isinstance(talks, list)
    )
    target = data_dir / "pretalx" / f"{event}.json"
    existed = target.exists()
    written = replace_file(target, raw)
    state = "updated" if written and existed else "added" if written else "unchanged"
    return f"{target}: {state} ({events} events)"
