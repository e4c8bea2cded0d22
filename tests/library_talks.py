"""Talk records for search tests, written in a line: a title and the fields that matter."""

from __future__ import annotations

from bot.records.models import Source, Talk


def talk(title: str, **fields: object) -> Talk:
    """A validated talk of PyConf 2024, id `conf-2024/<title as a slug>`."""
    slug = "-".join(title.lower().split())
    return Talk.model_validate(
        {
            "id": f"conf-2024/{slug}",
            "conference": "PyConf",
            "year": 2024,
            "title": title,
            "source": Source(file="notes.md", line=1),
            **fields,
        }
    )
