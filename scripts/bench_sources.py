"""Load and merge time for the bundled data and for 10,000 talks from every kind of source.

`python scripts/bench_sources.py` prints a table. The synthetic set is written to a temporary
folder: per conference, the program (one pretalx export), recordings of 60% of the talks
(pyvideo folders, some speakers shortened to 'Ana L'), and two people's notes each covering
40% (some titles with a typo), so merging has real work: about 24,000 source records become
10,000 talks. Loading is reading and parsing every file; merging is matching and building the
merged records (bot.records.library.build_library).
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.records.library import build_library, load_path, source_files
from bot.records.models import FileResult

CONFERENCES = 20
TALKS_PER_CONFERENCE = 500
# Titles draw on a few hundred words, as a real program's do; words repeat across talks.
_WORDS = (
    "async data graph parser type test cloud python rust web api stream cache queue model "
    "vector search build deploy debug profile package plugin query schema event battery "
    "robot garden music game sensor map climate health money text image audio video team "
    "docs review release secure scale tiny fast gentle practical modern hidden honest "
    "compiler runtime memory thread process network socket protocol browser server client "
    "database index table column row join lock transaction replica shard cluster container "
    "kernel driver firmware board circuit radio satellite weather ocean forest river city "
    "transit energy solar wind grid farm food school library museum archive history poetry "
    "language grammar syntax token lexer macro generic trait class object function lambda "
    "closure iterator generator coroutine future promise callback signal actor message "
    "pipeline workflow notebook dashboard report chart plot statistic regression forecast "
    "anomaly privacy identity password token certificate audit logging tracing metric "
    "alert incident outage recovery backup migration upgrade legacy refactor monolith "
    "service mesh gateway proxy router scheduler cron batch realtime offline mobile "
    "desktop terminal shell editor plugin theme accessibility translation unicode emoji "
    "community mentor career burnout hiring remote meeting conference volunteer teaching "
    "student beginner expert journey lesson mistake failure success story secret myth "
    "truth future past present guide recipe pattern antipattern principle habit ritual".split()
)
_FIRST = "Ana Bo Cy Dee Eli Fay Gus Hana Ivo Jo Kai Lea Max Nia Oto Pia Rui Sol Tea Uma".split()
_LAST = "Lima Chen Dee Okafor Ruiz Wu Novak Sato Berg Costa Haas Ivanov Kaur Mensah Park".split()


def _title(rng: random.Random, used: set[str]) -> str:
    while True:
        words = rng.sample(_WORDS, rng.randint(3, 6))
        title = " ".join(words).capitalize() + rng.choice(["", " in practice", ": a tour"])
        if title not in used:
            used.add(title)
            return title


def _typo(rng: random.Random, title: str) -> str:
    words = title.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    word = words[i]
    if len(word) > 4:
        j = rng.randrange(1, len(word) - 2)
        words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    return " ".join(words)


def write_synthetic(root: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    for c in range(CONFERENCES):
        name, year = f"SynthConf{c}", 2020 + c % 5
        used: set[str] = set()
        talks = [
            (
                _title(rng, used),
                [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(rng.randint(1, 2))],
            )
            for _ in range(TALKS_PER_CONFERENCE)
        ]
        events = [
            {
                "code": f"C{c}T{i}",
                "title": title,
                "persons": [{"name": n} for n in speakers],
                "type": rng.choice(["Talk", "Lightning Talk", "Workshop 60 Min", "Keynote"]),
                "date": f"{year}-05-1{i % 3}T10:00:00+00:00",
                "duration": "00:30",
                "room": f"Room {i % 4}",
                "language": "en",
                "abstract": f"About {title.lower()}.",
                "url": f"https://pretalx.example.org/synth{c}/talk/C{c}T{i}/",
            }
            for i, (title, speakers) in enumerate(talks)
        ]
        days = [
            {"index": d + 1, "date": f"{year}-05-1{d}", "rooms": {"All": events[d::3]}}
            for d in range(3)
        ]
        program = {
            "schedule": {"conference": {"title": name, "start": f"{year}-05-10", "days": days}}
        }
        (root / f"program-{c}.json").write_text(json.dumps(program), encoding="utf-8")
        videos = root / "pyvideo" / f"synth-{c}" / "videos"
        videos.mkdir(parents=True)
        (videos.parent / "category.json").write_text(json.dumps({"title": f"{name} {year}"}))
        for i, (title, speakers) in enumerate(talks):
            if rng.random() < 0.6:
                short = [
                    n.split()[0] + " " + n.split()[1][0] if rng.random() < 0.3 else n
                    for n in speakers
                ]
                record = {
                    "title": title,
                    "speakers": short,
                    "recorded": f"{year}-05-1{i % 3}",
                    "description": f"Recording of *{title}*.",
                    "videos": [{"type": "youtube", "url": f"https://youtu.be/s{c}x{i}"}],
                }
                (videos / f"talk-{i}.json").write_text(json.dumps(record), encoding="utf-8")
        for person in ("ana", "bo"):
            lines = [f"# {name} {year}\n", f"Notes by {person.title()}\n"]
            for title, speakers in talks:
                if rng.random() < 0.4:
                    heading = _typo(rng, title) if rng.random() < 0.2 else title
                    lines.append(f"## {heading}\n{' and '.join(speakers)}\n\nGood talk.\n")
            (root / f"{person}-{c}.md").write_text("\n".join(lines), encoding="utf-8")


def measure(root: Path) -> tuple[int, int, int, float, float]:
    started = time.perf_counter()
    results: dict[str, FileResult] = {}
    files = source_files(root)
    for path in files:
        result = load_path(path, root)
        if result is not None:
            results[str(path)] = result
    loaded = time.perf_counter()
    library = build_library(results)
    merged = time.perf_counter()
    records = sum(len(r.talks) for r in results.values())
    return len(files), records, len(library.talks), loaded - started, merged - loaded


def main() -> int:
    rows = [("bundled data/", *measure(Path(__file__).resolve().parent.parent / "data"))]
    with tempfile.TemporaryDirectory() as folder:
        write_synthetic(Path(folder))
        rows.append(("10,000 talks (synthetic)", *measure(Path(folder))))
    print("| data | files | source records | talks after merge | load s | merge s | total s |")
    print("|---|---|---|---|---|---|---|")
    for name, files, records, talks, load_s, merge_s in rows:
        print(
            f"| {name} | {files:,} | {records:,} | {talks:,} | {load_s:.2f} | {merge_s:.2f} "
            f"| {load_s + merge_s:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
