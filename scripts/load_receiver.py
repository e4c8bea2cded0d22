"""Stands in for Slack during `scripts/load_test.py`: the Web API and every `response_url`.

It runs in a process of its own so that recording thousands of replies never takes the
load generator's GIL (which would inflate the latencies it measures).

    POST /api/auth.test       -> a Slack-like ok answer (the bot calls it once at start)
    POST /api/<other method>  -> {"ok": false, "error": "unknown_method"}, as Slack answers
    POST /response/<run>/<id> -> records time.time() of the reply's arrival for <id>
    GET  /stats/<run>         -> {"<id>": arrival, ...} for that run

    python scripts/load_receiver.py --port 8123
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

AUTH_TEST = {
    "ok": True,
    "url": "https://example.slack.com/",
    "team": "Example",
    "user": "talkbot",
    "team_id": "T0LOAD",
    "user_id": "U0LOADBOT",
    "bot_id": "B0LOADBOT",
    "is_enterprise_install": False,
}


def build_receiver() -> Starlette:
    """Arrival times are wall-clock (time.time()): the load generator compares them with
    scheduled send times taken in another process, and the wall clock is shared."""
    arrivals: dict[str, dict[str, float]] = defaultdict(dict)

    async def web_api(request: Request) -> Response:
        await request.body()
        if request.path_params["method"] == "auth.test":
            return JSONResponse(AUTH_TEST)
        return JSONResponse({"ok": False, "error": "unknown_method"})

    async def response_url(request: Request) -> Response:
        await request.body()  # read it all, as Slack would, before answering
        arrivals[request.path_params["run"]][request.path_params["rid"]] = time.time()
        return PlainTextResponse("ok")

    async def stats(request: Request) -> Response:
        return JSONResponse(arrivals.get(request.path_params["run"], {}))

    return Starlette(
        routes=[
            Route("/api/{method}", web_api, methods=["POST"]),
            Route("/response/{run}/{rid}", response_url, methods=["POST"]),
            Route("/stats/{run}", stats, methods=["GET"]),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(
        build_receiver(),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
    )


if __name__ == "__main__":
    main()
