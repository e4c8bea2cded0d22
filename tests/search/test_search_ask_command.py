"""`talkbot ask` end to end on the bundled notes: what a person reads and what scripts parse."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli import main

DATA = str(Path(__file__).resolve().parents[2] / "data")
PLAYWRIGHT_ID = "pycascades-2024/testing-your-web-app-with-playwright"
ITEM_KEYS = {"id", "title", "speakers", "conference", "kind", "score", "matched_terms"}


def ask(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["ask", "--data", DATA, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_best_match_is_shown_as_a_card(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = ask(capsys, "playwright")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Testing your web app with Playwright"
    assert "By Sheena O'Connell" in out
    assert "day 2" in out and "talk" in out
    assert "Slides: https://sheenarbw.github.io/pres-playwright-2024-pycascades/" in out


def test_other_matches_follow_one_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = ask(capsys, "docker")
    assert "Also matching:" in out
    assert out.splitlines()[0].startswith("I declare an environment")


def test_no_match_says_so_and_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = ask(capsys, "playwright", "kubernetes", "operators")
    assert code == 0
    assert out.startswith('No talk matches "playwright kubernetes operators".')
    assert "Maybe you meant:" in out
    assert "Testing your web app with Playwright" in out


def test_no_query_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = ask(capsys)
    assert code == 0
    assert "speaker:" in out


def test_json_is_one_object_with_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = ask(capsys, "--json", "playwright")
    assert code == 0
    assert len(out.splitlines()) == 1
    body = json.loads(out)
    assert body["query"] == "playwright"
    assert body["matches"][0]["id"] == PLAYWRIGHT_ID
    for item in body["matches"] + body["suggestions"]:
        assert item.keys() >= ITEM_KEYS
        assert isinstance(item["score"], float)


def test_json_no_match_has_empty_matches(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = ask(capsys, "--json", "quantum", "computing")
    assert json.loads(out)["matches"] == []


def test_json_batch_reads_one_query_a_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("playwright\nquantum computing\n\nnix\n"))
    code, out, _ = ask(capsys, "--json")
    assert code == 0
    objects = [json.loads(line) for line in out.splitlines()]
    assert [o["query"] for o in objects] == ["playwright", "quantum computing", "", "nix"]
    assert objects[0]["matches"][0]["id"] == PLAYWRIGHT_ID
    assert objects[1]["matches"] == []
    assert objects[2]["answer"] == "help"
    assert "nix" in objects[3]["matches"][0]["matched_terms"]


def test_json_says_which_words_were_found_through_related_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """'kubernetes' is in no bundled talk; the shipped table relates it to containers."""
    _, out, _ = ask(capsys, "--json", "kubernetes", "deploy")
    body = json.loads(out)
    related = [i["related_terms"] for i in body["matches"] + body["suggestions"]]
    assert any(pairs for pairs in related)
    for pairs in related:
        for asked, found in pairs:
            assert asked == "kubernetes" and found != asked


def test_limit_caps_the_matches(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = ask(capsys, "--json", "--limit", "2", "python")
    assert len(json.loads(out)["matches"]) == 2


@pytest.mark.parametrize("limit", ["0", "-3", "1000"])
def test_bad_limit_exits_2_with_one_sentence(
    capsys: pytest.CaptureFixture[str], limit: str
) -> None:
    code, out, err = ask(capsys, "--limit", limit, "playwright")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "--limit" in err


def test_missing_data_dir_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["ask", "--data", str(tmp_path / "nowhere"), "playwright"])
    _, err = capsys.readouterr()
    assert code == 2
    assert "is not a folder: give the folder of your notes" in err


def test_refusal_is_printed_as_a_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = ask(capsys, "kind:workshop")
    assert code == 0
    assert "workshop" in out
