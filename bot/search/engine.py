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
from array import array
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA

from bot.records.models import Talk
from bot.search.answer import Answer, AnswerKind, Hit
from bot.search.index import FIELD_WEIGHTS, FIELDS, HEADLINE, TermIndex, Variant
from bot.search.query import MAX_QUERY_CHARS, MAX_WORDS, ParsedQuery, parse_query
from bot.search.text import edit_budget, is_filler, query_words, terms

log = logging.getLogger(__name__)

Floats = npt.NDArray[np.float64]
_Key = TypeVar("_Key", int, str)

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
WALK_LIMIT_NEXT = 5_000  # a later word held by more talks than this is probed, not walked
PRESELECT = 200
PROBE_COST = 10


@dataclass
class QueryTerm:
    word: str
    variants: list[Variant]
    weight: float


@dataclass
class Ranked:
    """Candidate talks best first, with their shares of the query's evidence."""

    numbers: npt.NDArray[np.intp]
    coverage: Floats
    fields: Floats

    def at(self, i: int) -> Scored:
        return Scored(int(self.numbers[i]), float(self.coverage[i]), float(self.fields[i]))


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
        # A year's or a kind's talks as a 0/1 array, made when a filter first asks for it:
        # a set of thousands of talks turned into an array at every query was a third of
        # a filtered search's time at 10,000 talks.
        self._masks: dict[tuple[str, int | str], Floats] = {}
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

    def _allowed(self, parsed: ParsedQuery) -> Floats | None:
        """1 for each talk the filters allow, 0 for the others; None when nothing is
        filtered. Several values of one filter allow either; different filters, both."""
        if not parsed.has_filters:
            return None
        groups = [self._mask(self._speaker_docs(name)) for name in parsed.speaker]
        groups.extend(self._mask(self._conf_docs(conf)) for conf in parsed.conf)
        if parsed.years:
            groups.append(self._any_of("year", parsed.years, self._by_year))
        if parsed.kinds:
            groups.append(self._any_of("kind", [k.value for k in parsed.kinds], self._by_kind))
        keep = groups[0]
        for group in groups[1:]:
            keep = keep * group  # a new array: the cached masks are shared by every query
        return keep

    def _any_of(self, name: str, values: Sequence[_Key], groups: Mapping[_Key, set[int]]) -> Floats:
        masks = []
        for value in values:
            mask = self._masks.get((name, value))
            if mask is None:
                mask = self._masks[(name, value)] = self._mask(groups.get(value, set()))
            masks.append(mask)
        return masks[0] if len(masks) == 1 else np.maximum.reduce(masks)

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

    def _random(self, query: str, allowed: Floats | None) -> Answer:
        pool = _held(allowed).tolist() if allowed is not None else range(len(self.talks))
        if not pool:
            return Answer(query=query, message="No talk fits those filters.")
        talk = self.talks[self._rng.choice(pool)]
        return Answer(query=query, kind=AnswerKind.RANDOM, matches=[Hit(talk=talk, score=1.0)])

    def _listing(self, query: str, allowed: Floats | None, limit: int) -> Answer:
        """Filters alone: every talk they allow is a match, in library order."""
        numbers = [] if allowed is None else _held(allowed)[:limit].tolist()
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
        self, query: str, words: list[tuple[str, str]], allowed: Floats | None, limit: int
    ) -> Answer:
        qterms = self.query_terms(words)
        total = sum(t.weight for t in qterms) or 1.0
        ranked, evidence = self._score(qterms, allowed, total)
        coverage = ranked.coverage
        top = coverage[0] if len(coverage) else 0.0
        confident = (coverage >= CONFIDENT_COVERAGE) & (coverage >= top - CONFIDENT_MARGIN)
        weak = ~confident & (coverage >= SUGGESTION_COVERAGE)
        matches = [
            self._hit(ranked.at(i), qterms, evidence) for i in np.flatnonzero(confident)[:limit]
        ]
        suggestions = [
            self._hit(ranked.at(i), qterms, evidence)
            for i in np.flatnonzero(weak)[:MAX_SUGGESTIONS]
        ]
        return Answer(query=query, matches=matches, suggestions=suggestions)

    def _score(
        self, qterms: list[QueryTerm], keep: Floats | None, total: float
    ) -> tuple[Ranked, dict[str, Container[int]]]:
        """Walk the rarest words' postings, then probe the commonest for the best talks;
        the result is ranked, best first.

        Walking every posting of a word found in most talks ('python') would make latency
        grow with the library; those words weigh little, so probing them only for the
        leading candidates changes the order rarely and the confidence never by much.
        The walked words are summed as one array slot per talk (numpy): the same sums in
        Python, per posting, were most of a common-word query's time.
        """
        live = sorted((t for t in qterms if t.variants), key=self._size)
        if keep is None and len(live) == 1:
            groups = _by_quality(live[0].variants)
            if len(groups) == 1:
                return self._one_word(live[0], groups[0], total)
        fields = np.zeros(0)  # the first word's values replace it; stays empty with no word
        walks: list[tuple[Floats, float | Floats]] = []  # each walked word's evidence
        probe: list[QueryTerm] = []
        walked: list[str] = []
        evidence: dict[str, Container[int]] = {}  # which talks hold each word
        for position, term in enumerate(live):
            size = self._size(term)
            if position == 0 or (
                size <= WALK_LIMIT_NEXT and size <= PROBE_COST * np.count_nonzero(fields)
            ):
                read = FIELDS if position or size <= WALK_LIMIT else (HEADLINE,)
                values, qualities = self._evidence(term, read)
                if keep is not None:
                    values *= keep
                    if not isinstance(qualities, float):
                        qualities *= keep
                # A new array, not in place: the first word's values are still needed.
                fields = values if position == 0 else fields + values
                walks.append((values, qualities))
                evidence[term.word] = _Holding(values)
                walked.extend(v.term for v in term.variants)
            else:
                probe.append(term)
        # Ascending: among equal sums, the earlier talk.
        candidates = _preselect(_held(fields), fields)
        fields = fields[candidates]
        coverage = np.zeros(len(candidates))
        for values, qualities in walks:
            if isinstance(qualities, float):  # the same stand-in quality wherever it is held
                coverage += np.where(values[candidates] > 0, qualities, 0.0)
            else:
                coverage += qualities[candidates]
        if probe:
            slot = {number: i for i, number in enumerate(candidates.tolist())}
            for term in probe:
                probed = self._probe(term, list(slot), walked)
                evidence[term.word] = probed
                for number, (value, quality) in probed.items():
                    fields[slot[number]] += term.weight * value
                    coverage[slot[number]] += term.weight * quality
        return _ranked(candidates, coverage, fields, total), evidence

    def _one_word(
        self, term: QueryTerm, found_by: tuple[float, list[str]], total: float
    ) -> tuple[Ranked, dict[str, Container[int]]]:
        """`_score` when one word, found one way, is all the evidence: the same ranking,
        read from the talk lists in Python.

        Its value in a talk is that of the best field holding it, so the PRESELECT best
        are the title list, then the abstract list, then the notes list, each ascending,
        less the talks already taken; and as every talk holds the word equally well
        (the same coverage), that is also their ranking, with no sort (numpy's sorts let
        go of the GIL whatever the length). A few hundred steps in Python are cheaper than
        numpy over the whole library here: numpy lets go of the GIL for any array longer
        than 500, and in the server each time is a thread handover (a one-word search at
        10,000 talks cost 0.4 ms of CPU under load, 0.06 ms alone).
        """
        quality, stand_ins = found_by
        read = FIELDS if self._size(term) <= WALK_LIMIT else (HEADLINE,)
        taken: set[int] = set()
        numbers: list[int] = []
        sums: list[float] = []
        for field in read:
            value = term.weight * (FIELD_WEIGHTS[field] * quality)
            # Every talk of the stronger lists is taken before a weaker list is read.
            for number in self.index.talks_with(stand_ins, field):
                if len(numbers) == PRESELECT:
                    break
                if number not in taken:
                    taken.add(number)
                    numbers.append(number)
                    sums.append(value)
        coverage = np.full(len(numbers), term.weight * quality)
        ranked = Ranked(np.array(numbers, dtype=np.intp), coverage / total, np.array(sums) / total)
        return ranked, {term.word: taken}

    def _mask(self, allowed: set[int]) -> Floats:
        keep = np.zeros(len(self.talks))
        keep[np.fromiter(allowed, dtype=np.intp, count=len(allowed))] = 1.0
        return keep

    def _size(self, term: QueryTerm) -> int:
        return sum(self.index.df(v.term) for v in term.variants)

    def _evidence(self, term: QueryTerm, fields: Sequence[int]) -> tuple[Floats, float | Floats]:
        """One query word's evidence in every talk, times the word's weight: by the best
        field holding it, and by the best stand-in that found it (one number when all its
        stand-ins are equally good, as for a word the notes hold exactly). Lists are written
        weakest first, so a talk in several keeps its strongest."""
        lists = [
            (FIELD_WEIGHTS[field] * quality, quality, self.index.talks_with(stand_ins, field))
            for quality, stand_ins in _by_quality(term.variants)
            for field in fields
        ]
        values = np.zeros(len(self.talks))
        for value, _, found in sorted(lists, key=itemgetter(0)):
            values[_positions(found)] = term.weight * value
        kinds = {quality for _, quality, _ in lists}
        if len(kinds) == 1:
            return values, term.weight * kinds.pop()
        qualities = np.zeros(len(self.talks))
        for _, quality, found in sorted(lists, key=itemgetter(1)):
            qualities[_positions(found)] = term.weight * quality
        return values, qualities

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


def _preselect(candidates: npt.NDArray[np.intp], fields: Floats) -> npt.NDArray[np.intp]:
    """The PRESELECT candidates with the largest field sums (among equal sums, the earlier
    talks), ascending. Partitioning finds them without sorting every candidate: a stable
    sort of 3,000 sums was a fifth of a common word's search at 10,000 talks."""
    if len(candidates) <= PRESELECT:
        return candidates
    sums = fields[candidates]
    cut = np.partition(sums, len(sums) - PRESELECT)[len(sums) - PRESELECT]
    above = sums > cut
    tied = np.flatnonzero(sums == cut)[: PRESELECT - np.count_nonzero(above)]
    above[tied] = True
    kept: npt.NDArray[np.intp] = candidates[above]
    return kept


def _ranked(
    candidates: npt.NDArray[np.intp], coverage: Floats, fields: Floats, total: float
) -> Ranked:
    covered = coverage / total
    found = fields / total
    rank = COVERAGE_SHARE * covered + (1 - COVERAGE_SHARE) * found
    order = np.lexsort((candidates, -rank))
    return Ranked(candidates[order], covered[order], found[order])


def _held(values: Floats) -> npt.NDArray[np.intp]:
    """The talks with a value above zero (evidence, or a filter's 1), ascending. Through a
    boolean array: nonzero() reads floats at a third of the speed (18 us against 5 at
    10,000 talks)."""
    numbers: npt.NDArray[np.intp] = (values > 0).nonzero()[0]
    return numbers


def _positions(found: array[int]) -> npt.NDArray[np.int64]:
    """A talk list as numpy indices, sharing its memory rather than copying it."""
    return np.frombuffer(found, dtype=np.int64) if len(found) else np.zeros(0, dtype=np.int64)


class _Holding:
    """Which talks hold a word: those with evidence for it."""

    def __init__(self, values: Floats) -> None:
        self._values = values

    def __contains__(self, number: object) -> bool:
        return isinstance(number, int) and bool(self._values[number] > 0)


def _refused(query: str, message: str) -> Answer:
    return Answer(query=query, kind=AnswerKind.REFUSED, message=message)


def _one_sentence(problems: list[str]) -> str:
    """The first problem, and how many more: a person fixes one filter at a time."""
    first = problems[0]
    others = len(problems) - 1
    if others:
        first += f" (and {others} more filter{'s' * (others > 1)} to fix)"
    return first
