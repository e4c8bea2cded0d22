"""Writing fetched files into the data directory so that no reader ever sees half of a fetch.

Everything is downloaded first; only then is the data directory touched. A new folder is
built beside its final place under a hidden name (the loaders skip names starting with '.')
and renamed into place in one step; in a folder that is already there, each changed file is
written under a hidden name and renamed over the old one, so every file is either the old
or the new version, and a failed download changes nothing at all.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Changes:
    """What a fetch did to the data directory, by path relative to the fetched folder."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        if not (self.added or self.changed or self.removed):
            return f"unchanged ({self.unchanged} file{'s' * (self.unchanged != 1)})"
        parts = [
            f"{len(self.added)} added",
            f"{len(self.changed)} changed",
            f"{len(self.removed)} removed",
            f"{self.unchanged} unchanged",
        ]
        return ", ".join(parts)


def replace_folder(target: Path, files: dict[str, bytes]) -> Changes:
    """Make `target` hold exactly `files` (relative path → content), atomically per file and,
    for a folder that did not exist, as a whole."""
    changes = Changes()
    old = _files_under(target)
    for name, content in sorted(files.items()):
        if name not in old:
            changes.added.append(name)
        elif old[name].read_bytes() != content:
            changes.changed.append(name)
        else:
            changes.unchanged += 1
    changes.removed = sorted(set(old) - set(files))
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            for name, content in files.items():
                path = staging / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
            os.rename(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return changes
    for name in changes.added + changes.changed:
        replace_file(target / name, files[name])
    for name in changes.removed:
        (target / name).unlink()
    return changes


def replace_file(target: Path, content: bytes) -> bool:
    """Write `content` to `target` by a rename, so a reader sees the old file or the new one;
    False when the file already held exactly that."""
    if target.is_file() and target.read_bytes() == content:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, staging = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(staging, target)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
    return True


def _files_under(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {
        str(path.relative_to(folder)): path
        for path in folder.rglob("*")
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(folder).parts)
    }
