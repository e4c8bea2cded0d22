"""HTTP mode: an ASGI app (Slack's endpoint and a health check) for uvicorn to serve."""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.slack.replies import Talkbot

EVENTS_PATH = "/slack/events"


def build_web_app(app: App, talkbot: Talkbot) -> Starlette:
    async def slack_events(request: Request) -> Response:
        body = await request.body()
        # Bolt's sync dispatch blocks until the listener acks; run it off the event loop so one
        # slow request does not stall every other connection.
        bolt_response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True, "talks": len(talkbot.talks)})

    return Starlette(
        routes=[
            Route(EVENTS_PATH, slack_events, methods=["POST"]),
            Route("/health", health, methods=["GET"]),
        ]
    )
