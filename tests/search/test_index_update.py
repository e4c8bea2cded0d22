"""An index updated from the one before (`SearchEngine(previous=...)`) is the index built
afresh: the same terms, counts, talk lists and answers, and so after a restart from it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from library_talks import talk

from bot.records.models import Talk
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
