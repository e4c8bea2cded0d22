"""Adding a dated measurement to BENCHMARKS.md, under the section it belongs to.

Each section ("## Search", "## Start and reload", "## Load", or one another script keeps)
holds its measurements newest first; a new one goes right below the section's heading.
Sections this does not know are left as they are.
"""

from __future__ import annotations

import datetime
from pathlib import Path

TITLE = (
    "# Benchmarks\n\n"
    "Measurements, newest first in each section, with the command that printed them.\n"
)


def record(path: Path, section: str, command: str, text: str) -> None:
    """Put `text` (as a code block) at the top of `## section`, creating either if needed."""
    content = path.read_text(encoding="utf-8") if path.exists() else TITLE
    heading = f"## {section}\n"
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    entry = f"\n### {stamp}: `{command}`\n\n```\n{text.rstrip()}\n```\n"
    if heading not in content:
        content = content.rstrip("\n") + f"\n\n{heading}"
    at = content.index(heading) + len(heading)
    content = content[:at] + entry + content[at:]
    path.write_text(content, encoding="utf-8")
