"""`talkbot ask`: one answer for a person, or JSON for scripts (one object per query).

The JSON shape is a contract read by other tools: keys are only ever added, never renamed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from bot.cards.terminal import render_answer
from bot.data_dir import choose
from bot.records.library import cache_dir_from_env, load_library
from bot.search.answer import Answer, Hit
from bot.search.engine import SearchEngine

EXIT_OK = 0
EXIT_USAGE = 2
MAX_LIMIT = 100


def run(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    limit: int = args.limit
    if not 1 <= limit <= MAX_LIMIT:
        sys.stderr.write(f"talkbot ask: --limit must be between 1 and {MAX_LIMIT}, not {limit}.\n")
        return EXIT_USAGE
    data_dir = choose(args.data)
    missing = data_dir.missing()
    if missing is not None:
        sys.stderr.write(f"talkbot ask: {missing}\n")
        return EXIT_USAGE
    library = load_library(data_dir.path, cache_dir=cache_dir_from_env())
    if not library.talks:
        sys.stderr.write(
            f"talkbot ask: {data_dir.empty()}; `talkbot check --data {data_dir.path}` says "
            "what it read\n"
        )
        return EXIT_USAGE
    engine = SearchEngine(library.talks, index_path=library.index_path)
    query = " ".join(args.query)
    if args.json:
        queries: Iterable[str] = [query] if args.query else (line.rstrip("\n") for line in stdin)
        for text in queries:
            stdout.write(json.dumps(answer_json(engine.ask(text, limit=limit)), ensure_ascii=False))
            stdout.write("\n")
            stdout.flush()
        return EXIT_OK
    stdout.write(render_answer(engine.ask(query, limit=limit)))
    return EXIT_OK


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "query": answer.query,
        "answer": answer.kind.value,
        "message": answer.message,
        "matches": [hit_json(hit) for hit in answer.matches],
        "suggestions": [hit_json(hit) for hit in answer.suggestions],
    }


def hit_json(hit: Hit) -> dict[str, Any]:
    talk = hit.talk
    return {
        "id": talk.id,
        "title": talk.title,
        "speakers": talk.speakers,
        "handles": talk.handles,
        "conference": talk.conference,
        "year": talk.year,
        "day": talk.day,
        "kind": talk.kind.value,
        "score": round(hit.score, 4),
        "matched_terms": hit.matched_terms,
        # Words of the question found through a related word: [asked, found in the talk].
        "related_terms": [list(pair) for pair in hit.related_terms],
        "source": str(talk.source),
    }
