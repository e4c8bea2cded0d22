"""HTTP mode: an ASGI app (Slack's endpoint and a health check) for uvicorn to serve."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.core.talkbot import Talkbot

EVENTS_PATH = "/slack/events"
# Slack's payloads are a few kilobytes; anything far larger is not Slack, and reading it all
# before the signature check would let anyone make the bot hold it in memory.
MAX_BODY_BYTES = 1024 * 1024


def build_web_app(
    app: App, talkbot: Talkbot, socket_connected: Callable[[], bool] | None = None
) -> Starlette:
    """HTTP mode serves Slack's endpoint and /health; Socket Mode (`socket_connected` given)
    serves /health alone, reporting the WebSocket's state."""

    async def slack_events(request: Request) -> Response:
        body = await _read_limited(request)
        if body is None:
            return PlainTextResponse("request body too large", status_code=413)
        # Bolt's sync dispatch blocks until the listener acks; run it off the event loop so one
        # slow request does not stall every other connection.
        try:
            bolt_request = to_bolt_request(request, body)
        except ValueError:  # not UTF-8, or JSON that is not JSON: not something Slack sends
            return PlainTextResponse("malformed request body", status_code=400)
        bolt_response = await run_in_threadpool(app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)

    async def health(request: Request) -> Response:
        talks = talkbot.snapshot.talks  # the data in use now, which live reload may replace
        report: dict[str, object] = {
            "talks": len(talks),
            "data_loaded": bool(talks),
        }
        ok = bool(talks)
        if socket_connected is not None:
            connected = bool(socket_connected())
            report["socket_mode_connected"] = connected
            ok = ok and connected
        report["ok"] = ok
        # 503 lets a platform's health check restart a bot that cannot answer.
        return JSONResponse(report, status_code=200 if ok else 503)

    routes = [Route("/health", health, methods=["GET"])]
    if socket_connected is None:
        routes.append(Route(EVENTS_PATH, slack_events, methods=["POST"]))
    return Starlette(routes=routes)


async def _read_limited(request: Request) -> bytes | None:
    """The body, or None once it passes MAX_BODY_BYTES (declared or actually sent)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
