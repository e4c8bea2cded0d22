"""Hand-built talk records, so Slack tests do not depend on the notes parser."""

from __future__ import annotations

from typing import Any

from bot.records.models import Link, LinkKind, Source, Talk, TalkKind


def make_talk(title: str = "Types, In My Python?!", **fields: Any) -> Talk:
    values: dict[str, Any] = {
        "id": fields.pop("id", None) or "pycascades-2024-" + title.lower().replace(" ", "-")[:60],
        "conference": "PyCascades",
        "year": 2024,
        "day": 1,
        "kind": TalkKind.TALK,
        "title": title,
        "speakers": ["Piper Thunstrom"],
        "links": [
            Link(
                url="https://pretalx.com/pycascades-2024/talk/HLAM8G/",
                label="talk",
                kind=LinkKind.TALK_PAGE,
            ),
            Link(url="https://example.com/slides.pdf", label="slides", kind=LinkKind.SLIDES),
        ],
        "summary": "Python is dynamically but fairly strongly typed; hints serve static analysis.",
        "source": Source(file="data/pycascades-2024.md", line=5),
    }
    values.update(fields)
    return Talk(**values)


def sample_talks() -> list[Talk]:
    """Eight talks: 'python' matches seven of them, enough to need a second page."""
    titles = [
        "Types, In My Python?!",
        "Python Packaging Demystified",
        "Async Python in Practice",
        "Testing Python with Hypothesis",
        "Python on Microcontrollers",
        "Profiling Python Code",
        "Python and Rust Together",
        "Accessible Data Visualisation",
    ]
    return [
        make_talk(
            t, id=f"talk-{i}", speakers=[f"Speaker {i}"], day=1 + i % 2, summary=f"Summary {i}."
        )
        for i, t in enumerate(titles)
    ]
