"""Where the project's real, published data sits: ../shared/data, beside the clone, read in place.

Nothing from there is ever copied into the repository. A user's clone has no ../shared, so a
test that wants a file from it asks `shared_data(...)`, which skips the test with one line
saying why when the file is absent; `make test` passes both ways.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """The path of ../shared/data/<parts>, or a skip when it is not there."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/data/{'/'.join(parts)} is absent (a user's clone has none)")
    return path
