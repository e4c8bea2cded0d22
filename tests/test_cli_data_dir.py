"""Every command takes `--data DIR`, and says what to do about the folder in the words the
person used to name it; an empty folder says how to add notes (exit 2), never '0 talks'."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--json"],
        ["check"],
        ["check", "{data}"],
        ["ask", "playwright"],
        ["digest", "--dry-run"],
    ],
    ids=["list", "list-json", "check", "check-positional", "ask", "digest"],
)
@pytest.mark.parametrize(
    ("how", "said"),
    [
        ("--data", "--data {data} is not a folder: give the folder of your notes"),
        ("env", "TALKBOT_DATA_DIR {data} is not a folder: give the folder of your notes"),
    ],
)
def test_a_missing_folder_is_named_as_the_person_named_it(
    argv: list[str],
    how: str,
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    missing = tmp_path / "missing"
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TALKBOT_DATA_DIR", raising=False)
    args = [a.format(data=missing) for a in argv]
    if how == "--data" and "{data}" not in argv:
        args += ["--data", str(missing)]
    elif how == "env":
        monkeypatch.setenv("TALKBOT_DATA_DIR", str(missing))
        args = [a for a in args if a != str(missing)]
        if "{data}" in argv:
            pytest.skip("the positional DIR is a way of passing --data")
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"talkbot {argv[0]}: {said.format(data=missing)}\n"


@pytest.mark.parametrize(
    ("argv", "code"), [(["list"], 0), (["list", "--json"], 0), (["check"], 2), (["ask", "x"], 2)]
)
def test_an_empty_folder_says_how_to_add_notes(
    argv: list[str], code: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--data", str(tmp_path)]) == code
    out, err = capsys.readouterr()
    assert f"no talks in {tmp_path} (--data): add Markdown notes there" in err
    if "--json" in argv:
        assert out == "[]\n"  # the contract holds: an array, empty


def test_notes_that_name_no_talk_say_how_to_see_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "trip.md").write_text("Thoughts on the train, and the views.\n")
    assert main(["ask", "x", "--data", str(tmp_path)]) == 2
    _, err = capsys.readouterr()
    assert f"the files in {tmp_path} (--data) hold no talks: `talkbot check --explain" in err


def test_check_lists_merges_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    riverpy = ROOT / "tests" / "fixtures" / "sources" / "riverpy"
    assert main(["check", "--data", str(riverpy)]) == 0
    quiet = capsys.readouterr().out
    assert "merged with" not in quiet
    assert quiet.splitlines()[-1] == (
        "8 talks, 0 errors, 0 warnings; 4 merges made (--verbose lists them)"
    )
    assert main(["check", "--verbose", str(riverpy)]) == 0
    loud = capsys.readouterr().out
    assert loud.count(": info: merged with ") == 4
