"""`talkbot fetch`: a program and recordings downloaded from a loopback server, as users run it.

Every test runs the real command (`bot.cli.main`) against tests/fetch_server.py, which serves
our own fixtures (and, where ../shared is present, a real pyvideo category) in the formats
the real services publish.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fetch_server import FetchServer, running_fetch_server
from shared_data import shared_data

from bot.cli import main
from bot.live import LiveData, Snapshot
from bot.records.library import load_library

SOURCES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
LAKESIDE = SOURCES / "pretalx" / "lakeside-py-2024.json"
RIVERPY = SOURCES / "riverpy" / "recordings" / "riverpy-2023"


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FetchServer]:
    catalogue = tmp_path / "catalogue"
    shutil.copytree(RIVERPY, catalogue / "riverpy-2023")
    (catalogue / "riverside-meetup" / "videos").mkdir(parents=True)
    (catalogue / "riverside-meetup" / "category.json").write_text('{"title": "Riverside Meetup"}')
    with running_fetch_server(
        FetchServer(pyvideo_root=catalogue, exports={"lakeside-py-2024": LAKESIDE})
    ) as running:
        for name, value in running.pyvideo_env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.chdir(tmp_path)  # no .env of the developer's is read
        yield running


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_fetch_pretalx_writes_the_export_and_a_rerun_says_unchanged(
    server: FetchServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    url = f"{server.base_url}/pretalx/lakeside-py-2024/"
    code, out, _ = _run(capsys, "fetch", "pretalx", url, "--data", str(data))
    assert code == 0
    target = data / "pretalx" / "lakeside-py-2024.json"
    assert out == f"{target}: added (7 events)\n"
    assert target.read_bytes() == LAKESIDE.read_bytes()
    assert len(load_library(data, log_errors=False).talks) == 7
    code, out, _ = _run(capsys, "fetch", "pretalx", url, "--data", str(data))
    assert (code, out) == (0, f"{target}: unchanged (7 events)\n")


def test_fetch_pyvideo_writes_the_category_and_says_what_changed(
    server: FetchServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    code, out, err = _run(capsys, "fetch", "pyvideo", "riverpy-2023", "--data", str(data))
    assert code == 0, err
    target = data / "pyvideo" / "riverpy-2023"
    assert out == f"{target}: 7 added, 0 changed, 0 removed, 0 unchanged (6 recordings)\n"
    assert len(load_library(data, log_errors=False).talks) == 6
    # The published category changes: one recording edited, one withdrawn.
    videos = server.pyvideo_root / "riverpy-2023" / "videos"  # type: ignore[operator]
    (videos / "lightning-talks.json").unlink()
    edited = videos / "the-cost-of-a-million-small-files.json"
    edited.write_text(edited.read_text().replace("Million", "Billion"))
    code, out, _ = _run(capsys, "fetch", "pyvideo", "riverpy-2023", "--data", str(data))
    assert (code, out) == (
        0,
        f"{target}: 0 added, 1 changed, 1 removed, 5 unchanged (5 recordings)\n",
    )
    titles = {t.title for t in load_library(data, log_errors=False).talks}
    assert "The Cost of a Billion Small Files" in titles and "Lightning Talks" not in titles
    code, out, _ = _run(capsys, "fetch", "pyvideo", "riverpy-2023", "--data", str(data))
    assert (code, out) == (0, f"{target}: unchanged (6 files) (5 recordings)\n")


def test_a_dropped_connection_leaves_the_data_directory_as_it_was(
    server: FetchServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    server.drop.add("/pyvideo/data/riverpy-2023/videos/why-is-my-dataframe-so-slow.json")
    code, out, err = _run(capsys, "fetch", "pyvideo", "riverpy-2023", "--data", str(data))
    assert code == 2 and out == ""
    assert err.splitlines()[-1].startswith("could not download http://127.0.0.1:")
    assert "(the connection was dropped): check the network" in err
    assert list(data.rglob("*")) == []  # nothing half-written, not even hidden


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["pretalx", "{base}/pretalx/no-such-event/"],
            "no schedule export at {base}/pretalx/no-such-event/schedule/export/schedule.json "
            "(HTTP 404): check the event's name, and that its schedule is published",
        ),
        (
            ["pyvideo", "riverpy-2032"],
            "pyvideo has no category 'riverpy-2032' (did you mean riverpy-2023",
        ),
        (["pretalx", "pretalx.com/x"], "'pretalx.com/x' is not a web address"),
        (["pyvideo"], "name a category (`talkbot fetch pyvideo pycascades-2024`)"),
        (["pyvideo", "--search", "djangocon"], "no pyvideo category matches 'djangocon'"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(
    server: FetchServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    argv = [a.format(base=server.base_url) for a in argv]
    code, out, err = _run(capsys, "fetch", *argv, "--data", str(tmp_path / "data"))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(message.format(base=server.base_url)), err


def test_an_unreachable_service_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TALKBOT_PYVIDEO_INDEX_URL", "http://127.0.0.1:9/index")  # discard port
    code, _, err = _run(capsys, "fetch", "pyvideo", "x", "--data", str(tmp_path))
    assert code == 2
    assert err == (
        "could not download http://127.0.0.1:9/index (could not connect): check the network "
        "and the URL, then run the command again\n"
    )


def test_search_lists_matching_categories(
    server: FetchServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "fetch", "pyvideo", "--search", "river")
    assert code == 0
    assert out.splitlines() == ["riverpy-2023", "riverside-meetup"]
    code, out, _ = _run(capsys, "fetch", "pyvideo", "--search", "rivrpy 2023")
    assert out.splitlines() == ["riverpy-2023"]


def test_a_long_download_shows_progress(
    server: FetchServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("bot.fetch.pyvideo.PROGRESS_FROM", 3)
    code, _, err = _run(capsys, "fetch", "pyvideo", "riverpy-2023", "--data", str(tmp_path / "d"))
    assert code == 0
    assert err.splitlines()[-1] == "pyvideo riverpy-2023: 7/7 files"


def test_the_running_bot_picks_a_fetch_up(
    server: FetchServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "notes.md").write_text(
        "# RiverPy 2023\n\n## Make Your Docker Images Smaller\n\nAiko Tanabe\n\nslim\n"
    )
    published: list[Snapshot] = []
    live = LiveData(data, published.append)
    assert len(live.load().talks) == 1
    assert _run(capsys, "fetch", "pyvideo", "riverpy-2023", "--data", str(data))[0] == 0
    assert live.poll_and_publish()
    [snapshot] = published
    docker = next(t for t in snapshot.talks if "Docker" in t.title)
    assert docker.video is not None and len(docker.sources) == 2
    assert len(snapshot.talks) == 6


def test_a_real_pyvideo_category_fetches_and_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = shared_data("pyvideo-all", "pycascades-2022")
    catalogue = tmp_path / "catalogue"
    shutil.copytree(real, catalogue / "pycascades-2022")
    monkeypatch.chdir(tmp_path)
    with running_fetch_server(FetchServer(pyvideo_root=catalogue)) as running:
        for name, value in running.pyvideo_env.items():
            monkeypatch.setenv(name, value)
        code, out, _ = _run(
            capsys, "fetch", "pyvideo", "pycascades-2022", "--data", str(tmp_path / "d")
        )
    assert code == 0 and "(18 recordings)" in out
    assert len(load_library(tmp_path / "d", log_errors=False).talks) == 18
