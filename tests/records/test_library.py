"""Loading a data directory: bad files are reported and skipped, duplicates refused."""

from __future__ import annotations

from pathlib import Path

from bot.records.library import load_library
from bot.records.models import Severity

GOOD = "# Conf 2024\n\n## Fast Things\n\nAna Lima\n\nnotes\n\n## Slow Things\n\nBo Chen\n"


def test_bad_files_are_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "latin1.md").write_bytes(
        "# Café 2024\n\n## Crème\n\nJosé Núñez\n".encode("latin-1")
    )
    (tmp_path / "empty.md").write_text("just a shopping list\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# How these notes work\n\n## Style\n\nAna Lima\n")
    (tmp_path / "notes.txt").write_text("## Not markdown\n\nAna Lima\n")
    library = load_library(tmp_path, log_errors=False)
    assert [t.title for t in library.talks] == ["Fast Things", "Slow Things"]
    errors = {Path(p.file).name: p.message for p in library.errors}
    assert set(errors) == {"latin1.md", "empty.md"}
    assert "UTF-8" in errors["latin1.md"]
    assert "no talks found" in errors["empty.md"]


def test_duplicate_id_is_an_error_naming_both_places(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.md").write_text("# Conf 2024\n\n## Fast things!\n\nCy Dee\n", encoding="utf-8")
    library = load_library(tmp_path, log_errors=False)
    assert len(library.talks) == 2
    [error] = library.errors
    assert error.severity is Severity.ERROR
    assert error.file.endswith("b.md") and error.line == 3
    assert "conf-2024/fast-things" in error.message
    assert f"{tmp_path / 'a.md'}:3" in error.message


def test_missing_directory_is_one_error(tmp_path: Path) -> None:
    library = load_library(tmp_path / "nope", log_errors=False)
    assert library.talks == []
    assert "TALKBOT_DATA_DIR" in library.errors[0].message


def test_new_file_needs_no_code_change(tmp_path: Path) -> None:
    (tmp_path / "strangeloop-2023").mkdir()
    (tmp_path / "strangeloop-2023" / "the-talk.md").write_text(
        "# Types as Proofs\n\nSpeaker: Ada Byron\n\nCurry-Howard, gently.\n", encoding="utf-8"
    )
    [talk] = load_library(tmp_path, log_errors=False).talks
    assert talk.id == "strangeloop-2023/types-as-proofs"
    assert talk.speakers == ["Ada Byron"]
    assert talk.summary == "Curry-Howard, gently."
