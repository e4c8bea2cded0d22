"""How rare each search term is among talks at large: in how many of pyvideo.org's
descriptions it is written, shipped as a table built by scripts/build_related.py from the
catalogue (CC0).

A library's own counts say how rare a word is among its talks; in a library of thirty
talks they cannot tell a common word held by one talk ('few', 'smaller', 'making') from a
topic held by one talk ('eclipse'). The table can: the ranking weighs a word by the
smaller of the two rarities (`bot.search.engine`, rule 1).

The table holds stems as `bot.search.text` makes them and terms written in at least the
build's MIN_DF descriptions; a term it lacks is as rare as the rarest. It is read once per
process; nothing is fetched at run time.
"""

from __future__ import annotations

import gzip
import logging
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

RARITY_TABLE = Path(__file__).with_name("word_rarity.tsv.gz")
# The first line of the table: this word, then the number of descriptions counted.
RARITY_HEADER = "#descriptions"


@dataclass(frozen=True)
class Rarity:
    """Document counts of terms among `documents` descriptions (none: every word rare)."""

    documents: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def share_of_rarest(self, term: str) -> float:
        """The term's inverse document frequency among talks at large over that of a term
        no description holds: 1 for the rarest words, near 0 for the commonest. In (0, 1],
        as no count exceeds `documents`."""
        seen = self.counts.get(term)
        if seen is None or not self.documents:
            return 1.0
        rarest = math.log((self.documents + 1) / 0.5)
        return math.log((self.documents + 1) / (seen + 0.5)) / rarest


@cache
def word_rarity(path: Path = RARITY_TABLE) -> Rarity:
    """The shipped table. An unreadable one means every word is as rare as the library's
    own counts say: the search still answers, only less surely in a small library."""
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        header, _, rows = text.partition("\n")
        name, _, documents = header.partition("\t")
        if name != RARITY_HEADER:
            raise ValueError(f"first line is not {RARITY_HEADER!r}")
        total = int(documents)
        counts = {}
        for line in rows.splitlines():
            term, _, count = line.partition("\t")
            counts[term] = int(count)
            if not 0 < counts[term] <= total:
                raise ValueError(f"{term!r} is counted {count} times of {total}")
        return Rarity(total, counts)
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError, ValueError) as exc:
        log.warning(
            "word rarity not read from %s (%s): weighing words by the library alone", path, exc
        )
        return Rarity()
