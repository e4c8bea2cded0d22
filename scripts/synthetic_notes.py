"""Deterministic synthetic talks for benchmarks: realistic lengths, names and vocabulary.

Word frequencies follow Zipf's law over a vocabulary of real technical and everyday words
plus a long tail of invented project-like words, so a few words ('python', 'data') sit in
most talks and most words in very few, as in real notes. The same seed gives the same talks.

    python scripts/synthetic_notes.py 1000 --markdown out.md   # write notes a person can read
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.records.models import Link, LinkKind, Source, Talk, TalkKind

TECH = """
python data testing web api async types performance rust packaging machine learning model
notebook jupyter pandas numpy django flask fastapi docker container kubernetes cloud
serverless database sql postgres sqlite security cryptography accessibility community
education teaching mentoring open source maintainers documentation typing mypy pytest
hypothesis debugging profiling memory concurrency threads multiprocessing gil interpreter
bytecode compiler parser ast decorators generators iterators coroutines asyncio trio
streaming kafka spark dask polars arrow parquet visualization matplotlib plotly dashboard
geospatial maps astronomy biology climate finance trading game pygame graphics audio music
robotics hardware microcontroller circuitpython micropython embedded iot sensors bluetooth
wifi browser pyscript webassembly javascript frontend htmx css accessibility design cli
terminal shell automation devops mlops deployment monitoring observability logging tracing
metrics reliability scaling caching queues celery redis search index ranking nlp language
llm embeddings vectors transformers vision images clustering regression statistics
probability simulation optimization scheduling workflows pipelines etl airflow dbt
reproducibility environments nix conda pip poetry wheels build distribution versioning git
ci review refactoring legacy migration architecture microservices graphql rest grpc
protocols dataclasses pydantic validation serialization json yaml toml config secrets auth
oauth identity privacy ethics burnout career hiring remote culture diversity pyladies
keynote lightning panel workshop tutorial introspection metaclasses descriptors dunder
""".split()

COMMON = """
the a of and to in is for that with on as it this we you are be can by from or at your how
what why when use using into our more about not but all one new make like just so time
way get help work code people team write run build show start learn better first make
some other them these than then there their will out up also only any most each which
talk slides demo example examples tool tools library libraries project projects problem
problems solution solutions approach ideas idea story lessons things thing lot good great
simple fast easy hard real world practical production scale small large modern future
""".split()

FIRST = """
Ana Ben Carla Dev Emma Farid Gita Hugo Ines Jon Kai Lena Mateo Nora Omar Priya Quinn Rosa
Sam Tara Umar Vera Wen Xavier Yuki Zoe Aisha Bruno Chen Dana Elif Femi Hana Ivan Jana Kofi
Lucia Maya Nils Olga Pablo Rhea Sven Tomas Uma Vik Wanda Yara Zain Sheena Piper Ian Trent
Sarah Scott Avik Oliver Jessica Christy Madison Fabio Mayank Drishti Koushik Joshua Matthew
""".split()

LAST = """
Garcia Smith Okafor Nguyen Kowalski Haddad Tanaka Rossi Silva Novak Jensen Moreau Patel
Kim Fischer Ivanova Costa Larsen Dubois Yilmaz Mendes Sato Kaur Bauer Lindqvist Murphy
Romero Adeyemi Chen Wong Sharma Cohen Muller Petrov Almeida Berg Hughes Ortiz Schmidt Ali
Thunstrom Zelikman Paige Krishnan Cannon Jindal Jain Hauck Pliger Kaiser Agarwal Heaton
Garson Edwardes Connell Swain Bowden Joseph Rew Potluri Shawcroft Basu Drury Root Abud
""".split()

CONFERENCES = [
    "PyCascades",
    "PyCon US",
    "EuroPython",
    "PyData Global",
    "DjangoCon",
    "PyOhio",
    "PyCon APAC",
    "North Bay Python",
    "PyBay",
    "SciPy",
    "PyCon UK",
    "Kiwi PyCon",
]

SYLLABLES = (
    "ka lo mi ra ven tor quo rex zen pli da fu gri sho nix tal bo ry wex mar sul dri".split()
)


def invented_words(rng: random.Random, count: int) -> list[str]:
    """Project-like words ('quorvex', 'zendari') for the vocabulary's long tail."""
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


class Generator:
    """Holds the Zipf tables once; `talks(n)` then streams n talks."""

    def __init__(self, seed: int = 2024, tail: int = 40_000) -> None:
        self.rng = random.Random(seed)
        vocab = list(dict.fromkeys(COMMON + TECH)) + invented_words(self.rng, tail)
        self.vocab = vocab
        weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(vocab))]
        self.cum = list(itertools.accumulate(weights))
        topic = list(dict.fromkeys(TECH)) + vocab[len(COMMON) + len(TECH) :]
        self.topic = topic
        self.topic_cum = list(itertools.accumulate(1.0 / (r + 1) ** 0.9 for r in range(len(topic))))
        self.last_names = LAST + [w.capitalize() for w in invented_words(self.rng, 3000)]

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=count)

    def topic_words(self, count: int) -> list[str]:
        return self.rng.choices(self.topic, cum_weights=self.topic_cum, k=count)

    def sentence_block(self, low: int, high: int, bullets: bool = False) -> str:
        words = self.words(self.rng.randint(low, high))
        lines: list[str] = []
        step = self.rng.randint(6, 14)
        for start in range(0, len(words), step):
            chunk = " ".join(words[start : start + step])
            lines.append(f"* {chunk}" if bullets else chunk.capitalize() + ".")
        return "\n".join(lines)

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(self.last_names)}"

    def talks(self, count: int) -> Iterator[Talk]:
        rng = self.rng
        for number in range(count):
            conference = CONFERENCES[number % len(CONFERENCES)]
            year = 2015 + (number // len(CONFERENCES)) % 11
            topic = self.topic_words(rng.randint(2, 4))
            filler = self.words(rng.randint(2, 5))
            title_words = topic + filler
            rng.shuffle(title_words)
            title = " ".join(w.capitalize() if rng.random() < 0.5 else w for w in title_words)
            speakers = [self.person() for _ in range(1 if rng.random() < 0.85 else 2)]
            handles = ["@" + speakers[0].replace(" ", "")] if rng.random() < 0.3 else []
            kind = TalkKind.LIGHTNING if rng.random() < 0.2 else TalkKind.TALK
            abstract = "" if kind is TalkKind.LIGHTNING else self.sentence_block(30, 150)
            notes = " ".join(topic) + "\n" + self.sentence_block(10, 220, bullets=True)
            slug = "-".join(w.lower() for w in title_words)
            yield Talk(
                id=f"{conference.lower().replace(' ', '-')}-{year}/{slug}-{number}",
                conference=conference,
                year=year,
                day=rng.randint(1, 3),
                kind=kind,
                title=title,
                speakers=speakers,
                handles=handles,
                links=[
                    Link(
                        url=f"https://example.org/talks/{number}",
                        label="slides",
                        kind=LinkKind.SLIDES,
                    )
                ],
                abstract=abstract,
                notes=notes,
                summary=abstract[:200],
                source=Source(file=f"synthetic/{conference}.md", line=number + 1),
            )


def to_markdown(talk: Talk) -> str:
    """One talk in the notes format, for eyeballing or feeding the real parser."""
    quoted = "\n".join(f"> {line}" for line in talk.abstract.splitlines())
    parts = [f"## {talk.title}", ", ".join(talk.speakers), *talk.handles]
    parts += [f"<{link.url}>" for link in talk.links]
    if quoted:
        parts.append(quoted)
    parts.append(talk.notes)
    return "\n\n".join(parts) + "\n\n---\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--markdown", metavar="FILE", help="write the talks as one notes file")
    args = parser.parse_args()
    talks = list(Generator(args.seed).talks(args.count))
    if args.markdown:
        body = "# Synthetic Conference 2024\n\n" + "\n".join(to_markdown(t) for t in talks)
        Path(args.markdown).write_text(body, encoding="utf-8")
    else:
        for talk in talks[:3]:
            sys.stdout.write(to_markdown(talk) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
