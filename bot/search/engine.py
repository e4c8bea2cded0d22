"""Search entry point: from a typed question to confident matches and weaker suggestions.

The ranking is these rules, applied to every talk alike (`_score`, `_rank`, `_answer`):

1. Filler words ("who talked about…") are dropped; each remaining query word weighs its
   rarity (`TermIndex.idf`): a word few talks hold tells more about which talk is meant.
   Never more, though, than its rarity among talks at large (`bot.search.rarity`) on the
   library's scale (idf(0) × that rarity's share of the rarest's): in a library of thirty
   talks, 'few' held by one talk and 'smaller' held by none are still common words, and
   a question of them and 'eclipse' is mostly about the eclipse. In a library as large as
   the catalogue the table was counted on, the two rarities are about the same.
2. A talk holds a word through the terms that may stand for it (`TermIndex.expand`: the
   word itself, longer words it starts, sound-alikes and near misses within the typo
   budget of its length; a word the talks hold exactly is never "corrected"; a short name,
   the longer speakers' names it starts), each with a quality, in the fields where each is
   written, each field with its weight (title and speakers, abstract, notes).
   A word the talks write with other words (`bot.search.related`: 'docker' with
   'container') is also held, at the weaker quality RELATED, by a talk holding one of
   its related words and not the word itself. A term of a talk is evidence for one query
   word: what stands for a query word is no other word's related term, and a related
   term counts for the first query word it relates to.
3. coverage = Σ weight × best quality / Σ weight: how much of the query the talk holds,
   wherever. fields = Σ weight × best (field weight × length factor × quality) / Σ weight:
   how strongly. The length factor is 1 for the headline; for an abstract or notes it is
   1 / (1 − LENGTH_NORMALISATION + LENGTH_NORMALISATION × length / average length), at
   most 1 (BM25's length normalisation): a word in a text longer than the library's
   average is weaker evidence of what the talk is about, as the longer the text the more
   words it holds in passing. Lengths are in characters (abstract and tagline; notes),
   the average over the talks whose field is written.
   literal: coverage by the words themselves and their stand-ins, related words left out.
4. rank = COVERAGE_SHARE × coverage + (1 − COVERAGE_SHARE) × fields; among equal ranks, the
   talk with the shorter title first (the query is more of it), then the earlier talk.
5. A talk is a confident match when its coverage reaches CONFIDENT_COVERAGE, is within
   CONFIDENT_MARGIN of the best talk's, and its literal coverage reaches LITERAL_COVERAGE
   (the question's own words are the evidence; related words only add to it), and, in a
   question of at most SHORT_QUESTION words (as typed, filler left out), it holds every
   one of them (by the word or a stand-in): each word of so short a question names part of
   its topic, and a rare word weighs so much that a talk holding 'marathon' and 'training'
   but not 'schedule' would reach the threshold. The others reaching SUGGESTION_COVERAGE
   (literal coverage too) are suggestions, shown as "no match, but maybe…".
6. A question told in other words (several of its words held by one talk, the others
   not) rarely reaches CONFIDENT_COVERAGE; its best talk is a confident match too when it
   holds MANY_WORDS of the question's own words, its coverage reaches LEAD_COVERAGE and is
   LEAD ahead of every other talk's, and its literal coverage reaches LITERAL_COVERAGE.
   A question of two or three words (most questions no talk answers) is judged by rule 5
   alone: a talk holding three of its words holds all of it.

Related words are weaker evidence by construction: RELATED is below every stand-in's
quality, so a talk holding every query word in its title (rank 1) stays above any talk
found through a related word, and a question none of whose words a talk holds gets
neither a match nor a suggestion.

Every talk's scores are computed, as vectors with one entry per talk: no candidate is cut
before ranking, so what a talk gets never depends on which other talks the library holds
beyond the words' rarity and the texts' average length.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA

from bot.records.models import Talk
from bot.search.answer import Answer, AnswerKind, Hit
from bot.search.index import (
    ABSTRACT,
    EXACT,
    FIELD_WEIGHTS,
    FIELDS,
    HEADLINE,
    NOTES,
    ONE_EDIT,
    PEOPLE,
    TalkNumbers,
    TermIndex,
    Variant,
)
from bot.search.query import MAX_QUERY_CHARS, MAX_WORDS, ParsedQuery, parse_query
from bot.search.rarity import Rarity, word_rarity
from bot.search.related import related_words
from bot.search.text import edit_budget, is_filler, query_words, terms, tokens

log = logging.getLogger(__name__)

Vector = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

# A talk is a confident match when it holds this share of the query's weighted evidence…
CONFIDENT_COVERAGE = 0.6
# …and is not far behind the best talk; the rest that hold something become suggestions.
CONFIDENT_MARGIN = 0.3
SUGGESTION_COVERAGE = 0.15
# A confident match holds at least this share of the query through the words themselves…
LITERAL_COVERAGE = 0.4
# …and, in a question of at most this many words, every one of them.
SHORT_QUESTION = 3
# How much a word held only through a related word counts (below every stand-in's quality).
RELATED = 0.25
# Rule 6: the best talk of a question told in other words is confident with less of it held
# when it holds MANY_WORDS of the question's own words and is LEAD ahead of every other.
MANY_WORDS = 3
LEAD_COVERAGE = 0.45
LEAD = 0.1
MAX_SUGGESTIONS = 3
# Rank by mostly coverage ("more of the words") then by where the words were found.
COVERAGE_SHARE = 0.6
# Rule 3: how much a long abstract or notes weakens the words found there (BM25's usual b).
LENGTH_NORMALISATION = 0.75


@dataclass
class QueryTerm:
    """One evidence-bearing word of a query: what stands for it, and how much it weighs."""

    word: str
    variants: list[Variant]
    weight: float
    # Terms the talks hold that are related to the word, strongest first (none of them
    # among `variants`).
    related: tuple[str, ...] = ()
    # How many of the words typed it stands for: 2 for a pair the notes write joined
    # ('graph ql'), more for a word typed again ('fly fishing flies' asks 'fly' twice).
    typed: int = 1


@dataclass
class Scores:
    """Every talk's scores for one query, one entry per talk number."""

    coverage: Vector
    fields: Vector
    literal: Vector
    # How many query words each talk holds by the words themselves (related words left out).
    words: npt.NDArray[np.int64]
    # Each query term, each talk's best quality for it by the words themselves, and
    # whether each talk holds it only through a related word.
    held: list[tuple[QueryTerm, Vector, Mask]]


class SearchEngine:
    """Built once per library load; `ask` is called per query and must stay fast."""

    def __init__(
        self,
        talks: Sequence[Talk],
        rng: random.Random | None = None,
        index_path: Path | None = None,
        related: dict[str, tuple[str, ...]] | None = None,
        previous: SearchEngine | None = None,
        rarity: Rarity | None = None,
    ) -> None:
        """`index_path`: where the index of exactly these talks is kept between starts;
        `related`: related terms by term (default: the shipped table, or `previous`'s);
        `previous`: the engine of the library these talks replace, whose index is updated
        rather than built again (see `TermIndex`); `rarity`: words' rarity at large
        (default: the shipped table, or `previous`'s)."""
        self.talks = list(talks)
        if related is None:
            related = previous.related if previous is not None else related_words()
        self.related: dict[str, tuple[str, ...]] = related
        if rarity is None:
            rarity = previous.rarity if previous is not None else word_rarity()
        self.rarity: Rarity = rarity
        self._rng = rng or random.Random()
        self.index: TermIndex = TermIndex(
            self.talks, index_path, previous=previous.index if previous else None
        )
        self._size = len(self.talks)
        # Tie-break of rule 4: words in each title.
        self._title_words = np.array([len(tokens(t.title)) for t in self.talks], dtype=np.int64)
        self._strength = field_strengths(self.talks)
        self._years = np.array([t.year or 0 for t in self.talks], dtype=np.int64)
        self._kinds = np.array([t.kind.value for t in self.talks], dtype=object)
        # A library holds a few conferences: each label's terms are read once, not per talk.
        by_label: dict[str, list[int]] = {}
        for number, talk in enumerate(self.talks):
            by_label.setdefault(talk.conference_label, []).append(number)
        conf_talks: dict[str, list[int]] = {}
        for label, numbers in by_label.items():
            for term in dict.fromkeys(terms(label)):
                conf_talks.setdefault(term, []).extend(numbers)
        self._conf_talks = {t: np.array(n, dtype=np.int64) for t, n in conf_talks.items()}
        self._numbers = {talk.id: n for n, talk in reversed(list(enumerate(self.talks)))}
        log.debug("indexed %d talks, %d terms", self._size, len(self.index.vocabulary))

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
        return self._answer(query, self._score(self.query_terms(words), allowed), limit)

    # -- filters -------------------------------------------------------------------------

    def _allowed(self, parsed: ParsedQuery) -> Mask | None:
        """The talks the filters allow; None when nothing is filtered. Several values of
        one filter allow either; different filters, both."""
        if not parsed.has_filters:
            return None
        keep = np.ones(self._size, dtype=np.bool_)
        for name in parsed.speaker:
            keep &= self._speaker_talks(name)
        if parsed.conf:
            keep &= np.logical_or.reduce([self._conf_talks_of(c) for c in parsed.conf])
        if parsed.years:
            keep &= np.isin(self._years, parsed.years)
        if parsed.kinds:
            keep &= np.isin(self._kinds, [k.value for k in parsed.kinds])
        return keep

    def _speaker_talks(self, name: str) -> Mask:
        """Talks whose speakers or handles hold every word of the name (typos forgiven)."""
        found = np.ones(self._size, dtype=np.bool_)
        for surface, word in query_words(name):
            variants = self.index.expand(word, edit_budget(surface, word))
            found &= self._mask(self.index.talks_with([v.term for v in variants], PEOPLE))
        return found

    def _conf_talks_of(self, conf: str) -> Mask:
        """Talks whose conference label holds every word of `conf`: each word as written,
        as the start of a label word, or within its typo budget."""
        found = np.ones(self._size, dtype=np.bool_)
        for surface, word in query_words(conf):
            budget = edit_budget(surface, word)
            held = np.zeros(self._size, dtype=np.bool_)
            for term, numbers in self._conf_talks.items():
                if term.startswith(word) or (
                    budget and OSA.distance(word, term, score_cutoff=budget) <= budget
                ):
                    held[numbers] = True
            found &= held
        return found

    def _mask(self, numbers: TalkNumbers) -> Mask:
        mask = np.zeros(self._size, dtype=np.bool_)
        mask[numbers] = True
        return mask

    # -- answers without ranking ---------------------------------------------------------

    def _random(self, query: str, allowed: Mask | None) -> Answer:
        pool = range(self._size) if allowed is None else np.flatnonzero(allowed)
        if not len(pool):
            return Answer(query=query, message="No talk fits those filters.")
        talk = self.talks[int(pool[self._rng.randrange(len(pool))])]
        return Answer(query=query, kind=AnswerKind.RANDOM, matches=[Hit(talk=talk, score=1.0)])

    def _listing(self, query: str, allowed: Mask | None, limit: int) -> Answer:
        """Filters alone: every talk they allow is a match, in library order."""
        if allowed is None:
            return Answer(query=query)
        numbers = np.flatnonzero(allowed)[:limit]
        return Answer(query=query, matches=[Hit(talk=self.talks[n], score=1.0) for n in numbers])

    # -- ranking -------------------------------------------------------------------------

    def query_terms(self, words: list[tuple[str, str]]) -> list[QueryTerm]:
        """Evidence-bearing words of a query (rule 1), joined where the notes join them."""
        kept = [w for w in words if not is_filler(*w)] or words
        # One stem is one piece of evidence: 'fly fishing flies' asks about 'fly' once.
        by_stem: dict[str, tuple[str, str]] = {}
        typed: dict[str, int] = {}
        for surface, stemmed, count in self._join(kept):
            by_stem.setdefault(stemmed, (surface, stemmed))
            typed[stemmed] = typed.get(stemmed, 0) + count
        unique = list(by_stem.values())[:MAX_WORDS]
        out: list[QueryTerm] = []
        expanded = [
            (surface, stemmed, self.index.expand(stemmed, edit_budget(surface, stemmed)))
            for surface, stemmed in unique
        ]
        # A term of a talk is evidence for one query word: what stands for a word of the
        # query is never also related evidence for another ('blockchain smart contracts'
        # does not count a talk's 'contract' twice).
        # A related term is likewise evidence for the first query word it is related to.
        taken = {v.term for _, _, variants in expanded for v in variants}
        for surface, stemmed, variants in expanded:
            weight = self._weight(variants[0].term if variants else stemmed)
            related = self._related_to(stemmed, variants, taken)
            taken.update(related)
            out.append(QueryTerm(surface, variants, weight, related, typed[stemmed]))
        return out

    def _weight(self, term: str) -> float:
        """Rule 1: the term's rarity in the library, at most its rarity at large."""
        here = self.index.idf(self.index.df(term))
        at_large = self.index.idf(0) * self.rarity.share_of_rarest(term)
        return min(here, at_large)

    def _related_to(
        self, stemmed: str, variants: list[Variant], taken: set[str]
    ) -> tuple[str, ...]:
        """The talks' terms related to a query word (to the word as typed, else to what
        stands for it best: a typo's correction), but those already evidence for one."""
        source = stemmed if stemmed in self.related or not variants else variants[0].term
        return tuple(
            term
            for term in self.related.get(source, ())
            if term not in taken and self.index.has(term)
        )

    def _join(self, words: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
        """'graph ql' -> 'graphql', 'circut python' -> 'circutpython' when the talks agree:
        more talks write the pair joined than hold both words apart, or a word of the pair
        is unknown and the joined form is one edit from a known word. Each with the count
        of words typed for it."""
        out: list[tuple[str, str, int]] = []
        known = self.index
        i = 0
        while i < len(words):
            if i + 1 < len(words):
                (a, a_stem), (b, b_stem) = words[i], words[i + 1]
                surface, both = a + b, a + b_stem
                if known.has(both):
                    joined = known.df(both) > self._holding_both(a_stem, b_stem)
                elif not known.has(a_stem) or not known.has(b_stem):
                    near = known.expand(both, edit_budget(surface, both))[:1]
                    joined = any(ONE_EDIT <= v.quality < EXACT for v in near)
                else:
                    joined = False
                if joined:
                    out.append((surface, both, 2))
                    i += 2
                    continue
            out.append((*words[i], 1))
            i += 1
        return out

    def _holding_both(self, a: str, b: str) -> int:
        """Talks holding both terms, in any fields."""
        both = self._holding(a)
        both &= self._holding(b)
        return int(both.sum())

    def _holding(self, term: str) -> Mask:
        found = np.zeros(self._size, dtype=np.bool_)
        for field in FIELDS:
            found[self.index.talks_with([term], field)] = True
        return found

    def _score(self, qterms: list[QueryTerm], allowed: Mask | None) -> Scores:
        """Rules 2 and 3 for every talk: its coverage and field sums (talks the filters
        leave out score nothing)."""
        total = sum(t.weight for t in qterms) or 1.0
        coverage = np.zeros(self._size)
        fields = np.zeros(self._size)
        literal = np.zeros(self._size)
        words = np.zeros(self._size, dtype=np.int64)
        held: list[tuple[QueryTerm, Vector, Mask]] = []
        for term in qterms:
            quality, value = self._best_evidence(term.variants)
            literal += term.weight * quality
            words += quality > 0
            only_related = np.zeros(self._size, dtype=np.bool_)
            if term.related:
                near, near_value = self._related_evidence(term.related)
                only_related = near > quality
                quality = np.maximum(quality, near)
                value = np.maximum(value, near_value)
            coverage += term.weight * quality
            fields += term.weight * value
            held.append((term, quality, only_related))
        coverage /= total
        fields /= total
        literal /= total
        if allowed is not None:
            coverage[~allowed] = 0.0
            fields[~allowed] = 0.0
            literal[~allowed] = 0.0
            words[~allowed] = 0
        return Scores(coverage, fields, literal, words, held)

    def _related_evidence(self, related: Sequence[str]) -> tuple[Vector, Vector]:
        """Rule 2 for a word's related terms: RELATED where a talk holds any of them, and
        its best field weight × length factor × RELATED."""
        quality = np.zeros(self._size)
        value = np.zeros(self._size)
        for field in FIELDS:
            numbers = self.index.talks_with(related, field)
            quality[numbers] = RELATED
            value[numbers] = np.maximum(value[numbers], self._strength[field][numbers] * RELATED)
        return quality, value

    def _best_evidence(self, variants: Sequence[Variant]) -> tuple[Vector, Vector]:
        """For one query word, each talk's best stand-in quality anywhere, and its best
        field weight × quality (0 where the talk holds no stand-in). A stand-in for names
        only counts where a speaker is called so, with the headline's weight."""
        quality = np.zeros(self._size)
        value = np.zeros(self._size)
        groups: dict[tuple[float, bool], list[str]] = {}
        for variant in variants:
            groups.setdefault((variant.quality, variant.people_only), []).append(variant.term)
        for (stand_in_quality, people_only), stand_ins in groups.items():
            read = ((PEOPLE, HEADLINE),) if people_only else tuple((f, f) for f in FIELDS)
            for column, field in read:
                numbers = self.index.talks_with(stand_ins, column)
                # A talk appears once in a list, so a plain indexed update is exact.
                quality[numbers] = np.maximum(quality[numbers], stand_in_quality)
                strength = self._strength[field][numbers]
                value[numbers] = np.maximum(value[numbers], strength * stand_in_quality)
        return quality, value

    def _answer(self, query: str, scores: Scores, limit: int) -> Answer:
        """Rules 4 to 6: the confident matches, then the suggestions, each best first."""
        coverage = scores.coverage
        # Related words add to what a talk holds; they never bring a talk in alone.
        holding = np.flatnonzero(
            (coverage >= SUGGESTION_COVERAGE) & (scores.literal >= SUGGESTION_COVERAGE)
        )
        if not holding.size:
            return Answer(query=query)
        rank = _rank(coverage, scores.fields)
        top = float(coverage[holding].max())
        confident = (
            (coverage[holding] >= CONFIDENT_COVERAGE)
            & (coverage[holding] >= top - CONFIDENT_MARGIN)
            & (scores.literal[holding] >= LITERAL_COVERAGE)
        )
        if sum(term.typed for term, _, _ in scores.held) <= SHORT_QUESTION:
            confident &= scores.words[holding] == len(scores.held)
        confident |= self._well_ahead(holding, rank, scores)
        matches = self._best(holding[confident], rank, limit)
        suggestions = self._best(holding[~confident], rank, MAX_SUGGESTIONS)
        return Answer(
            query=query,
            matches=[self._hit(n, rank, scores) for n in matches],
            suggestions=[self._hit(n, rank, scores) for n in suggestions],
        )

    def _well_ahead(self, holding: TalkNumbers, rank: Vector, scores: Scores) -> Mask:
        """Rule 6: the best talk of a description-like question, when it holds several of
        the question's words and is well ahead of every other talk."""
        ahead = np.zeros(holding.size, dtype=np.bool_)
        best = self._best(holding, rank, 1)[0]
        others = np.delete(scores.coverage, best)
        runner_up = float(others.max()) if others.size else 0.0
        at = int(np.flatnonzero(holding == best)[0])
        ahead[at] = bool(
            scores.words[best] >= MANY_WORDS
            and scores.coverage[best] >= LEAD_COVERAGE
            and scores.literal[best] >= LITERAL_COVERAGE
            and scores.coverage[best] >= runner_up + LEAD
        )
        return ahead

    def _best(self, numbers: TalkNumbers, rank: Vector, count: int) -> list[int]:
        """The `count` best of some talks by rule 4's order."""
        if numbers.size > count:
            # Only talks ranked at least as high as the count-th best can be among them.
            floor = np.partition(rank[numbers], numbers.size - count)[numbers.size - count]
            numbers = numbers[rank[numbers] >= floor]
        order = np.lexsort((numbers, self._title_words[numbers], -rank[numbers]))
        return [int(n) for n in numbers[order[:count]]]

    def _hit(self, number: int, rank: Vector, scores: Scores) -> Hit:
        matched: list[str] = []
        through: list[tuple[str, str]] = []
        for term, quality, only_related in scores.held:
            if not quality[number]:
                continue
            matched.append(term.word)
            if only_related[number]:
                through.append((term.word, self._related_held(term.related, number)))
        return Hit(self.talks[number], round(float(rank[number]), 4), matched, through)

    def _related_held(self, related: Sequence[str], number: int) -> str:
        """The strongest of a word's related terms that the talk holds (it holds one)."""
        for term in related:
            for field in FIELDS:
                numbers = self.index.talks_with([term], field)
                at = int(np.searchsorted(numbers, number))
                if at < numbers.size and numbers[at] == number:
                    return term
        return related[0]


def field_strengths(talks: Sequence[Talk]) -> npt.NDArray[np.float64]:
    """Rule 3's field weight × length factor, one row per field, one entry per talk."""
    lengths = {
        ABSTRACT: np.array([len(t.abstract) + len(t.tagline) for t in talks], dtype=np.float64),
        NOTES: np.array([len(t.notes) for t in talks], dtype=np.float64),
    }
    strength = np.ones((len(FIELDS), len(talks)))
    for field, length in lengths.items():
        written = length[length > 0]
        if written.size:
            b = LENGTH_NORMALISATION
            strength[field] = np.minimum(1.0, 1.0 / (1 - b + b * length / written.mean()))
    weighted: npt.NDArray[np.float64] = strength * np.array(FIELD_WEIGHTS)[:, np.newaxis]
    return weighted


def _rank(coverage: Vector, fields: Vector) -> Vector:
    """Rule 4: mostly coverage ("more of the words"), then where the words were found.
    The one place a further score (e.g. related words) would be blended in."""
    return COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * fields


def _refused(query: str, message: str) -> Answer:
    return Answer(query=query, kind=AnswerKind.REFUSED, message=message)


def _one_sentence(problems: list[str]) -> str:
    """The first problem, and how many more: a person fixes one filter at a time."""
    first = problems[0]
    others = len(problems) - 1
    if others:
        first += f" (and {others} more filter{'s' * (others > 1)} to fix)"
    return first
