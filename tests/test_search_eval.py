"""The search against the evaluation set on the bundled notes, with both baselines beside it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from search_eval_queries import QUERIES

from bot.records.library import load_library
from bot.records.models import Talk
from bot.search.evaluation import compare, resolve, table
from bot.search.index import TermIndex

DATA = Path(__file__).resolve().parent.parent / "data"


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


def test_every_expectation_names_exactly_one_talk(talks: list[Talk]) -> None:
    for item in QUERIES:
        if item.expect is not None:
            assert len(resolve(item.expect, talks)) == 1, item.expect


def test_accuracy_beats_the_bar_and_no_match_queries_match_nothing(talks: list[Talk]) -> None:
    ours, *baselines = compare(QUERIES, talks)
    print("\n" + table([ours, *baselines]))
    misses = "\n".join(ours.misses)
    assert ours.top1_rate >= 0.95, misses
    assert ours.top3_rate >= 0.98, misses
    assert ours.no_match_ok == ours.no_match_total, misses


def test_the_bounds_for_large_libraries_keep_answers_right(
    talks: list[Talk], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shrink the work bounds so that on 27 talks every word counts as 'common': the
    headline-only walk, probing and the FTS5 intersection paths all run, as at 100,000."""
    monkeypatch.setattr("bot.search.engine.WALK_LIMIT", 2)
    monkeypatch.setattr("bot.search.engine.PRESELECT", 4)
    monkeypatch.setattr("bot.search.engine.PROBE_COST", 0)
    monkeypatch.setattr("bot.search.index.FETCH_LIMIT", 1)
    intersections: list[int] = []
    original = TermIndex._holding_sql

    def counted(self: TermIndex, *args: Any) -> set[int]:
        intersections.append(1)
        return original(self, *args)

    monkeypatch.setattr(TermIndex, "_holding_sql", counted)
    ours = compare(QUERIES, talks)[0]
    assert intersections, "the bounded paths did not run"
    assert ours.top1_rate >= 0.9, "\n".join(ours.misses)
    assert ours.no_match_ok == ours.no_match_total, "\n".join(ours.misses)
