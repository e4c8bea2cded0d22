"""Merging on real published data, read in place from ../shared/data (skipped where absent).

The whole pyvideo.org catalogue must come out as many records as it has recordings: its
categories are different conferences, and a category never lists one talk twice. Our own
notes of real conferences (tests/fixtures/merge/, each with a truth file naming the
recording of every noted talk) must join exactly those recordings, beside other editions of
the same conference that tempt with the same speakers and the same kinds of titles.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from shared_data import shared_data

from bot.records.library import Library, build_library, load_path, load_results, source_files
from bot.records.models import SourceKind

NOTES = Path(__file__).resolve().parent.parent / "fixtures" / "merge"


def test_the_whole_catalogue_keeps_every_recording_apart(pyvideo_library: Library) -> None:
    catalogue = shared_data("pyvideo-all")
    library = pyvideo_library
    recordings = sum(1 for path in catalogue.glob("*/videos/*.json"))
    assert len(library.talks) == recordings
    for talk in library.talks:
        categories = Counter(Path(s.file).parent.parent for s in talk.sources)
        assert max(categories.values()) == 1, talk.id


@pytest.mark.parametrize("notes", sorted(NOTES.glob("*.md")), ids=lambda p: p.stem)
def test_our_notes_of_real_conferences_join_exactly_their_recordings(notes: Path) -> None:
    catalogue = shared_data("pyvideo-all")
    categories = [catalogue / f"pycascades-{year}" for year in range(2018, 2026)]
    files = [f for folder in categories if folder.is_dir() for f in source_files(folder)]
    results = load_results(catalogue, files)
    own = load_path(notes, NOTES)
    assert own is not None
    results[str(notes)] = own
    library = build_library(results)
    by_id = library.by_id()
    truth: dict[str, str | None] = json.loads(notes.with_suffix(".truth.json").read_text())
    titles = {t.title: t.id for t in own.talks}
    assert set(truth) <= set(titles), "the reader must find every talk the truth names"
    for title, recording in truth.items():
        talk = by_id[titles[title]]
        joined = [Path(s.file).stem for s in talk.sources if s.kind is SourceKind.PYVIDEO]
        assert joined == ([recording] if recording else []), title
