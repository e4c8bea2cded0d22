"""The search against the evaluation set on the bundled notes, with both baselines beside it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from ranking_definition import answer_by_definition, talk_terms
from search_eval_queries import QUERIES

from bot.records.library import load_library
from bot.records.models import Talk
from bot.search.engine import SearchEngine
from bot.search.evaluation import NO_MATCH, Report, Tally, compare, resolve, table
from bot.search.query import parse_query

PARAPHRASE = "paraphrase"
DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def talks() -> list[Talk]:
    library = load_library(DATA)
    assert library.talks, "the bundled notes must parse into talks"
    return library.talks


def test_the_set_is_big_and_varied_enough() -> None:
    categories = Counter(q.category for q in QUERIES)
    assert len(QUERIES) >= 80
    assert categories["no match"] >= 8
    for needed in ("title", "speaker", "misspelt speaker", "typo", "notes or abstract only"):
        assert categories[needed] >= 5, needed
    assert categories["question"] >= 5
    assert categories[PARAPHRASE] >= 40


def test_every_expectation_names_exactly_one_talk(talks: list[Talk]) -> None:
    for item in QUERIES:
        if item.expect is not None:
            assert len(resolve(item.expect, talks)) == 1, item.expect


def test_accuracy_beats_the_bar_and_no_match_queries_match_nothing(talks: list[Talk]) -> None:
    """Every kind but paraphrase at the bar; paraphrases (issue 22), far harder, at floors
    a little under what `make eval` measured (see BENCHMARKS.md)."""
    worded = [q for q in QUERIES if q.category != PARAPHRASE]
    ours, *baselines = compare(worded, talks)
    print("\n" + table([ours, *baselines]))
    misses = "\n".join(ours.misses)
    assert ours.top1_rate >= 0.95, misses
    assert ours.top3_rate >= 0.98, misses
    assert ours.no_match_ok == ours.no_match_total, misses
    other_words = [q for q in QUERIES if q.category == PARAPHRASE]
    ours = compare(other_words, talks)[0]
    assert ours.top1_rate >= 0.75, "\n".join(ours.misses)
    assert ours.top3_rate >= 0.95, "\n".join(ours.misses)


def test_every_evaluation_question_is_answered_as_the_rules_define(talks: list[Talk]) -> None:
    """The engine and the reference definition agree on every question of the set but the
    filtered ones (the definition ranks, it does not filter): the long paraphrases are
    where rule 6 decides, which short random queries never reach."""
    engine = SearchEngine(talks)
    held = talk_terms(talks)
    for item in (q for q in QUERIES if not parse_query(q.query).has_filters):
        answer = engine.ask(item.query, limit=10)
        got = (
            [(engine.number_of(h.talk.id), h.score) for h in answer.matches],
            [(engine.number_of(h.talk.id), h.score) for h in answer.suggestions],
        )
        assert got == answer_by_definition(engine, talks, held, item.query, 10), item.query


def test_top3_by_kind_weighs_every_answerable_kind_the_same() -> None:
    """One kind answered 1 of 1, another 1 of 3: 67% by kind (50% over all queries);
    the no-match queries have their own column."""
    report = Report(
        name="any",
        by_kind={
            "title": Tally(total=1, top1=1, top3=1),
            "paraphrase": Tally(total=3, top1=0, top3=1),
            NO_MATCH: Tally(total=2, top1=0, top3=0),
        },
    )
    assert report.top3_by_kind == pytest.approx(2 / 3)
