"""scripts/build_related.py on a small catalogue of our own, read back as the search reads
its shipped tables (`bot.search.related`, `bot.search.rarity`)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bot.search.rarity import word_rarity
from bot.search.related import related_words
from bot.search.text import stem

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_related.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_related_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Its dataclass looks its module up by name while the class is made.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _catalogue(root: Path) -> Path:
    """A hundred recordings: six about docker containers, six about knitting wool, the
    others each about words of its own, and each with its own speaker; two copies of one
    description count once."""
    videos = root / "democonf-2030" / "videos"
    videos.mkdir(parents=True)
    (root / "democonf-2030" / "category.json").write_text(json.dumps({"title": "DemoConf"}))
    texts = [f"Docker containers, part {n}: shipping images" for n in range(6)]
    texts += [f"Knitting with wool, pattern {n}: a sweater" for n in range(6)]
    texts += [f"Topic{n} and subject{n}" for n in range(88)]
    for number, text in enumerate(texts):
        # The docker talks are all Petra Pettus's, and say so.
        speaker = "Petra Pettus" if number < 6 else f"Zed Speaker{number}"
        record = {
            "title": text,
            "description": f"{speaker} on the talk of the day.",
            "speakers": [speaker],
            "recorded": "2030-05-01",
            "videos": [],
        }
        (videos / f"{number}.json").write_text(json.dumps(record))
    copy = json.loads((videos / "0.json").read_text())
    (videos / "copy.json").write_text(json.dumps(copy))
    return root


def test_the_build_writes_tables_the_search_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogue = _catalogue(tmp_path / "pyvideo")
    related, rarity = tmp_path / "related.tsv.gz", tmp_path / "rarity.tsv.gz"
    argv = ["build_related.py", "--pyvideo", str(catalogue), "--out", str(related)]
    monkeypatch.setattr(sys, "argv", [*argv, "--rarity", str(rarity)])
    assert _script().main() == 0
    assert "100 distinct descriptions" in capsys.readouterr().out

    counts = word_rarity(rarity)
    assert counts.documents == 100
    assert counts.counts["docker"] == 6
    assert counts.counts["wool"] == 6
    # Filler is never counted; a word in fewer than five descriptions is left out (as rare
    # as the rarest).
    assert "the" not in counts.counts
    assert "speaker0" not in counts.counts

    table = related_words(related)
    assert "container" in table["docker"]
    assert "wool" in table[stem("knitting")]
    assert "docker" not in table.get("wool", ())
    # A speaker's name is no topic: read in their own talks' descriptions, it relates to
    # nothing (though counted as any word).
    assert counts.counts["pettus"] == 6
    assert "pettus" not in table
    assert not any("pettus" in partners for partners in table.values())


def test_a_catalogue_too_small_to_relate_words_builds_an_empty_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every word in more than MAX_SHARE of five recordings: no word counted for relations."""
    videos = tmp_path / "pyvideo" / "democonf-2030" / "videos"
    videos.mkdir(parents=True)
    for number in range(5):
        record = {"title": "Docker containers", "recorded": "2030-05-01", "videos": []}
        (videos / f"{number}.json").write_text(json.dumps({**record, "description": str(number)}))
    related, rarity = tmp_path / "related.tsv.gz", tmp_path / "rarity.tsv.gz"
    argv = ["build_related.py", "--pyvideo", str(tmp_path / "pyvideo"), "--out", str(related)]
    monkeypatch.setattr(sys, "argv", [*argv, "--rarity", str(rarity)])
    assert _script().main() == 0
    assert related_words(related) == {}
    assert word_rarity(rarity).counts["docker"] == 5


def test_the_build_says_what_to_do_without_the_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["build_related.py", "--pyvideo", str(tmp_path / "none")])
    assert _script().main() == 2
    assert "pass --pyvideo with the catalogue" in capsys.readouterr().err
