"""`talkbot check --explain FILE`: the outline the reader saw, and what each unit became.

One line per heading, list item, table row or link the reader weighed, indented by nesting,
with what it became (talk, day, section, part of a talk's notes, the document's title, an
index entry, ignored) and the evidence; then the file's problems. A person whose notes came
out wrong sees why in one look, and what to write instead.
"""

from __future__ import annotations

from bot.records.notes.reader import ParsedNotes
from bot.records.notes.units import Role

_SHOWN = {
    Role.TALK: "talk",
    Role.DAY: "day",
    Role.SECTION: "section",
    Role.PART: "part of a talk",
    Role.DOCUMENT: "document title",
    Role.INDEX: "index entry",
    Role.IGNORED: "ignored",
}


def explain(parsed: ParsedNotes, file: str) -> list[str]:
    """The lines `check --explain` prints for one file."""
    out: list[str] = []
    for decision in parsed.outline:
        indent = "  " * decision.depth
        text = decision.text if len(decision.text) <= 70 else decision.text[:69] + "…"
        out.append(
            f"{file}:{decision.line}: {indent}{decision.unit} {text!r} → "
            f"{_SHOWN[decision.role]}: {decision.why}"
        )
    if not parsed.outline:
        out.append(f"{file}: no headings, list items or links that could name a talk")
    conferences = {(c.name, c.year) for c in parsed.conferences}
    for name, year in sorted(conferences, key=lambda c: (c[0], c[1] or 0)):
        out.append(f"{file}: conference {name!r}, year {year if year else 'unknown'}")
    talks = len(parsed.talks)
    out.append(f"{file}: {talks} talk{'s' * (talks != 1)}")
    return out
