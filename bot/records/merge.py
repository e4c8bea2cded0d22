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

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise
from pathlib import PurePath
from urllib.parse import urlsplit

from rapidfuzz import fuzz, process

from bot.records.kinds import names_a_session
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
# A title that is the other without its subtitle reads this alike: enough with a shared
# speaker, not on its own (the title-only rule also wants every word matched).
SUBTITLE_DROPPED = 0.92
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
    """The merged records, every alias → id, and a line per merge or refused near-miss;
    `firsts`: the position, among the records merged, of each talk's first record."""

    talks: list[Talk] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    firsts: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Pair:
    a: int
    b: int
    similarity: float
    score: float
    eligible: bool
    reason: str
    corroborated: bool = False


_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 16)
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
    a: str,
    b: str,
    numbers_a: list[str] | None = None,
    numbers_b: list[str] | None = None,
    floor: float = 0.0,
) -> float:
    """0..1 between two folded titles; titles whose numbers differ ('Part 1', 'Part 2') are
    different talks however alike the rest reads. Below `floor` the value is 0: a caller
    that discards such pairs lets rapidfuzz stop early."""
    if a == b:
        return 1.0
    cutoff = floor * 100
    similarity = (
        max(fuzz.ratio(a, b, score_cutoff=cutoff), fuzz.token_sort_ratio(a, b, score_cutoff=cutoff))
        / 100
    )
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


def _word_swapped(a: str, b: str) -> bool:
    """One title puts other words where the other has its own, in a good part of the title
    ('Async Python in Practice', 'Async Rust in Practice'): the mark of two talks of one
    speaker. Words only one title has (a subtitle dropped, a 'Keynote:' in front), typos
    ('pyhton') and one word edited in a long title (a recording's 'Python community' for the
    program's 'Tech communities') are how one talk's titles differ."""
    wa = [w for w in a.split() if w not in _STOP_WORDS]
    wb = [w for w in b.split() if w not in _STOP_WORDS]
    swapped = 0
    matcher = SequenceMatcher(a=wa, b=wb, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "replace":
            continue
        # Only a word found nowhere in the other title, not even as a typo, is a swap:
        # 'Django security' beside 'Security ... for Django' swaps nothing.
        ours = [w for w in wa[a0:a1] if not any(fuzz.ratio(w, o) >= 80 for o in wb)]
        theirs = [w for w in wb[b0:b1] if not any(fuzz.ratio(w, o) >= 80 for o in wa)]
        if ours and theirs:
            swapped += max(len(ours), len(theirs))
    return 3 * swapped >= min(len(wa), len(wb)) > 0 and swapped > 0


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


# Where a title's subtitle starts: 'Title: Subtitle', 'Title - Subtitle', 'Question? Answer'.
_SUBTITLE = re.compile(r"\s*(?::|\s[-–—]+|(?<=\?))\s+")


def main_title(title: str) -> str:
    """A title without its subtitle; the whole title when it has none."""
    return _SUBTITLE.split(title.strip(), maxsplit=1)[0]


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


def merge(records: Sequence[Talk], shared: set[str] | None = None) -> Merged:
    """One record per talk, in the order the first source of each was read. `shared`: the
    `shared_urls` of a library these records are part of (default: of these records)."""
    return _Merger(list(records), shared).run()


def shared_urls(carriers: Mapping[tuple[str, str], int]) -> set[str]:
    """URLs that two records of one origin carry (`carriers`: how many records of each
    origin carry each `link_key`): a conference's schedule, its playlist, its home page.
    Such a URL points at no one talk, so it proves no match and is on no record (a card
    showing it on every talk helps no one find this one)."""
    return {key for (_, key), count in carriers.items() if count > 1}


def carried_urls(talk: Talk) -> set[str]:
    """The `link_key` of each of a record's links."""
    return {link_key(lk.url) for lk in talk.links}


def _people(talk: Talk) -> list[str]:
    return talk.speakers or [handle_words(h) for h in talk.handles if handle_words(h)]


def _kind(talk: Talk) -> SourceKind:
    return talk.sources[0].kind if talk.sources else SourceKind.NOTES


def _file(talk: Talk) -> str:
    return talk.sources[0].file if talk.sources else talk.source.file


def origin(talk: Talk) -> str:
    """The one source a record came from, whose records are all different talks: a notes file,
    a pretalx export, or a pyvideo category (each recording is a file of its own, but the
    category folder is one conference's list of recordings, each listed once)."""
    file = _file(talk)
    if _kind(talk) is not SourceKind.PYVIDEO:
        return file
    folder = PurePath(file).parent
    return str(folder.parent if folder.name == "videos" else folder)


def _place(talk: Talk) -> str:
    return str(talk.sources[0]) if talk.sources else str(talk.source)


class _Merger:
    def __init__(self, records: list[Talk], shared: set[str] | None = None) -> None:
        self.records = records
        self.given_shared = shared
        self.parent = list(range(len(records)))
        self.origin_of = [origin(t) for t in records]
        self.session = [names_a_session(t.title) for t in records]
        self.origins: dict[int, set[str]] = {i: {o} for i, o in enumerate(self.origin_of)}
        self.folded = [fold(t.title) for t in records]
        self.main = [fold(main_title(t.title)) for t in records]
        self.has_subtitle = [m != f for m, f in zip(self.main, self.folded, strict=True)]
        # A title's numbers tell 'Part 1' from 'Part 2', but the conference's own year
        # ('Welcome to PyCascades 2022') tells nothing the conference does not.
        self.numbers = [
            [n for n in _NUMBER.findall(f) if n != str(t.year)]
            for f, t in zip(self.folded, records, strict=True)
        ]
        self.people = [[fold(p).split() for p in _people(t)] for t in records]
        self.problems: list[Problem] = []
        self.shared_urls: set[str] = set()
        self.key = [conference_key(t) for t in records]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        """Join two clusters unless that would put two records of one origin together: a
        notes file, an export or a category never lists one talk twice (the notes reader
        makes one record of a talk a file names twice), so such a join is surely wrong."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.origins[ra] & self.origins[rb]:
            return False
        self.parent[rb] = ra
        self.origins[ra] |= self.origins.pop(rb)
        return True

    def run(self) -> Merged:
        if self.given_shared is None:
            self.shared_urls = self._shared_urls()
        else:
            self.shared_urls = self.given_shared
        self._name_unnamed_conferences()
        self._by_page()
        self._by_title()
        clusters: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.records)):
            clusters[self.find(i)].append(i)
        names = self._conference_names()
        merged = Merged(problems=self.problems)
        for members in sorted(clusters.values(), key=lambda m: min(m)):
            talk = self._build(members, names)
            merged.talks.append(talk)
            merged.firsts.append(min(members))
            for alias in talk.aliases:
                merged.aliases.setdefault(alias, talk.id)
        return merged

    # -- matching ---------------------------------------------------------------------------

    def _shared_urls(self) -> set[str]:
        carriers: dict[tuple[str, str], int] = defaultdict(int)
        for talk, where in zip(self.records, self.origin_of, strict=True):
            for key in carried_urls(talk):
                carriers[(where, key)] += 1
        return shared_urls(carriers)

    def _name_unnamed_conferences(self) -> None:
        """Notes whose conference no program or recording names ('My notes', a file named
        for its author, 'PyCon 2018' beside the catalogue's 'PyCon US 2018') take the
        conference of the published talks they match, title and speaker alike, when at
        least two of them do and no other conference comes close; `check` says so.

        Only a whole notes file moves, so its talks stay one conference; a single matching
        talk is not enough evidence to rename a file's conference.
        """
        published: dict[tuple[str, int | None], list[int]] = defaultdict(list)
        for i, talk in enumerate(self.records):
            if _kind(talk) is not SourceKind.NOTES:
                published[self.key[i]].append(i)
        by_origin: dict[str, list[int]] = defaultdict(list)
        for i, talk in enumerate(self.records):
            if _kind(talk) is SourceKind.NOTES and self.key[i] not in published:
                by_origin[self.origin_of[i]].append(i)
        if not by_origin:
            return
        candidates = [i for members in published.values() for i in members]
        titles = [self.folded[i] for i in candidates]
        for members in by_origin.values():
            votes: dict[tuple[str, int | None], int] = defaultdict(int)
            for i in members:
                year = self.key[i][1]
                for _, _, n in process.extract(
                    self.folded[i], titles, scorer=fuzz.ratio, score_cutoff=85, limit=5
                ):
                    j = candidates[n]
                    if year is not None and self.key[j][1] not in (year, None):
                        continue
                    if self._same_talk(i, j):
                        votes[self.key[j]] += 1
                        break
            ranked = sorted(votes.items(), key=lambda kv: -kv[1])
            if not ranked or ranked[0][1] < 2:
                continue
            if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
                continue  # two conferences both fit: leave the notes as they named themselves
            key, count = ranked[0]
            for i in members:
                self.key[i] = key
            first = self.records[members[0]]
            name = self.records[published[key][0]].conference
            year_text = f" {key[1]}" if key[1] is not None else ""
            self.problems.append(
                Problem(
                    file=_file(first),
                    line=first.source.line,
                    severity=Severity.WARNING,
                    message=(
                        f"conference taken to be {name}{year_text}: {count} of these notes' "
                        f"{len(members)} talks match its talks by title and speaker (name the "
                        "conference in the notes' title to say so yourself)"
                    ),
                )
            )

    def _same_talk(self, a: int, b: int) -> bool:
        """Title and speakers agree well enough to say which conference a talk was at."""
        pair = self._score(a, b)
        return (
            pair is not None
            and pair.eligible
            and pair.corroborated
            and pair.similarity >= TITLE_ONLY_MIN
        )

    def _by_page(self) -> None:
        """Records that link the same talk page are the same talk, whatever their titles.

        A URL points at one talk only if no other record of its origin carries it: the
        conference schedule, the playlist or the home page that every recording of a
        category lists identifies nothing, whatever kind of link it looks like.
        """
        pages: dict[str, list[int]] = defaultdict(list)
        for i, talk in enumerate(self.records):
            for page in {
                normalise_page(lk.url)
                for lk in talk.links
                if lk.kind is LinkKind.TALK_PAGE and link_key(lk.url) not in self.shared_urls
            }:
                pages[page].append(i)
        for members in pages.values():
            # A shared URL is left out above, so no two members are of one origin.
            first = members[0]
            for other in members[1:]:
                if self.union(first, other):
                    self._report_merge(first, other, "same talk page URL")

    def _by_title(self) -> None:
        pairs = [p for a, b in self._candidates() if (p := self._score(a, b)) is not None]
        eligible = [p for p in pairs if p.eligible]
        rivals: dict[tuple[int, str], list[_Pair]] = defaultdict(list)
        for pair in eligible:
            rivals[(pair.a, self.origin_of[pair.b])].append(pair)
            rivals[(pair.b, self.origin_of[pair.a])].append(pair)
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
            key = (pair.a, self.origin_of[pair.b])
            if key in reported:
                continue  # the closest refused candidate per origin says enough
            reported.add(key)
            self._report_refusal(pair, pair.reason)

    def _candidates(self) -> list[tuple[int, int]]:
        """Pairs from different files of one conference and year sharing one of their rarest
        title words or a speaker's first name: comparing every pair would be quadratic in a
        conference's talks, and the rarest words are what two records of one talk share."""
        groups: dict[tuple[str, int | None], list[int]] = defaultdict(list)
        for i in range(len(self.records)):
            groups[self.key[i]].append(i)
        found: set[tuple[int, int]] = set()
        for members in groups.values():
            if len({self.origin_of[i] for i in members}) < 2:
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
                    origin_a = self.origin_of[a]
                    for b in block[x + 1 :]:
                        if origin_a != self.origin_of[b]:
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
        if self.session[a] != self.session[b]:
            return None  # a compilation recording is never one of the talks it holds
        similarity = title_similarity(
            self.folded[a], self.folded[b], self.numbers[a], self.numbers[b], CORROBORATED_MIN
        )
        if (self.has_subtitle[a] or self.has_subtitle[b]) and self._subtitle_dropped(a, b):
            similarity = max(similarity, SUBTITLE_DROPPED)
        if similarity < CORROBORATED_MIN:
            return None
        pa, pb = self.people[a], self.people[b]
        shared = sum(1 for x in pa if any(_same_tokens(x, y) for y in pb))
        if pa and pb and not shared:
            return _Pair(a, b, similarity, similarity, False, "the speakers differ")
        corroborated = bool(shared) and 2 * shared >= min(len(pa), len(pb))
        if corroborated:
            swapped = _word_swapped(self.folded[a], self.folded[b])
            ok = similarity >= CORROBORATED_MIN and not swapped
            reason = (
                "one title has a word where the other has another: two talks of one speaker"
                if swapped
                else "titles too different even with a shared speaker"
            )
        else:
            ok = similarity >= TITLE_ONLY_MIN and _same_words(self.folded[a], self.folded[b])
            reason = "titles not close enough without a shared speaker"
        return _Pair(a, b, similarity, similarity + 0.05 * corroborated, ok, reason, corroborated)

    def _subtitle_dropped(self, a: int, b: int) -> bool:
        """One title is the other without its subtitle ('Invisible Walls' and 'Invisible
        Walls: Isolating Your Python'), and says enough on its own: two words at least."""
        if self.numbers[a] != self.numbers[b]:
            return False
        for short, full in ((a, b), (b, a)):
            if self.main[full] != self.folded[full] and self.folded[short] == self.main[full]:
                return len(self.folded[short].split()) >= 2
        return False

    def _report_merge(self, a: int, b: int, why: str) -> None:
        first, second = sorted((self.records[a], self.records[b]), key=_id_rank)
        self.problems.append(
            Problem(
                file=first.sources[0].file if first.sources else first.source.file,
                line=first.sources[0].line if first.sources else first.source.line,
                severity=Severity.INFO,
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
        for talk, key in zip(self.records, self.key, strict=True):
            rank = _TITLE_ORDER[_kind(talk)]
            if key not in best or rank < best[key][0]:
                best[key] = (rank, talk.conference)
        return {key: name for key, (_, name) in best.items()}

    def _build(self, indices: list[int], names: dict[tuple[str, int | None], str]) -> Talk:
        members = [self.records[i] for i in indices]
        by_id = sorted(members, key=_id_rank)
        primary = by_id[0]
        # Titles are compared within one conference, but a shared talk page joins across:
        # the conference is then the one the program (else the recording) names.
        named_by = min(indices, key=lambda i: (_TITLE_ORDER[_kind(self.records[i])], i))
        conference = names.get(self.key[named_by], primary.conference)
        if len(members) == 1:
            update: dict[str, object] = {}
            if conference != primary.conference:
                update["conference"] = conference
            if any(link_key(lk.url) in self.shared_urls for lk in primary.links):
                update["links"] = _merge_links([primary], self.shared_urls)
            return primary.model_copy(update=update) if update else primary

        def first(order: dict[SourceKind, int]) -> list[Talk]:
            return sorted(members, key=lambda t: (order[_kind(t)], _id_rank(t)))

        facts = first(_FACT_ORDER)
        notes_sources = [s for t in by_id for s in t.sources if s.kind is SourceKind.NOTES]
        abstract = next((t.abstract for t in first(_ABSTRACT_ORDER) if t.abstract), "")
        tagline = next((t.tagline for t in first(_ABSTRACT_ORDER) if t.tagline), "")
        notes = _combined_notes(notes_sources)
        own_notes = next((s.notes for s in notes_sources if s.notes.strip()), "")
        aliases = list(dict.fromkeys(t.id for t in by_id[1:] if t.id != primary.id))
        pretalx = next((t for t in members if _kind(t) is SourceKind.PRETALX), None)
        return Talk(
            id=primary.id,
            conference=conference,
            year=next((t.year for t in facts if t.year is not None), None),
            day=next((t.day for t in facts if t.day is not None), None),
            kind=facts[0].kind,
            title=first(_TITLE_ORDER)[0].title,
            speakers=_merge_people(facts),
            handles=list(dict.fromkeys(h for t in by_id for h in t.handles)),
            links=_merge_links(by_id, self.shared_urls),
            abstract=abstract,
            tagline=tagline,
            notes=notes,
            summary=summarise(abstract, own_notes, tagline),
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


def link_key(url: str) -> str:
    """A link however it was written, query kept (`watch?v=…` is the video)."""
    return normalise_page(url) + ("?" + urlsplit(url).query if "?" in url else "")


def _merge_links(ordered: list[Talk], shared: set[str]) -> list[Link]:
    links: list[Link] = []
    seen: set[str] = set(shared)
    for talk in ordered:
        for link in talk.links:
            key = link_key(link.url)
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
