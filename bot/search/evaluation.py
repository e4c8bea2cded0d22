"""Scoring a search against a set of queries whose right answer a person decided.

Kept in the package (not the tests) so the same numbers come out of pytest, of
`scripts/eval_search.py` and of anyone's experiment with a new ranking.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from bot.records.merge import fold
from bot.records.models import Talk
from bot.search.baselines import TantivyBM25, TitleFuzz
from bot.search.engine import SearchEngine

NO_MATCH = "no match"
# In these kinds the query names the event, so only the talk given there is right; in the
# others the same talk recorded at another event (the same title) is as right.
EVENT_KINDS = frozenset({"conference + topic"})


@dataclass(frozen=True)
class EvalQuery:
    query: str
    # A distinctive, case-insensitive fragment of the expected talk's title or its exact id;
    # None when no talk should match.
    expect: str | None
    category: str


@dataclass
class Ranked:
    """What a search said: talks in order, how many of the first it presents as the answer,
    and whether it claims that something matches (what a no-match query must not get)."""

    numbers: list[int]
    confident: int
    claims_match: bool


@dataclass
class Tally:
    total: int = 0
    top1: int = 0
    top3: int = 0

    def rate(self, hits: int) -> float:
        return hits / self.total if self.total else 1.0


@dataclass
class Report:
    name: str
    total: int = 0
    top1: int = 0
    top3: int = 0
    no_match_total: int = 0
    no_match_ok: int = 0
    misses: list[str] = field(default_factory=list)
    by_kind: dict[str, Tally] = field(default_factory=dict)

    @property
    def answerable(self) -> int:
        return self.total - self.no_match_total

    def rate(self, hits: int, of: int) -> float:
        return hits / of if of else 1.0

    @property
    def top1_rate(self) -> float:
        return self.rate(self.top1, self.answerable)

    @property
    def top3_rate(self) -> float:
        return self.rate(self.top3, self.answerable)

    @property
    def top3_by_kind(self) -> float:
        """Top-3 with every kind of answerable query weighing the same (a set may hold
        more of one kind than of another, as pyvideo's holds more paraphrases)."""
        kinds = [t for kind, t in self.by_kind.items() if kind != NO_MATCH]
        return sum(t.rate(t.top3) for t in kinds) / len(kinds) if kinds else 1.0


def read_queries(path: Path) -> list[EvalQuery]:
    """A query set kept as a tab-separated file: kind, query, expected talk id (empty for
    no match)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            EvalQuery(row["query"], row["expect"] or None, row["kind"])
            for row in rows
            if row["kind"] != NO_MATCH or not row["expect"]
        ]


def resolve(
    expect: str, talks: Sequence[Talk], category: str = "", folded: Sequence[str] | None = None
) -> list[int]:
    """Talks an expectation names: by id (and, outside EVENT_KINDS, the same talk given
    again: the same title, or a speaker in common and one title all but inside the
    other), else by title fragment. `folded`: every title folded, when already done."""
    by_id = [n for n, t in enumerate(talks) if t.id == expect]
    if by_id:
        if category in EVENT_KINDS:
            return by_id
        titles = folded if folded is not None else [fold(t.title) for t in talks]
        meant, title = talks[by_id[0]], titles[by_id[0]]
        speakers = set(meant.speakers)
        return [
            n
            for n, t in enumerate(talks)
            if titles[n] == title
            or (
                not speakers.isdisjoint(t.speakers)
                and fuzz.token_set_ratio(title, titles[n]) >= SAME_TITLE_MIN
            )
        ]
    fragment = expect.casefold()
    return [n for n, t in enumerate(talks) if fragment in t.title.casefold()]


# One talk recorded twice, by the same speaker: 'The Quest for the Pocket-Sized Python' and
# the same title with 'by Christopher Neugebauer' added (rapidfuzz token_set_ratio).
SAME_TITLE_MIN = 90


def evaluate(
    name: str,
    search: Callable[[str], Ranked],
    queries: Sequence[EvalQuery],
    talks: Sequence[Talk],
    expected: Mapping[EvalQuery, set[int]] | None = None,
) -> Report:
    """`expected`: each query's right talks, when the caller resolved them already."""
    report = Report(name=name)
    if expected is None:
        expected = expectations(queries, talks)
    for item in queries:
        report.total += 1
        tally = report.by_kind.setdefault(item.category, Tally())
        tally.total += 1
        ranked = search(item.query)
        if item.expect is None:
            report.no_match_total += 1
            if not ranked.claims_match:
                report.no_match_ok += 1
                tally.top1 += 1
                tally.top3 += 1
            else:
                shown = talks[ranked.numbers[0]].title
                report.misses.append(f"{item.query!r}: expected no match, got {shown!r}")
            continue
        right = expected[item]
        first_is_right = bool(ranked.numbers) and ranked.numbers[0] in right
        if first_is_right and ranked.confident >= 1:
            report.top1 += 1
            tally.top1 += 1
        else:
            got = talks[ranked.numbers[0]].title if ranked.numbers else "nothing"
            sure = "match" if ranked.confident else "suggestion"
            report.misses.append(
                f"[{item.category}] {item.query!r}: expected {item.expect!r}, got {sure} {got!r}"
            )
        if right & set(ranked.numbers[:3]):
            report.top3 += 1
            tally.top3 += 1
    return report


def expectations(queries: Sequence[EvalQuery], talks: Sequence[Talk]) -> dict[EvalQuery, set[int]]:
    """Each query's right talks (`resolve`); none for a no-match query."""
    folded = [fold(t.title) for t in talks]
    return {
        item: set(resolve(item.expect, talks, item.category, folded)) if item.expect else set()
        for item in queries
    }


def engine_search(engine: SearchEngine) -> Callable[[str], Ranked]:
    def search(query: str) -> Ranked:
        answer = engine.ask(query, limit=3)
        numbers = [engine.number_of(hit.talk.id) for hit in answer.matches + answer.suggestions]
        return Ranked(
            numbers=numbers, confident=len(answer.matches), claims_match=bool(answer.matches)
        )

    return search


def baseline_search(ranker: TitleFuzz | TantivyBM25, cutoff: float) -> Callable[[str], Ranked]:
    """A baseline shows its best talk as the answer; for no-match queries it is judged
    to claim a match when its best score reaches `cutoff`, its only way to abstain."""

    def search(query: str) -> Ranked:
        ranked = ranker.rank(query, limit=3)
        claims = bool(ranked) and ranked[0][1] >= cutoff
        return Ranked(numbers=[n for n, _ in ranked], confident=len(ranked), claims_match=claims)

    return search


# The cutoffs a person would likely pick: a fuzzy score of 60/100, and any BM25 evidence.
TITLE_FUZZ_CUTOFF = 0.6
BM25_CUTOFF = 1e-9


def compare(
    queries: Sequence[EvalQuery], talks: Sequence[Talk], engine: SearchEngine | None = None
) -> list[Report]:
    """Ours and both baselines on the same queries, ours first."""
    engine = engine or SearchEngine(talks)
    right = expectations(queries, talks)
    bm25 = baseline_search(TantivyBM25(talks), BM25_CUTOFF)
    fuzzy = baseline_search(TitleFuzz(talks), TITLE_FUZZ_CUTOFF)
    return [
        evaluate("talkbot", engine_search(engine), queries, talks, right),
        evaluate(TantivyBM25.name, bm25, queries, talks, right),
        evaluate(TitleFuzz.name, fuzzy, queries, talks, right),
    ]


def table(reports: Sequence[Report]) -> str:
    """Side by side, as the evaluation prints it."""
    head = f"{'search':<36} {'top-1':>8} {'top-3':>8} {'top-3 by kind':>14} {'no-match right':>15}"
    lines = [head, "-" * len(head)]
    for r in reports:
        lines.append(
            f"{r.name:<36} {r.top1_rate:>8.1%} {r.top3_rate:>8.1%} {r.top3_by_kind:>14.1%} "
            f"{r.no_match_ok:>7}/{r.no_match_total:<7}"
        )
    answerable = reports[0].answerable if reports else 0
    no_match = reports[0].no_match_total if reports else 0
    lines.append(
        f"({answerable} queries with an expected talk, {no_match} that must match nothing;"
        " top-3 by kind: the mean of the kinds' top-3)"
    )
    return "\n".join(lines)


def kind_table(reports: Sequence[Report]) -> str:
    """Per kind of query, top-1 / top-3 counts of each search (no match: answered with no
    match, counted in both)."""
    kinds = list(reports[0].by_kind) if reports else []
    head = f"{'kind':<20} {'queries':>7}" + "".join(f" | {r.name[:26]:>26}" for r in reports)
    sub = f"{'':<20} {'':>7}" + "".join(f" | {'top-1':>12} {'top-3':>13}" for _ in reports)
    lines = [head, sub, "-" * len(head)]
    for kind in kinds:
        total = reports[0].by_kind[kind].total
        cells = ""
        for r in reports:
            t = r.by_kind.get(kind, Tally())
            cells += f" | {t.top1:>4} {t.rate(t.top1):>6.0%}  {t.top3:>4} {t.rate(t.top3):>6.0%}"
        lines.append(f"{kind:<20} {total:>7}" + cells)
    return "\n".join(lines)
