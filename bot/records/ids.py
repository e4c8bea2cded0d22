"""Stable talk ids: the digest history and shared messages refer to talks by these."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by '-': the same title always gives the same slug."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("-", folded.lower()).strip("-")


def talk_id(conference: str, year: int | None, title: str) -> str:
    """'pycascades-2024/testing-your-web-app-with-playwright'.

    Only conference, year and title count, so editing a talk's notes never changes its id.
    """
    event = conference if year is None or str(year) in conference else f"{conference} {year}"
    return f"{slugify(event) or 'notes'}/{slugify(title) or 'untitled'}"
