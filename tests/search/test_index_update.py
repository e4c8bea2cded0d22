"""An index updated from the one before (`SearchEngine(previous=...)`) is the index built
afresh: the same terms, counts, talk lists and answers, and so after a restart from it."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from library_talks import talk

from bot.records.models import Talk
from bot.search import index as index_module
from bot.search.engine import SearchEngine
from bot.search.index import FIELDS, PEOPLE

LIBRARY = [
    talk("Django's ORM, in depth", speakers=["Ana Lima"], abstract="djangos and querysets"),
    talk("Async Django views", speakers=["Bo Chen"], abstract="Django's async story; djangos"),
    talk("Testing with Hypothesis", speakers=["Dan Wu"], notes="properties find bugs"),
    talk("Fast parsers in pure Python", speakers=["Priya Natarajan"], abstract="packrat"),
    talk("Packaging joy", speakers=["Stanley Stanchev"], notes="pyproject.toml is enough"),
    talk("Django's admin", speakers=["Stan Lee"], abstract="djangos admin, Django's way"),
]

Edit = Callable[[list[Talk]], list[Talk]]


def _retitled(number: int, title: str) -> Edit:
    return lambda talks: [
        t.model_copy(update={"title": title}) if i == number else t for i, t in enumerate(talks)
    ]


# Each edit, and what it exercises.
EDITS: list[tuple[str, Edit]] = [
    ("a title changed (terms come and go)", _retitled(2, "Testing with Hypothesmus")),
    ("a talk removed (the count cap of a term no edit touches)", lambda t: t[:2] + t[3:]),
    ("a talk added in front (every number moves)", lambda t: [talk("Zebra crossings"), *t]),
    ("a speaker added (names)", lambda t: [*t, talk("Stanislaw on types", speakers=["Stanislaw"])]),
    ("order reversed", lambda t: t[::-1]),
    ("an equal copy of a talk", lambda t: [t[0].model_copy(), *t[1:]]),
    ("every talk removed", lambda t: []),
]
QUERIES = [
    "django",
    "djangos",
    "hypothesis",
    "hypothesmus",
    "stan",
    "parsers",
    "zebra",
    "stanislaw",
]


def same_index(updated: SearchEngine, fresh: SearchEngine) -> None:
    a, b = updated.index, fresh.index
    assert a.vocabulary == b.vocabulary
    for term in b.vocabulary:
        assert a.df(term) == b.df(term), term
        assert a.expand(term) == b.expand(term), term
        for field in (*FIELDS, PEOPLE):
            found = a.talks_with([term], field)
            assert found.tolist() == b.talks_with([term], field).tolist(), (term, field)
    for query in QUERIES:
        assert [h.talk.id for h in updated.ask(query).matches] == [
            h.talk.id for h in fresh.ask(query).matches
        ], query


@pytest.mark.parametrize(("what", "edit"), EDITS, ids=[what for what, _ in EDITS])
def test_an_updated_index_is_the_index_built_afresh(what: str, edit: Edit, tmp_path: Path) -> None:
    before = SearchEngine(LIBRARY)
    talks = edit(list(LIBRARY))
    updated = SearchEngine(talks, previous=before)
    same_index(updated, SearchEngine(talks))
    again = SearchEngine(edit(talks), previous=updated)  # an update of an update
    same_index(again, SearchEngine(edit(talks)))
    store = tmp_path / "index-x.sqlite3"
    updated.index.save(store)
    same_index(SearchEngine(talks, index_path=store), SearchEngine(talks))


def test_the_index_before_is_left_as_it_was() -> None:
    before = SearchEngine(LIBRARY)
    answers = [[h.talk.id for h in before.ask(q).matches] for q in QUERIES]
    SearchEngine(_retitled(0, "Zebra crossings")(list(LIBRARY)), previous=before)
    assert [[h.talk.id for h in before.ask(q).matches] for q in QUERIES] == answers


@pytest.mark.parametrize("updated", [False, True], ids=["built", "updated"])
def test_a_saved_index_is_read_back_at_the_next_start_not_rebuilt(
    updated: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved through a copy in a file of its own (`_save`); an updated index keeps rowids
    that are not the talks' numbers."""
    talks = [talk("Zebra crossings"), *LIBRARY[1:]]
    engine = SearchEngine(talks, previous=SearchEngine(LIBRARY) if updated else None)
    fresh = SearchEngine(talks)
    store = tmp_path / "index-x.sqlite3"
    engine.index.save(store)
    assert [p.name for p in tmp_path.iterdir()] == [store.name]  # nothing partial left

    def rebuilt(talks: object) -> None:
        raise AssertionError("the saved index was not used")

    monkeypatch.setattr(index_module, "_build", rebuilt)
    same_index(SearchEngine(talks, index_path=store), fresh)


def test_a_replaced_index_frees_its_database_with_the_collector_frozen() -> None:
    """`talkbot serve` freezes the collector after each load. A connection is only freed
    by the collector (it is in a reference cycle), so the index closes its database when
    it is dropped itself: otherwise each reload would keep the replaced database."""
    before = SearchEngine(LIBRARY)
    database = before.index._db  # held here only to see whether it is closed
    gc.freeze()
    try:
        after = SearchEngine(LIBRARY[1:], previous=before)
        database.execute("SELECT 1")  # the index before is still served while in use
        del before
        with pytest.raises(sqlite3.ProgrammingError):
            database.execute("SELECT 1")
    finally:
        gc.unfreeze()
    assert [h.talk.id for h in after.ask("hypothesis").matches] == [LIBRARY[2].id]
