"""Learn from the pyvideo.org catalogue which words go together and how rare each word is
among talks, and write the two tables the search ships: related words
(bot/search/related_words.tsv.gz) and word rarity (bot/search/word_rarity.tsv.gz).

    .venv/bin/python scripts/build_related.py [--pyvideo DIR] [--out FILE] [--rarity FILE]
                                              [--record FILE]

Each recording's title and description (the catalogue is CC0) is one document, read as
the search reads text (`bot.search.text.terms`: the same stems, filler words left out);
a description copied onto several recordings counts once.

Rarity: in how many documents each term is written, for terms written in MIN_DF documents
or more (rarer ones weigh as the rarest: `bot.search.rarity`).

Related words: the recording's own speakers' names left out, two terms are related when
they share documents far more often than chance: normalised pointwise mutual information,
npmi(a, b) = log(p(a, b) / (p(a) p(b))) / -log p(a, b), over terms of three letters or
more held by MIN_DF documents or more (rarer ones are names and typos) and by at most
MAX_SHARE of them (commoner ones relate to everything), and pairs seen together in
MIN_PAIR documents or more. Each term keeps its NEIGHBOURS best partners reaching
MIN_NPMI among those that also count it among their CANDIDATES best (mutual neighbours).

Only stems and counts or two-digit scores are written: no text of the catalogue is shipped.
Prints the tables' sizes and the build's process time; --record adds them, dated, to that
file's "## Search" section.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from benchmarks_file import record  # noqa: E402

from bot.search.rarity import RARITY_HEADER, RARITY_TABLE  # noqa: E402
from bot.search.related import RELATED_TABLE  # noqa: E402
from bot.search.text import FILLER, terms  # noqa: E402

PYVIDEO = ROOT.parent / "shared" / "data" / "pyvideo-all"
MIN_DF = 5
MAX_SHARE = 0.08
MIN_PAIR = 4
MIN_NPMI = 0.3
DISCOUNT = 2.5
NEIGHBOURS = 8
# Partners considered for each term before keeping the mutual ones.
CANDIDATES = 20
# Documents whose pairs are counted at once: bounds the memory of the pair arrays.
CHUNK = 1500
_URL = re.compile(r"\S+://\S+|www\.\S+|\S+@\S+")
_TERM = re.compile(r"[a-z][a-z0-9]*[a-z][a-z0-9]*")

Ids = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Document:
    """One distinct title + description: its terms (not filler), and its speakers' terms."""

    terms: frozenset[str]
    names: frozenset[str]


def documents(folder: Path) -> list[Document]:
    """Each distinct title + description, read as the search reads it."""
    seen: set[str] = set()
    docs: list[Document] = []
    for path in sorted(folder.glob("*/videos/*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        title = data.get("title") if isinstance(data.get("title"), str) else ""
        description = data.get("description") if isinstance(data.get("description"), str) else ""
        text = _URL.sub(" ", f"{title}\n{description}")
        key = " ".join(text.split()).casefold()
        if key in seen:
            continue
        seen.add(key)
        words = frozenset(term for term in terms(text) if term not in FILLER)
        if not words:
            continue
        speakers = data.get("speakers") if isinstance(data.get("speakers"), list) else []
        names = frozenset(t for name in speakers if isinstance(name, str) for t in terms(name))
        docs.append(Document(words, names))
    return docs


def document_counts(docs: list[Document]) -> dict[str, int]:
    """In how many documents each term is written, for terms written in MIN_DF or more."""
    df = _held_by(doc.terms for doc in docs)
    return {term: n for term, n in df.items() if n >= MIN_DF}


def _held_by(docs: Iterable[Collection[str]]) -> Counter[str]:
    """How many of the documents hold each term (a document holds a term once)."""
    return Counter(term for doc in docs for term in doc)


def related_table(documents: list[Document]) -> dict[str, list[tuple[str, float]]]:
    """Each term's best partners by npmi, best first."""
    # A speaker's name is not a topic: read in a talk's own description it would relate
    # 'pettus' to 'postgresql'.
    docs = [
        {t for t in doc.terms if len(t) >= 3 and t not in doc.names and _TERM.fullmatch(t)}
        for doc in documents
    ]
    docs = [doc for doc in docs if doc]
    n_docs = len(docs)
    df = _held_by(docs)
    vocab = sorted(t for t, n in df.items() if MIN_DF <= n <= MAX_SHARE * n_docs)
    ids = {t: i for i, t in enumerate(vocab)}
    size = len(vocab)
    counts = np.array([df[t] for t in vocab], dtype=np.float64)
    keys: list[Ids] = []
    weights: list[Ids] = []
    pending: list[Ids] = []
    for number, doc in enumerate(docs):
        held = np.array(sorted(ids[t] for t in doc if t in ids), dtype=np.int64)
        if held.size > 1:
            first, second = np.triu_indices(held.size, 1)
            pending.append(held[first] * size + held[second])
        if pending and (len(pending) >= CHUNK or number == n_docs - 1):
            found, seen = np.unique(np.concatenate(pending), return_counts=True)
            keys.append(found)
            weights.append(seen.astype(np.int64))
            pending = []
    if not keys:
        return {}  # no two counted terms share a document
    pair, together = _sum_by_key(np.concatenate(keys), np.concatenate(weights))
    kept = together >= MIN_PAIR
    pair, joint = pair[kept], together[kept].astype(np.float64)
    a, b = pair // size, pair % size
    # Pairs seen a few times are discounted: four shared documents of two rare words say
    # less than forty of two common ones.
    seen = joint - DISCOUNT
    npmi = np.log(seen * n_docs / (counts[a] * counts[b])) / -np.log(seen / n_docs)
    strong = npmi >= MIN_NPMI
    a, b, npmi = a[strong], b[strong], npmi[strong]
    # Both directions, then each term's best NEIGHBOURS.
    left, right, score = (
        np.concatenate([a, b]),
        np.concatenate([b, a]),
        np.concatenate([npmi, npmi]),
    )
    order = np.lexsort((right, -score, left))
    best: dict[str, list[tuple[str, float]]] = {}
    for i in order:
        partners = best.setdefault(vocab[left[i]], [])
        if len(partners) < CANDIDATES:
            partners.append((vocab[right[i]], round(float(score[i]), 2)))
    # Kept only when each is among the other's best: a word every description of one
    # field mentions ('circuit' in 'quantum circuits') is not related to that field's
    # words unless they are among its own best partners too.
    mine = {term: {p for p, _ in partners} for term, partners in best.items()}
    table: dict[str, list[tuple[str, float]]] = {}
    for term, partners in best.items():
        mutual = [(p, s) for p, s in partners if term in mine.get(p, ())][:NEIGHBOURS]
        if mutual:
            table[term] = mutual
    return table


def _sum_by_key(keys: Ids, weights: Ids) -> tuple[Ids, Ids]:
    order = np.argsort(keys, kind="stable")
    keys, weights = keys[order], weights[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return keys[starts], np.add.reduceat(weights, starts)


def write(table: dict[str, list[tuple[str, float]]], out: Path) -> None:
    """One line a term: the term, then partner:score pairs, tab-separated (the format
    `bot.search.related` reads)."""
    lines = [
        "\t".join([term, *(f"{p}:{s:.2f}" for p, s in partners)])
        for term, partners in sorted(table.items())
    ]
    _write_lines(lines, out)


def write_rarity(df: dict[str, int], documents: int, out: Path) -> None:
    """A first line with the number of documents, then one line a term: the term and its
    count, tab-separated (the format `bot.search.rarity` reads)."""
    _write_lines(
        [f"{RARITY_HEADER}\t{documents}", *(f"{t}\t{n}" for t, n in sorted(df.items()))], out
    )


def _write_lines(lines: list[str], out: Path) -> None:
    """Gzipped UTF-8 lines, mtime=0 so the same table makes the same bytes."""
    data = ("\n".join(lines) + "\n").encode("utf-8")
    out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def main() -> int:
    parser = argparse.ArgumentParser(description="Build the table of related words.")
    parser.add_argument("--pyvideo", default=str(PYVIDEO), help="the pyvideo catalogue")
    parser.add_argument("--out", default=str(RELATED_TABLE), help="where to write the table")
    parser.add_argument(
        "--rarity", default=str(RARITY_TABLE), help="where to write the table of word rarity"
    )
    parser.add_argument("--record", help="add the figures to this file's '## Search' section")
    args = parser.parse_args()
    folder = Path(args.pyvideo)
    if not folder.is_dir():
        sys.stderr.write(f"{folder} is not a folder: pass --pyvideo with the catalogue.\n")
        return 2
    started = time.process_time()
    docs = documents(folder)
    table = related_table(docs)
    out = Path(args.out)
    write(table, out)
    counts = document_counts(docs)
    rarity = Path(args.rarity)
    write_rarity(counts, len(docs), rarity)
    spent = time.process_time() - started
    pairs = sum(len(p) for p in table.values())
    text = (
        f"{len(docs):,} distinct descriptions -> {len(table):,} terms, {pairs:,} related "
        f"pairs; {out.name}: {out.stat().st_size / 1e6:.2f} MB; {len(counts):,} terms' "
        f"rarity, {rarity.name}: {rarity.stat().st_size / 1e6:.2f} MB; built in "
        f"{spent:.1f} s of process time\n"
    )
    sys.stdout.write(text)
    if args.record:
        record(Path(args.record), "Search", "scripts/build_related.py", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
