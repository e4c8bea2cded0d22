"""The searches a person could put together in ten minutes, kept to measure ours against.

They rank talks but cannot say "nothing fits", which is half of what the evaluation checks;
they are never used to answer anyone. BM25 comes from tantivy (a development dependency:
the bot itself never imports it), with the field boosts and stemming a person would pick.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process, utils

from bot.records.models import Talk

_WORD = re.compile(r"\w+")


class TitleFuzz:
    """rapidfuzz token_set_ratio of the query against each talk's title and speakers."""

    name = "rapidfuzz token_set, title + speakers"

    def __init__(self, talks: Sequence[Talk]) -> None:
        self.choices = [
            utils.default_process(f"{talk.title} {' '.join(talk.speakers)}") for talk in talks
        ]

    def rank(self, query: str, limit: int = 3) -> list[tuple[int, float]]:
        found = process.extract(
            utils.default_process(query), self.choices, scorer=fuzz.token_set_ratio, limit=limit
        )
        return [(index, score / 100) for _, score, index in found]


class TantivyBM25:
    """Okapi BM25 (tantivy) over title^3, speakers^2 and the rest, English stemming."""

    name = "BM25 (tantivy, title^3 speakers^2)"

    def __init__(self, talks: Sequence[Talk]) -> None:
        import tantivy  # development dependency: only the evaluation builds this

        builder = tantivy.SchemaBuilder()
        builder.add_unsigned_field("number", stored=True)
        for name in ("title", "speakers", "text"):
            builder.add_text_field(name, tokenizer_name="en_stem")
        index = tantivy.Index(builder.build())
        writer = index.writer(heap_size=64_000_000, num_threads=1)
        for number, talk in enumerate(talks):
            writer.add_document(
                tantivy.Document(
                    number=number,
                    title=talk.title,
                    speakers=" ".join([*talk.speakers, *talk.handles]),
                    text=full_text(talk),
                )
            )
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        self._index = index
        self._searcher = index.searcher()

    def rank(self, query: str, limit: int = 3) -> list[tuple[int, float]]:
        words = _WORD.findall(query.lower())
        if not words:
            return []
        parsed = self._index.parse_query(
            " ".join(words),
            ["title", "speakers", "text"],
            field_boosts={"title": 3.0, "speakers": 2.0},
        )
        found = self._searcher.search(parsed, limit).hits
        out: list[tuple[int, float]] = []
        for score, address in found:
            number = self._searcher.doc(address)["number"][0]
            out.append((int(number), float(score)))
        return out


def full_text(talk: Talk) -> str:
    """Everything but the title and speakers: what BM25 reads as the talk's text."""
    return "\n".join(
        [talk.abstract, talk.tagline, talk.notes, talk.conference_label, talk.kind.value]
    )
