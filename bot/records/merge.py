"""Several sources about one talk → one record.

Two people's notes, the program and the recording all describe the same talk in their own
words: titles differ in case, punctuation and typos, the recording shortens 'Trent Hauck' to
'Trent H'. Records are matched first by a talk page URL both carry (the notes often link the
pretalx page), then within one conference and year by title similarity, with shared speakers
as corroboration. Anything doubtful (a weak match, two candidates nearly as good, speakers who
differ) is not merged but reported, because merging two different talks loses one of them,
while a missed merge only shows a talk twice.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from bot.records.models import (
    Link,
    LinkKind,
    Problem,
    Severity,
    SourceKind,
    Talk,
    TalkSource,
)
from bot.records.names import handle_words
from bot.records.summary import summarise

# Title similarity (0..1) needed to merge: with a shared speaker, and with no speakers to
# compare (one side lists none). Below NEAR_MISS nothing is said; between, a refusal is shown.
CORROBORATED_MIN = 0.6
TITLE_ONLY_MIN = 0.9
NEAR_MISS_MIN = 0.75
# Two candidates from one file this close to each other are a near-tie: neither is merged.
TIE_MARGIN = 0.03
# A title word carried by more records than this in one conference (e.g. 'python') does not
# propose candidate pairs on its own; rarer words and speakers' names do.
MAX_BLOCK_SIZE = 200
# Each record proposes candidates through this many of its rarest title words.
RAREST_WORDS = 3
_NUMBER = re.compile(r"\d+")

_STOP_WORDS = frozenset(
    "a an the and or of in on for to with by at from is are your you how what why our we "
    "using into its it".split()
)
# Which source is believed first for each field (lower is better).
_TITLE_ORDER = {SourceKind.PRETALX: 0, SourceKind.PYVIDEO: 1, SourceKind.NOTES: 2}
_FACT_ORDER = {SourceKind.PRETALX: 0, SourceKind.NOTES: 1, SourceKind.PYVIDEO: 2}
_ID_ORDER = {SourceKind.NOTES: 0, SourceKind.PRETALX: 1, SourceKind.PYVIDEO: 2}
_ABSTRACT_ORDER = {SourceKind.NOTES: 0, SourceKind.PRETALX: 1, SourceKind.PYVIDEO: 2}


@dataclass
class Merged:
    """The merged records, every alias → id, and a line per merge or refused near-miss."""

    talks: list[Talk] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _Pair:
    a: int
    b: int
    similarity: float
    score: float
    eligible: bool
    reason: str


_NOT_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, accents and punctuation gone, words single-spaced: what titles compare on.

    Kept for the names and titles folded again and again while merging (each conference's
    name once per record); ASCII text has no accents to take off."""
    bare = text.replace("&", " and ")
    if not bare.isascii():
        decomposed = unicodedata.normalize("NFKD", bare)
        bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", bare.casefold()).strip()


def title_similarity(
    a: str, b: str, numbers_a: list[str] | None = None, numbers_b: list[str] | None = None
) -> float:
    """0..1 between two folded titles; titles whose numbers differ ('Part 1', 'Part 2') are
    different talks however alike the rest reads."""
    if a == b:
        return 1.0
    similarity = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) / 100
    na = _NUMBER.findall(a) if numbers_a is None else numbers_a
    nb = _NUMBER.findall(b) if numbers_b is None else numbers_b
    if na != nb:
        similarity = min(similarity, 0.5)
    return similarity


def _same_words(a: str, b: str) -> bool:
    """Every word of each title has its match, typos allowed, in the other: 'with Dask' and
    'with Ray' read alike as strings, but a word that is not a typo of any other word is
    what tells two talks apart."""
    wa = [w for w in a.split() if w not in _STOP_WORDS]
    wb = [w for w in b.split() if w not in _STOP_WORDS]

    def covered(words: list[str], other: list[str]) -> bool:
        return all(w in other or any(fuzz.ratio(w, o) >= 80 for o in other) for w in words)

    return covered(wa, wb) and covered(wb, wa)


def same_person(a: str, b: str) -> bool:
    """'Trent H' is 'Trent Hauck', 'Sheena O'Conell' is 'Sheena O'Connell'."""
    return _same_tokens(fold(a).split(), fold(b).split())


def _same_tokens(ta: list[str], tb: list[str]) -> bool:
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    if fuzz.ratio(ta[0], tb[0]) >= 85:
        if len(ta) == 1 or len(tb) == 1:
            return len(ta[0]) >= 3 and ta[0] == tb[0]
        la, lb = ta[-1], tb[-1]
        if la.startswith(lb) or lb.startswith(la) or fuzz.ratio(la, lb) >= 85:
            return True
    return fuzz.ratio(" ".join(ta), " ".join(tb)) >= 90


def normalise_page(url: str) -> str:
    """The same page however it was written: scheme, 'www.', case of host, trailing '/'."""
    parts = urlsplit(url)
    host = parts.netloc.lower().split("@")[-1]
    host = host[4:] if host.startswith("www.") else host
    return host + parts.path.rstrip("/")


def conference_key(talk: Talk) -> tuple[str, int | None]:
    name = re.sub(r"\s+", "", fold(talk.conference))
    if talk.year is not None:
        name = name.replace(str(talk.year), "")
    return name, talk.year


def merge(records: Sequence[Talk]) -> Merged:
    """One record per talk, in the order the first source of each was read."""
    return _Merger(list(records)).run()


def _people(talk: Talk) -> list[str]:
    return talk.speakers or [handle_words(h) for h in talk.handles if handle_words(h)]


def _kind(talk: Talk) -> SourceKind:
    return talk.sources[0].kind if talk.sources else SourceKind.NOTES


def _file(talk: Talk) -> str:
    return talk.sources[0].file if talk.sources else talk.source.file


def _place(talk: Talk) -> str:
    return str(talk.sources[0]) if talk.sources else str(talk.source)


class _Merger:
    def __init__(self, records: list[Talk]) -> None:
        self.records = records
        self.parent = list(range(len(records)))
        self.files: dict[int, set[str]] = {i: {_file(t)} for i, t in enumerate(records)}
        self.folded = [fold(t.title) for t in records]
        self.numbers = [_NUMBER.findall(f) for f in self.folded]
        self.people = [[fold(p).split() for p in _people(t)] for t in records]
        self.file_of = [_file(t) for t in records]
        self.problems: list[Problem] = []

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        """Join two clusters unless that would put two records of one file together: one
        file never describes one talk twice, so such a join is surely wrong."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.files[ra] & self.files[rb]:
            return False
        self.parent[rb] = ra
        self.files[ra] |= self.files.pop(rb)
        return True

    def run(self) -> Merged:
        self._by_page()
        self._by_title()
        clusters: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.records)):
            clusters[self.find(i)].append(i)
        names = self._conference_names()
        merged = Merged(problems=self.problems)
        for members in sorted(clusters.values(), key=lambda m: min(m)):
            talk = self._build([self.records[i] for i in members], names)
            merged.talks.append(talk)
            for alias in talk.aliases:
                merged.aliases.setdefault(alias, talk.id)
        return merged

    # -- matching ---------------------------------------------------------------------------

    def _by_page(self) -> None:
        """Records that link the same talk page are the same talk, whatever their titles."""
        pages: dict[str, list[int]] = defaultdict(list)
        for i, talk in enumerate(self.records):
            for page in {
                normalise_page(lk.url) for lk in talk.links if lk.kind is LinkKind.TALK_PAGE
            }:
                pages[page].append(i)
        for members in pages.values():
            files = [_file(self.records[i]) for i in members]
            if len(members) < 2 or len(set(files)) < len(files):
                continue  # a page several talks of one file link is not one talk's page
            first = members[0]
            for other in members[1:]:
                if self.union(first, other):
                    self._report_merge(first, other, "same talk page URL")

    def _by_title(self) -> None:
        pairs = [p for a, b in self._candidates() if (p := self._score(a, b)) is not None]
        eligible = [p for p in pairs if p.eligible]
        rivals: dict[tuple[int, str], list[_Pair]] = defaultdict(list)
        for pair in eligible:
            rivals[(pair.a, _file(self.records[pair.b]))].append(pair)
            rivals[(pair.b, _file(self.records[pair.a]))].append(pair)
        tied: set[tuple[int, int]] = set()
        for group in rivals.values():
            group.sort(key=lambda p: -p.score)
            for first, second in pairwise(group):
                if first.score - second.score < TIE_MARGIN:
                    tied.add((first.a, first.b))
                    tied.add((second.a, second.b))
        for pair in sorted(eligible, key=lambda p: (-p.score, p.a, p.b)):
            if self.find(pair.a) == self.find(pair.b):
                continue
            if (pair.a, pair.b) in tied:
                self._report_refusal(pair, "another record of that file matches about as well")
            elif self.union(pair.a, pair.b):
                self._report_merge(pair.a, pair.b, f"title similarity {pair.similarity:.2f}")
        reported: set[tuple[int, str]] = set()
        for pair in sorted(pairs, key=lambda p: (-p.similarity, p.a, p.b)):
            if pair.eligible or pair.similarity < NEAR_MISS_MIN:
                continue
            if self.find(pair.a) == self.find(pair.b):
                continue
            key = (pair.a, _file(self.records[pair.b]))
            if key in reported:
                continue  # the closest refused candidate per file says enough
            reported.add(key)
            self._report_refusal(pair, pair.reason)

    def _candidates(self) -> list[tuple[int, int]]:
        """Pairs from different files of one conference and year sharing one of their rarest
        title words or a speaker's first name: comparing every pair would be quadratic in a
        conference's talks, and the rarest words are what two records of one talk share."""
        groups: dict[tuple[str, int | None], list[int]] = defaultdict(list)
        for i, talk in enumerate(self.records):
            groups[conference_key(talk)].append(i)
        found: set[tuple[int, int]] = set()
        for members in groups.values():
            if len({_file(self.records[i]) for i in members}) < 2:
                continue
            tokens = {i: self._tokens(i) for i in members}
            df: dict[str, int] = defaultdict(int)
            for words in tokens.values():
                for token in words:
                    df[token] += 1
            index: dict[str, list[int]] = defaultdict(list)
            for i, words in tokens.items():
                titles = sorted(
                    (w for w in words if not w.startswith("@")), key=lambda w: (df[w], w)
                )
                for token in titles[:RAREST_WORDS] + [w for w in words if w.startswith("@")]:
                    index[token].append(i)
            for block in index.values():
                if len(block) > MAX_BLOCK_SIZE:
                    continue
                for x, a in enumerate(block):
                    file_a = self.file_of[a]
                    for b in block[x + 1 :]:
                        if file_a != self.file_of[b]:
                            found.add((a, b) if a < b else (b, a))
        return sorted(found)

    def _tokens(self, i: int) -> set[str]:
        words = {w for w in self.folded[i].split() if len(w) >= 3 and w not in _STOP_WORDS}
        if not words:
            words = {self.folded[i]}
        # First name and last initial: 'Trent H' and 'Trent Hauck' meet, the Davids do not.
        names = {"@" + p[0] + (" " + p[-1][0] if len(p) > 1 else "") for p in self.people[i] if p}
        return words | names

    def _score(self, a: int, b: int) -> _Pair | None:
        """How alike two records are, and whether that is enough to merge; None when the
        titles are too far apart to merge or even to mention."""
        similarity = title_similarity(
            self.folded[a], self.folded[b], self.numbers[a], self.numbers[b]
        )
        if similarity < CORROBORATED_MIN:
            return None
        pa, pb = self.people[a], self.people[b]
        shared = sum(1 for x in pa if any(_same_tokens(x, y) for y in pb))
        if pa and pb and not shared:
            return _Pair(a, b, similarity, similarity, False, "the speakers differ")
        corroborated = bool(shared) and 2 * shared >= min(len(pa), len(pb))
        if corroborated:
            ok = similarity >= CORROBORATED_MIN
            reason = "titles too different even with a shared speaker"
        else:
            ok = similarity >= TITLE_ONLY_MIN and _same_words(self.folded[a], self.folded[b])
            reason = "titles not close enough without a shared speaker"
        return _Pair(a, b, similarity, similarity + 0.05 * corroborated, ok, reason)

    def _report_merge(self, a: int, b: int, why: str) -> None:
        first, second = sorted((self.records[a], self.records[b]), key=_id_rank)
        self.problems.append(
            Problem(
                file=first.sources[0].file if first.sources else first.source.file,
                line=first.sources[0].line if first.sources else first.source.line,
                severity=Severity.WARNING,
                message=f"merged with {_place(second)} ({why})",
            )
        )

    def _report_refusal(self, pair: _Pair, why: str) -> None:
        first, second = sorted((self.records[pair.a], self.records[pair.b]), key=_id_rank)
        self.problems.append(
            Problem(
                file=first.sources[0].file if first.sources else first.source.file,
                line=first.sources[0].line if first.sources else first.source.line,
                severity=Severity.WARNING,
                message=(
                    f"not merged with {_place(second)} (title similarity "
                    f"{pair.similarity:.2f}): {why}"
                ),
            )
        )

    # -- building ---------------------------------------------------------------------------

    def _conference_names(self) -> dict[tuple[str, int | None], str]:
        """One spelling of each conference for all its records: the program's, else the
        recordings', else the notes' ('PyCascades' rather than 'Pycascades')."""
        best: dict[tuple[str, int | None], tuple[int, str]] = {}
        for talk in self.records:
            key = conference_key(talk)
            rank = _TITLE_ORDER[_kind(talk)]
            if key not in best or rank < best[key][0]:
                best[key] = (rank, talk.conference)
        return {key: name for key, (_, name) in best.items()}

    def _build(self, members: list[Talk], names: dict[tuple[str, int | None], str]) -> Talk:
        by_id = sorted(members, key=_id_rank)
        primary = by_id[0]
        if len(members) == 1:
            name = names.get(conference_key(primary), primary.conference)
            return (
                primary
                if name == primary.conference
                else primary.model_copy(update={"conference": name})
            )

        def first(order: dict[SourceKind, int]) -> list[Talk]:
            return sorted(members, key=lambda t: (order[_kind(t)], _id_rank(t)))

        facts = first(_FACT_ORDER)
        notes_sources = [s for t in by_id for s in t.sources if s.kind is SourceKind.NOTES]
        abstract = next((t.abstract for t in first(_ABSTRACT_ORDER) if t.abstract), "")
        notes = _combined_notes(notes_sources)
        own_notes = next((s.notes for s in notes_sources if s.notes.strip()), "")
        aliases = list(dict.fromkeys(t.id for t in by_id[1:] if t.id != primary.id))
        pretalx = next((t for t in members if _kind(t) is SourceKind.PRETALX), None)
        return Talk(
            id=primary.id,
            conference=names.get(conference_key(primary), primary.conference),
            year=next((t.year for t in facts if t.year is not None), None),
            day=next((t.day for t in facts if t.day is not None), None),
            kind=facts[0].kind,
            title=first(_TITLE_ORDER)[0].title,
            speakers=_merge_people(facts),
            handles=list(dict.fromkeys(h for t in by_id for h in t.handles)),
            links=_merge_links(by_id),
            abstract=abstract,
            tagline=next((t.tagline for t in first(_ABSTRACT_ORDER) if t.tagline), ""),
            notes=notes,
            summary=summarise(abstract, own_notes),
            virtual=any(t.virtual for t in members),
            source=primary.source,
            sources=[s for t in by_id for s in t.sources],
            aliases=aliases,
            start=pretalx.start if pretalx else None,
            duration_minutes=next(
                (t.duration_minutes for t in facts if t.duration_minutes is not None), None
            ),
            room=pretalx.room if pretalx else "",
            language=next((t.language for t in facts if t.language), ""),
            code=pretalx.code if pretalx else "",
        )


def _id_rank(talk: Talk) -> tuple[int, str, int]:
    return (_ID_ORDER[_kind(talk)], _file(talk), talk.source.line)


def _merge_people(ordered: list[Talk]) -> list[str]:
    """Everyone who gave the talk once, by the fullest name any source uses; the program's
    spelling of a name is never replaced."""
    out: list[str] = []
    locked: set[int] = set()
    for talk in ordered:
        for name in talk.speakers:
            for i, have in enumerate(out):
                if same_person(have, name):
                    if i not in locked and len(name) > len(have):
                        out[i] = name
                    break
            else:
                if _kind(talk) is SourceKind.PRETALX:
                    locked.add(len(out))
                out.append(name)
    return out


def _merge_links(ordered: list[Talk]) -> list[Link]:
    links: list[Link] = []
    seen: set[str] = set()
    for talk in ordered:
        for link in talk.links:
            key = normalise_page(link.url) + (
                "?" + urlsplit(link.url).query if "?" in link.url else ""
            )
            if key not in seen:
                seen.add(key)
                links.append(link)
    return links


def _combined_notes(sources: list[TalkSource]) -> str:
    """Each person's notes under a line saying whose they are; one person's notes as they are."""
    with_text = [s for s in sources if s.notes.strip()]
    if len(with_text) <= 1:
        return with_text[0].notes if with_text else ""
    parts = []
    for source in with_text:
        where = f"{source.file.rsplit('/', 1)[-1]}:{source.line}"
        head = (
            f"**Notes by {source.author}** ({where})"
            if source.author
            else f"**Notes from {where}**"
        )
        parts.append(f"{head}\n\n{source.notes.strip()}")
    return "\n\n".join(parts)
