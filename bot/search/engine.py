"""Search entry point: from a typed question to confident matches and weaker suggestions.

Ranking is deliberately explainable. Each query word gets a rarity weight; a talk earns, per
word, the quality of its best stand-in term (exact, prefix, sound-alike, near miss) times
the weight of the best field holding it. Two sums come out: *coverage* (how much of the
query's evidence the talk holds, wherever it is) decides confidence; the field-weighted
sum breaks ties so title evidence beats a passing mention in the notes.
"""

from __future__ import annotations

import heapq
import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from bot.records.models import Talk
from bot.search.answer import Answer, AnswerKind, Hit
from bot.search.index import MASK, MASK_BITS, MASK_WEIGHT, PEOPLE, TermIndex, Variant
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
# Work bounds for large libraries: postings walked in full before switching to probing the
# remaining (commonest, least informative) words only for the best candidates.
POSTINGS_BUDGET = 40_000
PROBED_CANDIDATES = 200


@dataclass
class QueryTerm:
    word: str
    variants: list[Variant]
    weight: float


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
        self.talks = list(talks)
        self._rng = rng or random.Random()
        self.index = TermIndex(self.talks)
        self._by_year: dict[int, set[int]] = {}
        self._by_kind: dict[str, set[int]] = {}
        self._by_conf_term: dict[str, set[int]] = {}
        for number, talk in enumerate(self.talks):
            if talk.year is not None:
                self._by_year.setdefault(talk.year, set()).add(number)
            self._by_kind.setdefault(talk.kind.value, set()).add(number)
            for term in terms(talk.conference_label):
                self._by_conf_term.setdefault(term, set()).add(number)
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
            return _refused(query, " ".join(parsed.problems))
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
            for variant in self.index.expand(word, edit_budget(surface, word)):
                for packed in self.index.docs_with(variant.term):
                    if packed & PEOPLE:
                        docs.add(packed >> MASK_BITS)
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
        known = self.index.postings
        i = 0
        while i < len(words):
            if i + 1 < len(words):
                (a, a_stem), (b, b_stem) = words[i], words[i + 1]
                surface, both = a + b, a + b_stem
                if both in known or (
                    (a_stem not in known or b_stem not in known)
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
        scored = self._score(qterms, allowed, total)
        scored.sort(key=lambda s: (-s.rank, s.number))
        matches: list[Hit] = []
        suggestions: list[Hit] = []
        top = scored[0].coverage if scored else 0.0
        for item in scored:
            confident = (
                item.coverage >= CONFIDENT_COVERAGE and item.coverage >= top - CONFIDENT_MARGIN
            )
            if confident and len(matches) < limit:
                matches.append(self._hit(item, qterms))
            elif (
                not confident
                and item.coverage >= SUGGESTION_COVERAGE
                and len(suggestions) < MAX_SUGGESTIONS
            ):
                suggestions.append(self._hit(item, qterms))
            if len(matches) >= limit and len(suggestions) >= MAX_SUGGESTIONS:
                break
        return Answer(query=query, matches=matches, suggestions=suggestions)

    def _score(
        self, qterms: list[QueryTerm], allowed: set[int] | None, total: float
    ) -> list[Scored]:
        """Walk the rarest words' postings in full, then probe the rest for the best talks.

        Walking every posting of a word found in most talks ('python') would make latency
        grow with the library; those words weigh little, so probing them only for the
        leading candidates changes the order rarely and the confidence never by much.
        """
        live = [t for t in qterms if t.variants]
        live.sort(key=lambda t: sum(self.index.df(v.term) for v in t.variants))
        fields: dict[int, float] = {}
        coverage: dict[int, float] = {}
        walked = 0
        probe: list[QueryTerm] = []
        for position, term in enumerate(live):
            size = sum(self.index.df(v.term) for v in term.variants)
            if position > 0 and walked + size > POSTINGS_BUDGET:
                probe = live[position:]
                break
            walked += size
            best_field: dict[int, float] = {}
            best_quality: dict[int, float] = {}
            for variant in term.variants:
                quality = variant.quality
                for packed in self.index.docs_with(variant.term):
                    number = packed >> MASK_BITS
                    if allowed is not None and number not in allowed:
                        continue
                    value = MASK_WEIGHT[packed & MASK] * quality
                    if value > best_field.get(number, 0.0):
                        best_field[number] = value
                    if quality > best_quality.get(number, 0.0):
                        best_quality[number] = quality
            weight = term.weight
            for number, value in best_field.items():
                fields[number] = fields.get(number, 0.0) + weight * value
                coverage[number] = coverage.get(number, 0.0) + weight * best_quality[number]
        candidates = list(fields)
        if probe and len(candidates) > PROBED_CANDIDATES:
            candidates = heapq.nlargest(PROBED_CANDIDATES, candidates, key=coverage.__getitem__)
        for term in probe:
            for number in candidates:
                value, quality = self._probe(term, number)
                if quality:
                    fields[number] += term.weight * value
                    coverage[number] += term.weight * quality
        return [Scored(n, coverage[n] / total, fields[n] / total) for n in candidates]

    def _probe(self, term: QueryTerm, number: int) -> tuple[float, float]:
        """Best (field value, quality) of one word in one talk."""
        best_value = best_quality = 0.0
        for variant in term.variants:
            mask = self.index.mask_of(variant.term, number)
            if mask:
                best_value = max(best_value, MASK_WEIGHT[mask] * variant.quality)
                best_quality = max(best_quality, variant.quality)
        return best_value, best_quality

    def _hit(self, item: Scored, qterms: list[QueryTerm]) -> Hit:
        matched = [t.word for t in qterms if t.variants and self._probe(t, item.number)[1]]
        return Hit(talk=self.talks[item.number], score=round(item.rank, 4), matched_terms=matched)


def _refused(query: str, message: str) -> Answer:
    return Answer(query=query, kind=AnswerKind.REFUSED, message=message)
