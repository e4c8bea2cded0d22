"""Where the fixtures several test modules read are kept (written by us, in the styles of
the real data)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# A team's data folder of every kind: notes, a pretalx export, pyvideo recordings.
TEAM_NOTES = FIXTURES / "sources" / "team"
