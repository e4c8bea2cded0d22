"""The ranking `bot.search.engine` documents, computed talk by talk in plain Python from
each talk's own text (not from the index): what the engine's answers are checked against."""

from __future__ import annotations

from collections.abc import Sequence

from bot.records.models import Talk
from bot.search.engine import (
    CONFIDENT_COVERAGE,
    CONFIDENT_MARGIN,
    COVERAGE_SHARE,
    LEAD,
    LEAD_COVERAGE,
    LENGTH_NORMALISATION,
    LITERAL_COVERAGE,
    MANY_WORDS,
    MAX_SUGGESTIONS,
    RELATED,
    SHORT_QUESTION,
    SUGGESTION_COVERAGE,
    SearchEngine,
)
from bot.search.index import FIELD_WEIGHTS, Variant, talk_fields
from bot.search.text import query_words, token_terms, tokens

# A talk's terms in headline, abstract and notes, and in its speakers' names.
Held = tuple[set[str], set[str], set[str], set[str]]


def talk_terms(library: Sequence[Talk]) -> list[Held]:
    """Each talk's terms by field, as the index defines them: the terms of each written
    token, lowercased (camelCase parts are added to titles and names only, by
    `talk_fields`)."""
    out: list[Held] = []
    for item in library:
        title, people, abstract, notes = talk_fields(item)
        headline = _terms(f"{title} {people}")
        out.append((headline, _terms(abstract), _terms(notes), _terms(people)))
    return out


def _terms(text: str) -> set[str]:
    return {term for token in tokens(text) for term in token_terms(token.lower())}


def length_factors(library: Sequence[Talk]) -> list[tuple[float, float, float]]:
    """Each talk's length factor in headline, abstract and notes: 1 in the headline;
    elsewhere 1 / (1 - b + b * length / average), at most 1, lengths in characters, the
    average over the talks whose field is written."""
    lengths = [(len(t.abstract) + len(t.tagline), len(t.notes)) for t in library]
    averages = []
    for field in range(2):
        written = [row[field] for row in lengths if row[field]]
        averages.append(sum(written) / len(written) if written else 0.0)
    b = LENGTH_NORMALISATION

    def factor(length: int, average: float) -> float:
        return min(1.0, 1 / (1 - b + b * length / average)) if average else 1.0

    return [(1.0, factor(a, averages[0]), factor(n, averages[1])) for a, n in lengths]


def _where(variant: Variant, held: Held) -> list[int]:
    """The fields (by weight) in which a stand-in counts for a talk."""
    if variant.people_only:
        return [0] if variant.term in held[3] else []
    return [field for field in range(3) if variant.term in held[field]]


def answer_by_definition(
    engine: SearchEngine,
    library: Sequence[Talk],
    held_by_talk: Sequence[Held],
    query: str,
    limit: int,
) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """Matches and suggestions as (talk number, rank), as the rules define them."""
    qterms = engine.query_terms(query_words(query))
    total = sum(t.weight for t in qterms) or 1.0
    scored: list[tuple[float, int, int, float, float, int]] = []
    every_coverage: list[float] = []
    factors = length_factors(library)
    for number, held in enumerate(held_by_talk):
        strength = [FIELD_WEIGHTS[f] * factors[number][f] for f in range(3)]
        coverage = fields = literal = 0.0
        words = 0
        for term in qterms:
            quality = max((v.quality for v in term.variants if _where(v, held)), default=0.0)
            value = max(
                (strength[f] * v.quality for v in term.variants for f in _where(v, held)),
                default=0.0,
            )
            literal += term.weight * quality
            words += quality > 0
            # A related term counts where the talk holds it, at RELATED quality.
            near = [f for f in range(3) for r in term.related if r in held[f]]
            if near:
                quality = max(quality, RELATED)
                value = max(value, max(strength[f] for f in near) * RELATED)
            coverage += term.weight * quality
            fields += term.weight * value
        coverage, fields, literal = coverage / total, fields / total, literal / total
        every_coverage.append(coverage)
        rank = COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * fields
        if coverage >= SUGGESTION_COVERAGE and literal >= SUGGESTION_COVERAGE:
            title_words = len(tokens(library[number].title))
            scored.append((rank, title_words, number, coverage, literal, words))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    top = max((s[3] for s in scored), default=0.0)
    sure = [
        s
        for s in scored
        if s[3] >= CONFIDENT_COVERAGE
        and s[3] >= top - CONFIDENT_MARGIN
        and s[4] >= LITERAL_COVERAGE
        and (sum(t.typed for t in qterms) > SHORT_QUESTION or s[5] == len(qterms))
    ]
    if scored and scored[0] not in sure:
        # The best talk of a description-like question, well ahead of every other talk.
        best = scored[0]
        runner_up = max((c for n, c in enumerate(every_coverage) if n != best[2]), default=0.0)
        if (
            best[5] >= MANY_WORDS
            and best[3] >= LEAD_COVERAGE
            and best[4] >= LITERAL_COVERAGE
            and best[3] >= runner_up + LEAD
        ):
            sure.insert(0, best)
    taken = {s[2] for s in sure}
    rest = [s for s in scored if s[2] not in taken]
    return (
        [(n, round(r, 4)) for r, _, n, _, _, _ in sure[:limit]],
        [(n, round(r, 4)) for r, _, n, _, _, _ in rest[:MAX_SUGGESTIONS]],
    )
