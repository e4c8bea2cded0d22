"""Search entry point: from a typed question to confident matches and weaker suggestions.

Ranking is deliberately explainable. Each query word gets a rarity weight; a talk earns, per
word, the quality of its best stand-in term (exact, prefix, sound-alike, near miss) times
the weight of the best field holding it. Two sums come out: *coverage* (how much of the
query's evidence the talk holds, wherever it is) decides confidence; the field-weighted
sum breaks ties so title evidence beats a passing mention in the notes.
"""

from __future__ import annotations

import gc
import logging
import random
from collections.abc import Container, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import itemgetter

from rapidfuzz.distance import OSA

from bot.records.models import Talk
from bot.search.answer import Answer, AnswerKind, Hit
from bot.search.index import FIELD_WEIGHTS, FIELDS, HEADLINE, TermIndex, Variant
from bot.search.query import MAX_QUERY_CHARS, MAX_WORDS, ParsedQuery, parse_query
from bot.search.text import edit_budget, is_filler, query_words, terms

log = logging.getLogger(__name__)

# A talk is a confident match when it holds this share of the query's weighted evidence…
CONFIDENT_COVERAGE = 0.6
# …and is not far behind the best talk; the rest that hold something become suggestions.
CONFIDENT_MARGIN = 0.3
SUGGESTION_COVERAGE = 0.15
MAX_SUGGESTIONS = 3
# Rank by mostly coverage ("more of the words") then by where the words were found.
COVERAGE_SHARE = 0.6
# Work bounds for large libraries. A word held by more talks than WALK_LIMIT is read from
# titles and speakers only when it leads the query, and otherwise only checked (probed)
# for the PRESELECT best candidates; a probe costs about PROBE_COST postings walked.
WALK_LIMIT = 20_000
WALK_LIMIT_NEXT = 5_000  # words after the first are walked in Python, so more sparingly
PRESELECT = 200
PROBE_COST = 10


@dataclass
class QueryTerm:
    word: str
    variants: list[Variant]
    weight: float


@dataclass
class Evidence:
    """One query word in the talks holding it, each value already times the word's weight:
    `values` by the field it was found in, `qualities` by how good a stand-in found it."""

    values: dict[int, float]
    qualities: dict[int, float]


@dataclass
class Scored:
    number: int
    coverage: float
    fields: float

    @property
    def rank(self) -> float:
        return COVERAGE_SHARE * self.coverage + (1 - COVERAGE_SHARE) * self.fields


class SearchEngine:
    """Built once per library load; `ask` is called per query and must stay fast."""

    def __init__(self, talks: Sequence[Talk], rng: random.Random | None = None) -> None:
        # Building makes hundreds of thousands of lists, sets and dicts and no reference
        # cycles, yet each allocation burst sets off a collection that walks every talk
        # already loaded: 100,000 talks built in 12.5 s with the collector on, 9.7 s off.
        paused = gc.isenabled()
        gc.disable()
        try:
            self._build(talks, rng)
        finally:
            if paused:
                gc.enable()

    def _build(self, talks: Sequence[Talk], rng: random.Random | None) -> None:
        self.talks = list(talks)
        self._rng = rng or random.Random()
        self.index = TermIndex(self.talks)
        self._by_year: dict[int, set[int]] = {}
        self._by_kind: dict[str, set[int]] = {}
        self._by_conf_term: dict[str, set[int]] = {}
        # A library holds a few conferences and years: group talks by them first and read
        # each label's terms once, not once per talk (a second of 100,000 talks' build).
        by_label: dict[str, list[int]] = {}
        for number, talk in enumerate(self.talks):
            if talk.year is not None:
                self._by_year.setdefault(talk.year, set()).add(number)
            self._by_kind.setdefault(talk.kind.value, set()).add(number)
            by_label.setdefault(talk.conference_label, []).append(number)
        for label, numbers in by_label.items():
            for term in terms(label):
                self._by_conf_term.setdefault(term, set()).update(numbers)
        self._conf_terms = sorted(self._by_conf_term)
        self._numbers = {talk.id: n for n, talk in reversed(list(enumerate(self.talks)))}
        log.debug("indexed %d talks, %d terms", len(self.talks), len(self.index.vocabulary))

    def number_of(self, talk_id: str) -> int:
        """Position of a talk in `talks`, for callers that compare answers by position."""
        return self._numbers[talk_id]

    def ask(self, query: str, limit: int = 5) -> Answer:
        limit = max(1, limit)
        if len(query) > MAX_QUERY_CHARS:
            return _refused(
                query,
                f"That question is {len(query):,} characters long: ask in a few words "
                f"(at most {MAX_QUERY_CHARS} characters).",
            )
        parsed = parse_query(query)
        if not parsed.text:
            if query.strip():
                return _refused(query, "That message has no words I can read: try a title word.")
            return Answer(query=query, kind=AnswerKind.HELP)
        if parsed.problems:
            return _refused(query, _one_sentence(parsed.problems))
        words = query_words(parsed.words)
        stems = [w for _, w in words]
        if not parsed.has_filters and stems in (["help"], ["usage"]):
            return Answer(query=query, kind=AnswerKind.HELP)
        allowed = self._allowed(parsed)
        if stems == ["random"]:
            return self._random(query, allowed)
        if not words:
            return self._listing(query, allowed, limit)
        return self._search(query, words, allowed, limit)

    # -- filters -------------------------------------------------------------------------

    def _allowed(self, parsed: ParsedQuery) -> set[int] | None:
        """Talk numbers the filters allow, or None when nothing is filtered."""
        if not parsed.has_filters:
            return None
        groups: list[set[int]] = []
        for name in parsed.speaker:
            groups.append(self._speaker_docs(name))
        for conf in parsed.conf:
            groups.append(self._conf_docs(conf))
        if parsed.years:
            groups.append(set().union(*(self._by_year.get(y, set()) for y in parsed.years)))
        if parsed.kinds:
            groups.append(set().union(*(self._by_kind.get(k.value, set()) for k in parsed.kinds)))
        allowed = groups[0]
        for group in groups[1:]:
            allowed = allowed & group
        return allowed

    def _speaker_docs(self, name: str) -> set[int]:
        """Talks whose speakers or handles hold every word of the name (typos forgiven)."""
        result: set[int] | None = None
        for surface, word in query_words(name):
            docs: set[int] = set()
            variants = self.index.expand(word, edit_budget(surface, word))
            docs.update(self.index.speakers_with([v.term for v in variants]))
            result = docs if result is None else result & docs
        return result or set()

    def _conf_docs(self, conf: str) -> set[int]:
        result: set[int] | None = None
        for surface, word in query_words(conf):
            docs: set[int] = set()
            budget = edit_budget(surface, word)
            for term in self._conf_terms:
                if term.startswith(word) or (
                    budget and OSA.distance(word, term, score_cutoff=budget) <= budget
                ):
                    docs |= self._by_conf_term[term]
            result = docs if result is None else result & docs
        return result or set()

    # -- answers without ranking ---------------------------------------------------------

    def _random(self, query: str, allowed: set[int] | None) -> Answer:
        pool = sorted(allowed) if allowed is not None else range(len(self.talks))
        if not pool:
            return Answer(query=query, message="No talk fits those filters.")
        talk = self.talks[self._rng.choice(pool)]
        return Answer(query=query, kind=AnswerKind.RANDOM, matches=[Hit(talk=talk, score=1.0)])

    def _listing(self, query: str, allowed: set[int] | None, limit: int) -> Answer:
        """Filters alone: every talk they allow is a match, in library order."""
        numbers = sorted(allowed or ())[:limit]
        hits = [Hit(talk=self.talks[n], score=1.0) for n in numbers]
        return Answer(query=query, matches=hits)

    # -- ranking -------------------------------------------------------------------------

    def query_terms(self, words: list[tuple[str, str]]) -> list[QueryTerm]:
        """Evidence-bearing words of a query, joined where the notes join them."""
        kept = [w for w in words if not is_filler(*w)] or words
        joined = self._join(kept)
        unique = list(dict.fromkeys(joined))[:MAX_WORDS]
        out: list[QueryTerm] = []
        for surface, stemmed in unique:
            variants = self.index.expand(stemmed, edit_budget(surface, stemmed))
            df = self.index.df(variants[0].term) if variants else 0
            out.append(QueryTerm(surface, variants, self.index.idf(df)))
        return out

    def _join(self, words: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """'graph ql' -> 'graphql', 'circut python' -> 'circutpython' when the notes agree."""
        out: list[tuple[str, str]] = []
        known = self.index
        i = 0
        while i < len(words):
            if i + 1 < len(words):
                (a, a_stem), (b, b_stem) = words[i], words[i + 1]
                surface, both = a + b, a + b_stem
                if known.has(both) or (
                    (not known.has(a_stem) or not known.has(b_stem))
                    and any(
                        v.quality < 1
                        for v in self.index.expand(both, edit_budget(surface, both))[:1]
                    )
                ):
                    out.append((surface, both))
                    i += 2
                    continue
            out.append(words[i])
            i += 1
        return out

    def _search(
        self, query: str, words: list[tuple[str, str]], allowed: set[int] | None, limit: int
    ) -> Answer:
        qterms = self.query_terms(words)
        total = sum(t.weight for t in qterms) or 1.0
        scored, evidence = self._score(qterms, allowed, total)
        scored.sort(key=lambda s: (-s.rank, s.number))
        matches: list[Hit] = []
        suggestions: list[Hit] = []
        top = scored[0].coverage if scored else 0.0
        for item in scored:
            confident = (
                item.coverage >= CONFIDENT_COVERAGE and item.coverage >= top - CONFIDENT_MARGIN
            )
            if confident and len(matches) < limit:
                matches.append(self._hit(item, qterms, evidence))
            elif (
                not confident
                and item.coverage >= SUGGESTION_COVERAGE
                and len(suggestions) < MAX_SUGGESTIONS
            ):
                suggestions.append(self._hit(item, qterms, evidence))
            if len(matches) >= limit and len(suggestions) >= MAX_SUGGESTIONS:
                break
        return Answer(query=query, matches=matches, suggestions=suggestions)

    def _score(
        self, qterms: list[QueryTerm], allowed: set[int] | None, total: float
    ) -> tuple[list[Scored], dict[str, Container[int]]]:
        """Walk the rarest words' postings, then probe the commonest for the best talks.

        Walking every posting of a word found in most talks ('python') would make latency
        grow with the library; those words weigh little, so probing them only for the
        leading candidates changes the order rarely and the confidence never by much.
        Per-talk sums are made with map/zip/sum over dict lookups, which run in C: a loop
        in Python over thousands of postings was most of a common-word query's time.
        """
        live = sorted((t for t in qterms if t.variants), key=self._size)
        found: set[int] = set()
        walks: list[Evidence] = []
        probe: list[QueryTerm] = []
        walked: list[str] = []
        evidence: dict[str, Container[int]] = {}  # which talks hold each word
        for position, term in enumerate(live):
            size = self._size(term)
            if position == 0 or (size <= WALK_LIMIT_NEXT and size <= PROBE_COST * len(found)):
                read = FIELDS if position or size <= WALK_LIMIT else (HEADLINE,)
                held = self._evidence(term, read)
                walks.append(held)
                evidence[term.word] = held.values
                walked.extend(v.term for v in term.variants)
                found.update(
                    held.values.keys() if allowed is None else held.values.keys() & allowed
                )
            else:
                probe.append(term)
        # Ascending talk numbers, so that among equal scores the earlier talk is kept.
        candidates = sorted(found)
        fields = _sums([held.values for held in walks], candidates)
        if len(candidates) > PRESELECT:
            best = sorted(range(len(candidates)), key=fields.__getitem__, reverse=True)
            best = best[:PRESELECT]
            candidates = [candidates[i] for i in best]
            fields = [fields[i] for i in best]
        coverage = _sums([held.qualities for held in walks], candidates)
        for term in probe:
            probed = self._probe(term, candidates, walked)
            evidence[term.word] = probed
            for i, number in enumerate(candidates):
                value, quality = probed.get(number, (0.0, 0.0))
                fields[i] += term.weight * value
                coverage[i] += term.weight * quality
        scored = [
            Scored(n, c / total, f / total)
            for n, c, f in zip(candidates, coverage, fields, strict=True)
        ]
        return scored, evidence

    def _size(self, term: QueryTerm) -> int:
        return sum(self.index.df(v.term) for v in term.variants)

    def _evidence(self, term: QueryTerm, fields: Sequence[int]) -> Evidence:
        """One query word's weighted evidence in every talk holding it, built in C: the
        (value, talk list) pairs are fed to dict() weakest first, so each talk keeps its
        strongest (a later duplicate key overwrites an earlier one)."""
        lists = [
            (FIELD_WEIGHTS[field] * quality, quality, self.index.talks_with(stand_ins, field))
            for quality, stand_ins in _by_quality(term.variants)
            for field in fields
        ]
        values = _strongest(lists, 0, term.weight)
        qualities = {quality for _, quality, _ in lists}
        if len(qualities) == 1:  # the usual case: the word itself, or one stand-in
            return Evidence(values, dict.fromkeys(values, term.weight * qualities.pop()))
        return Evidence(values, _strongest(lists, 1, term.weight))

    def _probe(
        self, term: QueryTerm, numbers: Sequence[int], walked: Sequence[str]
    ) -> dict[int, tuple[float, float]]:
        """Best (field value, quality) of one word in each of a few talks that hold it.

        `walked` are the terms the talks were found by; the index uses them to check a
        common word only where it meets them.
        """
        best: dict[int, tuple[float, float]] = {}
        for quality, stand_ins in _by_quality(term.variants):
            for field in FIELDS:
                value = FIELD_WEIGHTS[field] * quality
                for number in self.index.holding(stand_ins, field, numbers, walked):
                    old_value, old_quality = best.get(number, (0.0, 0.0))
                    best[number] = (max(old_value, value), max(old_quality, quality))
        return best

    def _hit(
        self, item: Scored, qterms: list[QueryTerm], evidence: dict[str, Container[int]]
    ) -> Hit:
        matched = [t.word for t in qterms if item.number in evidence.get(t.word, ())]
        return Hit(talk=self.talks[item.number], score=round(item.rank, 4), matched_terms=matched)


def _by_quality(variants: Sequence[Variant]) -> list[tuple[float, list[str]]]:
    """Stand-in terms grouped by quality, so each group is one index lookup."""
    groups: dict[float, list[str]] = {}
    for variant in variants:
        groups.setdefault(variant.quality, []).append(variant.term)
    return list(groups.items())


def _strongest(
    lists: Sequence[tuple[float, float, Sequence[int]]], key: int, weight: float
) -> dict[int, float]:
    ordered = sorted(lists, key=itemgetter(key))
    talks = chain.from_iterable(found for _, _, found in ordered)
    values = chain.from_iterable(
        repeat(weight * (value if key == 0 else quality), len(found))
        for value, quality, found in ordered
    )
    return dict(zip(talks, values, strict=False))


def _sums(tables: Sequence[dict[int, float]], numbers: Sequence[int]) -> list[float]:
    """Each talk's total over the tables (0 where a table lacks it), summed in C."""
    if len(tables) == 1:
        return list(map(tables[0].get, numbers, repeat(0.0)))
    columns = [map(table.get, numbers, repeat(0.0)) for table in tables]
    return list(map(sum, zip(*columns, strict=True)))


def _refused(query: str, message: str) -> Answer:
    return Answer(query=query, kind=AnswerKind.REFUSED, message=message)


def _one_sentence(problems: list[str]) -> str:
    """The first problem, and how many more: a person fixes one filter at a time."""
    first = problems[0]
    others = len(problems) - 1
    if others:
        first += f" (and {others} more filter{'s' * (others > 1)} to fix)"
    return first
