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
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from typing import TypeVar

from rapidfuzz.distance import OSA

from bot.records.models import Talk
from bot.search import talk_sets
from bot.search.answer import Answer, AnswerKind, Hit
from bot.search.index import FIELD_WEIGHTS, FIELDS, HEADLINE, PEOPLE, TermIndex, Variant
from bot.search.query import MAX_QUERY_CHARS, MAX_WORDS, ParsedQuery, parse_query
from bot.search.text import edit_budget, is_filler, query_words, terms

log = logging.getLogger(__name__)

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


# Talks that hold the walked words alike (each word in the same field, found the same
# way), as (talks, field sum, coverage sum): they share their sums, so they are scored once,
# as a set. Plain tuples: a query makes a hundred of them, and a class instance costs
# three times as much to make.
_Group = tuple[int, float, float]


@dataclass
class Run:
    """Talks that rank alike (the same shares of the query's evidence), in their order."""

    numbers: Iterable[int]
    coverage: float
    fields: float

    @property
    def rank(self) -> float:
        return _rank(self.coverage, self.fields)


def _rank(coverage: float, fields: float) -> float:
    """Mostly coverage ("more of the words"), then where the words were found."""
    return COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * fields


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
        size = len(self.talks)
        self._everyone = talk_sets.everyone(size)
        # A library holds a few conferences and years: group talks by them first and read
        # each label's terms once, not once per talk (a second of 100,000 talks' build).
        by_year: dict[int, list[int]] = {}
        by_kind: dict[str, list[int]] = {}
        by_label: dict[str, list[int]] = {}
        for number, talk in enumerate(self.talks):
            if talk.year is not None:
                by_year.setdefault(talk.year, []).append(number)
            by_kind.setdefault(talk.kind.value, []).append(number)
            by_label.setdefault(talk.conference_label, []).append(number)
        self._by_year = {k: talk_sets.from_numbers(v, size) for k, v in by_year.items()}
        self._by_kind = {k: talk_sets.from_numbers(v, size) for k, v in by_kind.items()}
        self._by_conf_term: dict[str, int] = {}
        for label, numbers in by_label.items():
            label_talks = talk_sets.from_numbers(numbers, size)
            for term in terms(label):
                self._by_conf_term[term] = self._by_conf_term.get(term, 0) | label_talks
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

    def _allowed(self, parsed: ParsedQuery) -> int | None:
        """The talks the filters allow (a set, see `talk_sets`); None when nothing is
        filtered. Several values of one filter allow either; different filters, both."""
        if not parsed.has_filters:
            return None
        groups = [self._speaker_docs(name) for name in parsed.speaker]
        groups.extend(self._conf_docs(conf) for conf in parsed.conf)
        if parsed.years:
            groups.append(_any_of(parsed.years, self._by_year))
        if parsed.kinds:
            groups.append(_any_of([k.value for k in parsed.kinds], self._by_kind))
        keep = groups[0]
        for group in groups[1:]:
            keep &= group
        return keep

    def _speaker_docs(self, name: str) -> int:
        """Talks whose speakers or handles hold every word of the name (typos forgiven)."""
        result: int | None = None
        for surface, word in query_words(name):
            variants = self.index.expand(word, edit_budget(surface, word))
            docs = self.index.talk_set([v.term for v in variants], PEOPLE)
            result = docs if result is None else result & docs
        return result or 0

    def _conf_docs(self, conf: str) -> int:
        result: int | None = None
        for surface, word in query_words(conf):
            docs = 0
            budget = edit_budget(surface, word)
            for term in self._conf_terms:
                if term.startswith(word) or (
                    budget and OSA.distance(word, term, score_cutoff=budget) <= budget
                ):
                    docs |= self._by_conf_term[term]
            result = docs if result is None else result & docs
        return result or 0

    # -- answers without ranking ---------------------------------------------------------

    def _random(self, query: str, allowed: int | None) -> Answer:
        count = len(self.talks) if allowed is None else allowed.bit_count()
        if not count:
            return Answer(query=query, message="No talk fits those filters.")
        pick = self._rng.randrange(count)
        talk = self.talks[pick if allowed is None else talk_sets.nth(allowed, pick)]
        return Answer(query=query, kind=AnswerKind.RANDOM, matches=[Hit(talk=talk, score=1.0)])

    def _listing(self, query: str, allowed: int | None, limit: int) -> Answer:
        """Filters alone: every talk they allow is a match, in library order."""
        numbers = [] if allowed is None else talk_sets.members(allowed, limit)
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
        self, query: str, words: list[tuple[str, str]], allowed: int | None, limit: int
    ) -> Answer:
        qterms = self.query_terms(words)
        total = sum(t.weight for t in qterms) or 1.0
        # One word's talks all hold the same share of the evidence: all confident (the first
        # `limit` are read) or all suggestions (the first MAX_SUGGESTIONS).
        ranked, holding = self._score(qterms, allowed, total, max(limit, MAX_SUGGESTIONS))
        evidence = tuple((t.word, holding.get(t.word, ())) for t in qterms)
        matches: list[Hit] = []
        suggestions: list[Hit] = []
        top: float | None = None
        for run in ranked:
            if top is None:
                top = run.coverage
            if run.coverage >= CONFIDENT_COVERAGE and run.coverage >= top - CONFIDENT_MARGIN:
                found, room = matches, limit
            elif run.coverage >= SUGGESTION_COVERAGE:
                found, room = suggestions, MAX_SUGGESTIONS
            else:
                continue
            # A run's talks are listed only as far as they are read.
            for number in islice(run.numbers, room - len(found)):
                found.append(self._hit(number, run, evidence))
            if len(matches) == limit and len(suggestions) == MAX_SUGGESTIONS:
                break
        return Answer(query=query, matches=matches, suggestions=suggestions)

    def _score(
        self, qterms: list[QueryTerm], keep: int | None, total: float, wanted: int = PRESELECT
    ) -> tuple[Iterator[Run], dict[str, Container[int]]]:
        """Walk the rarest words' postings, then probe the commonest for the best talks;
        the result is ranked, best first: at least its first `wanted` talks, at most
        PRESELECT.

        Walking every posting of a word found in most talks ('python') would make latency
        grow with the library; those words weigh little, so probing them only for the
        leading candidates changes the order rarely and the confidence never by much.
        The walked words are scored as sets of talks (`talk_sets`), not talk by talk: the
        talks holding each word in the same field, found the same way, are one group
        whose sums are added once, so the work grows with the few ways a talk can hold
        the query, not with the talks.
        """
        live = sorted((t for t in qterms if t.variants), key=self._size)
        if keep is None and len(live) == 1:
            found_by = _by_quality(live[0].variants)
            if len(found_by) == 1:
                return self._one_word(live[0], found_by[0], total, min(wanted, PRESELECT))
        groups: list[_Group] = [(self._everyone if keep is None else keep, 0.0, 0.0)]
        held = 0  # talks holding any walked word
        probe: list[QueryTerm] = []
        walked: list[str] = []
        evidence: dict[str, Container[int]] = {}  # which talks hold each word
        for position, term in enumerate(live):
            size = self._size(term)
            if position == 0 or (size <= WALK_LIMIT_NEXT and size <= PROBE_COST * held.bit_count()):
                read = FIELDS if position or size <= WALK_LIMIT else (HEADLINE,)
                holding, ways = self._ways(term, read, keep)
                groups = _split(groups, ways, self._everyone ^ holding)
                held |= holding
                evidence[term.word] = _Holding(holding)
                walked.extend(v.term for v in term.variants)
            else:
                probe.append(term)
        chosen = _preselect(groups)
        if not probe:
            return _groups_in_order(chosen, total), evidence
        numbers: list[int] = []
        fields: list[float] = []
        coverage: list[float] = []
        for talks, group_fields, group_coverage in chosen:
            found = talk_sets.members(talks)
            numbers.extend(found)
            fields.extend([group_fields] * len(found))
            coverage.extend([group_coverage] * len(found))
        slot = {number: i for i, number in enumerate(numbers)}
        for term in probe:
            probed = self._probe(term, numbers, walked)
            evidence[term.word] = probed
            for number, (value, quality) in probed.items():
                fields[slot[number]] += term.weight * value
                coverage[slot[number]] += term.weight * quality
        return _talks_in_order(numbers, coverage, fields, total), evidence

    def _one_word(
        self, term: QueryTerm, found_by: tuple[float, list[str]], total: float, wanted: int
    ) -> tuple[Iterator[Run], dict[str, Container[int]]]:
        """`_score` when one word, found one way, is all the evidence: the same ranking,
        read from the talk lists.

        Its value in a talk is that of the best field holding it, so the PRESELECT best
        are the title list, then the abstract list, then the notes list, each ascending,
        less the talks already taken; and as every talk holds the word equally well
        (the same coverage), that is also their ranking, with no sort. Equal coverage
        also makes them all matches or all suggestions, so only the first `wanted` are
        read: walking all PRESELECT was half of a one-word answer's time.
        """
        quality, stand_ins = found_by
        read = FIELDS if self._size(term) <= WALK_LIMIT else (HEADLINE,)
        coverage = term.weight * quality / total
        taken: set[int] = set()
        ranked: list[Run] = []  # a run per list: its talks rank alike
        for field in read:
            if len(taken) == wanted:
                break  # a weaker list is not even fetched
            numbers: list[int] = []
            # Every talk of the stronger lists is taken before a weaker list is read.
            for number in self.index.talks_with(stand_ins, field):
                if len(taken) == wanted:
                    break
                if number not in taken:
                    taken.add(number)
                    numbers.append(number)
            if numbers:
                value = term.weight * (FIELD_WEIGHTS[field] * quality)
                ranked.append(Run(numbers, coverage, value / total))
        return iter(ranked), {term.word: taken}

    def _size(self, term: QueryTerm) -> int:
        return sum(self.index.df(v.term) for v in term.variants)

    def _ways(
        self, term: QueryTerm, fields: Sequence[int], keep: int | None
    ) -> tuple[int, list[tuple[float, float, int]]]:
        """The talks holding a query word, and the ways they hold it: (value, quality,
        talks), times the word's weight. A talk's value is that of the best field holding
        the word (by the stand-in found there), its quality that of the best stand-in
        anywhere; a talk in several lists counts in its strongest."""
        found_by = _by_quality(term.variants)
        lists = [
            (FIELD_WEIGHTS[field] * quality, quality, self.index.talk_set(stand_ins, field))
            for quality, stand_ins in found_by
            for field in fields
        ]
        if keep is not None:
            lists = [(value, quality, talks & keep) for value, quality, talks in lists]
        by_value, holding = _strongest([(value, talks) for value, _, talks in lists])
        if len(found_by) == 1:  # found one way: every talk holding it, alike
            by_quality = [(found_by[0][0], holding)]
        else:
            by_quality, _ = _strongest([(quality, talks) for _, quality, talks in lists])
        weight = term.weight
        if len(by_quality) == 1:
            quality = weight * by_quality[0][0]
            return holding, [(weight * value, quality, talks) for value, talks in by_value]
        ways = [
            (weight * value, weight * quality, both)
            for value, valued in by_value
            for quality, qualified in by_quality
            if (both := valued & qualified)
        ]
        return holding, ways

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

    def _hit(self, number: int, run: Run, evidence: tuple[tuple[str, Container[int]], ...]) -> Hit:
        return Hit(self.talks[number], round(run.rank, 4), evidence, number)


def _by_quality(variants: Sequence[Variant]) -> list[tuple[float, list[str]]]:
    """Stand-in terms grouped by quality, so each group is one index lookup."""
    groups: dict[float, list[str]] = {}
    for variant in variants:
        groups.setdefault(variant.quality, []).append(variant.term)
    return list(groups.items())


def _any_of(values: Sequence[_Key], groups: Mapping[_Key, int]) -> int:
    talks = 0
    for value in values:
        talks |= groups.get(value, 0)
    return talks


def _strongest(levels: list[tuple[float, int]]) -> tuple[list[tuple[float, int]], int]:
    """Each level's talks that no higher level holds, highest level first; and all the
    talks. A talk in several lists counts in the strongest."""
    merged: dict[float, int] = {}
    for level, talks in levels:
        merged[level] = merged.get(level, 0) | talks
    out: list[tuple[float, int]] = []
    seen = 0
    for level in sorted(merged, reverse=True):
        talks = merged[level]
        own = talks ^ (talks & seen)
        if own:
            out.append((level, own))
        seen |= talks
    return out, seen


def _split(groups: list[_Group], ways: list[tuple[float, float, int]], absent: int) -> list[_Group]:
    """Each group split by how its talks hold one more word (or do not)."""
    out: list[_Group] = []
    for talks, fields, coverage in groups:
        for value, quality, holding in ways:
            both = talks & holding
            if both:
                out.append((both, fields + value, coverage + quality))
        rest = talks & absent
        if rest:
            out.append((rest, fields, coverage))
    return out


def _preselect(groups: list[_Group]) -> list[_Group]:
    """The PRESELECT talks with the largest field sums (among equal sums, the earlier
    talks), as the groups holding them; groups with no evidence left out.

    The groups share no talk (each split divides a group), so the talks taken so far are
    a sum of group sizes, and only the groups of the sum where PRESELECT is reached are
    joined, to be cut together by talk number."""
    ordered = sorted((g for g in groups if g[1] > 0), key=itemgetter(1), reverse=True)
    taken = 0
    start = 0  # where the groups of the current sum begin in `ordered`
    before = 0  # the talks of the larger sums
    for last, (talks, fields, _) in enumerate(ordered):
        if fields != ordered[start][1]:
            start, before = last, taken
        taken += talks.bit_count()
        if taken >= PRESELECT:
            break
    else:
        return ordered
    end = last + 1
    while end < len(ordered) and ordered[end][1] == fields:
        end += 1
    tied = 0
    for group in ordered[start:end]:
        tied |= group[0]
    below = (2 << talk_sets.nth(tied, PRESELECT - before - 1)) - 1  # the first of them
    chosen = ordered[:start]
    for talks, fields, coverage in ordered[start:end]:
        if talks & below:
            chosen.append((talks & below, fields, coverage))
    return chosen


def _groups_in_order(groups: list[_Group], total: float) -> Iterator[Run]:
    """The groups as runs, best first. All talks of a group rank alike, so a group's talks
    are listed only when an answer reads them (a few talks of the first groups). Among
    equal ranks, the earlier talk first."""
    tiers: dict[float, list[_Group]] = {}
    for talks, fields, coverage in groups:
        covered, found = coverage / total, fields / total
        tiers.setdefault(-_rank(covered, found), []).append((talks, found, covered))
    for rank in sorted(tiers):
        tier = tiers[rank]
        if len(tier) == 1:
            talks, found, covered = tier[0]
            yield Run(talk_sets.ascending(talks), covered, found)
        else:
            listed = sorted(
                (n, found, covered)
                for talks, found, covered in tier
                for n in talk_sets.ascending(talks)
            )
            yield from (Run([n], covered, found) for n, found, covered in listed)


def _talks_in_order(
    numbers: list[int], coverage: list[float], fields: list[float], total: float
) -> Iterator[Run]:
    """Talks one by one, best first: a probed word adds to each talk its own evidence."""
    runs = [
        (Run([n], c / total, f / total), n)
        for n, c, f in zip(numbers, coverage, fields, strict=True)
    ]
    runs.sort(key=lambda item: (-item[0].rank, item[1]))
    for run, _ in runs:
        yield run


class _Holding:
    """Which talks hold a word: a set of talks, asked one talk at a time."""

    def __init__(self, talks: int) -> None:
        self._talks = talks

    def __contains__(self, number: object) -> bool:
        return isinstance(number, int) and bool(self._talks >> number & 1)


def _refused(query: str, message: str) -> Answer:
    return Answer(query=query, kind=AnswerKind.REFUSED, message=message)


def _one_sentence(problems: list[str]) -> str:
    """The first problem, and how many more: a person fixes one filter at a time."""
    first = problems[0]
    others = len(problems) - 1
    if others:
        first += f" (and {others} more filter{'s' * (others > 1)} to fix)"
    return first
