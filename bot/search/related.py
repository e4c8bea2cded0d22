"""Related words: which search terms the talks of pyvideo.org write together far more often
than chance ('docker' and 'container', 'dunder' and 'magic'), shipped as a table built by
scripts/build_related.py from the catalogue's descriptions (CC0).

The table holds stems as `bot.search.text` makes them, so a query word is looked up as the
index would read it. It is read once per process; nothing is fetched at run time.
"""

from __future__ import annotations

import gzip
import logging
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

RELATED_TABLE = Path(__file__).with_name("related_words.tsv.gz")


@cache
def related_words(path: Path = RELATED_TABLE) -> dict[str, tuple[str, ...]]:
    """Each term's related terms, strongest first (scores are the build's business: the
    ranking trusts every kept partner alike). An unreadable table means no related
    words: the search still answers from the words themselves."""
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        log.warning("related words not read from %s (%s): searching by the words alone", path, exc)
        return {}
    table: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        term, *partners = line.split("\t")
        if term and partners:
            table[term] = tuple(p.rpartition(":")[0] for p in partners)
    return table
