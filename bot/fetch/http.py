"""Downloading published files: one client, errors worded for the person who ran the command.

Every failure a user can meet (no network, a name that does not exist, a server error, a
connection dropped mid-file, something that is not JSON) becomes a `FetchError` whose message
is one sentence saying what happened and what to do; the command prints it and exits 2.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

USER_AGENT = "talkbot-fetch"
# Transient failures (a dropped connection, a refused connect) are retried this many times
# by httpx's transport before they are reported; HTTP error statuses are not retried.
RETRIES = 2


class FetchError(Exception):
    """One sentence for the person fetching: what failed, and what to do."""


class NotFound(FetchError):
    """The server has nothing at that address (HTTP 404)."""


def client(timeout: float) -> httpx.Client:
    return httpx.Client(
        timeout=timeout,
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
        transport=httpx.HTTPTransport(retries=RETRIES),
    )


def get_bytes(http: httpx.Client, url: str) -> bytes:
    try:
        response = http.get(url)
    except httpx.TimeoutException:
        raise FetchError(f"{url} did not answer in time: check the network and try again") from None
    except httpx.TransportError as exc:
        raise FetchError(
            f"could not download {url} ({_reason(exc)}): check the network and the URL, "
            "then run the command again"
        ) from None
    if response.status_code == 404:
        raise NotFound(f"nothing at {url} (HTTP 404)")
    if response.status_code >= 400:
        raise FetchError(
            f"{url} answered HTTP {response.status_code}: try again later, or check the URL"
        )
    return response.content


def get_json(http: httpx.Client, url: str) -> Any:
    raw = get_bytes(http, url)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise FetchError(f"{url} did not return JSON: check that the URL is right") from None


def _reason(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return "could not connect"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection was dropped"
    return type(exc).__name__
