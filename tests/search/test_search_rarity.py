"""The shipped table of words' rarity at large (`bot.search.rarity`): what it holds, and what
an unreadable one means. How the ranking uses it is tested with the other ranking rules
(tests/search/test_search_rules.py)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from bot.search.rarity import RARITY_HEADER, RARITY_TABLE, Rarity, word_rarity

# A single lowercase word of any script (the catalogue holds Korean and Japanese talks too).
SEARCH_TERM = re.compile(r"[^\W_]+")


def test_the_shipped_table_holds_counts_of_single_search_terms() -> None:
    """A few MB at most, only single search terms and counts: no text of the catalogue."""
    assert RARITY_TABLE.stat().st_size < 3_000_000
    rarity = word_rarity()
    assert rarity.documents > 10_000
    assert len(rarity.counts) > 5_000
    for term, count in rarity.counts.items():
        assert SEARCH_TERM.fullmatch(term) and term == term.lower(), term
        assert 0 < count <= rarity.documents, term
        assert 0 < rarity.share_of_rarest(term) <= 1, term


@pytest.mark.parametrize(
    ("term", "share"),
    [
        # Held by no description counted: as rare as the rarest.
        ("zephyr", 1.0),
        # Held by all of them: next to nothing.
        ("every", 0.0),
        # In between, by the logarithm: 'half' is in 50 of 1,000.
        ("half", 0.393),
    ],
)
def test_a_share_of_the_rarest_words_weight(term: str, share: float) -> None:
    rarity = Rarity(1000, {"every": 1000, "half": 50})
    assert rarity.share_of_rarest(term) == pytest.approx(share, abs=1e-3)


def test_without_a_table_every_word_is_as_rare_as_the_rarest() -> None:
    assert Rarity().share_of_rarest("python") == 1.0


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not gzip at all",
        gzip.compress(b"\xff\xfe", mtime=0),
        gzip.compress(b"python\t12\n", mtime=0),
        gzip.compress(f"{RARITY_HEADER}\tmany\n".encode(), mtime=0),
        gzip.compress(f"{RARITY_HEADER}\t10\npython\tlots\n".encode(), mtime=0),
        gzip.compress(f"{RARITY_HEADER}\t10\npython\t11\n".encode(), mtime=0),
    ],
    # Named, not shown: pytest-xdist's workers must collect the same test ids.
    ids=["empty", "not gzip", "not UTF-8", "no header", "bad total", "bad count", "too many"],
)
def test_an_unreadable_table_means_weighing_by_the_library_alone(
    content: bytes, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "rarity.tsv.gz"
    path.write_bytes(content)
    assert word_rarity(path) == Rarity()
    assert "word rarity not read" in caplog.text


def test_a_table_is_read_as_the_build_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "rarity.tsv.gz"
    path.write_bytes(gzip.compress(f"{RARITY_HEADER}\t10\ndocker\t3\npython\t9\n".encode()))
    assert word_rarity(path) == Rarity(10, {"docker": 3, "python": 9})
