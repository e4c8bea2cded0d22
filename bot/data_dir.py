"""Which data directory a command reads, and how to name it back to the person who chose it.

Every command takes `--data DIR`, else `$TALKBOT_DATA_DIR`, else `data/`; a message about the
folder names the way it was chosen, so that it says what to change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = Path("data")


@dataclass(frozen=True)
class DataDir:
    path: Path
    named_by: str  # '--data', 'TALKBOT_DATA_DIR' or 'the default'

    def missing(self) -> str | None:
        """One sentence when the folder is not there, else None."""
        if self.path.is_dir():
            return None
        if self.named_by == "the default":
            return (
                f"there is no {self.path}/ folder here: run from the folder that holds your "
                "notes, or pass --data DIR (or set TALKBOT_DATA_DIR)"
            )
        return f"{self.named_by} {self.path} is not a folder: give the folder of your notes"

    def empty(self) -> str:
        """The sentence for a folder that holds no talks: with no notes at all, how to add
        some; with notes that name no talk, how to see what the reader made of them."""
        if any(p.is_file() and not p.name.startswith(".") for p in self.path.rglob("*")):
            return (
                f"the files in {self.path} ({self.named_by}) hold no talks: `talkbot check "
                "--explain FILE` shows what the reader saw in a notes file"
            )
        return (
            f"no talks in {self.path} ({self.named_by}): add Markdown notes there (README: "
            "'Writing notes Talkbot understands'), or a program with `talkbot fetch`"
        )


def choose(given: str | Path | None, setting: Path | None = None) -> DataDir:
    """`--data` if given, else the setting (TALKBOT_DATA_DIR, read here when not passed)."""
    if given:
        return DataDir(Path(given), "--data")
    env = os.environ.get("TALKBOT_DATA_DIR")
    if setting is not None and setting != DEFAULT_DATA_DIR:
        return DataDir(setting, "TALKBOT_DATA_DIR")
    if env:
        return DataDir(Path(env), "TALKBOT_DATA_DIR")
    return DataDir(setting or DEFAULT_DATA_DIR, "the default")
