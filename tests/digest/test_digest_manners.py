"""The digest's manners: a dry run shows exactly what the real run posts, a channel given on
the command line is checked like DIGEST_CHANNELS, and a record with nothing to read is the
talk of the day only when nothing better is left in the round."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from digest_helpers import Clock, RecordingPoster, make_runner, make_talks, schedule, sqlite_engine
from slack_fakes import signing as sl
from slack_fakes.web_api import FakeSlack, running_fake_slack

from bot.cli import main
from bot.records.models import Source, Talk

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlack]:
    with running_fake_slack() as fake:
        for name in ("SLACK_APP_TOKEN", "DIGEST_CHANNELS", "TALKBOT_DATA_DIR"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("SLACK_BOT_TOKEN", sl.BOT_TOKEN)
        monkeypatch.setenv("SLACK_API_URL", fake.api_url)
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'state.sqlite3'}")
        monkeypatch.setenv("DIGEST_DAYS", "daily")
        monkeypatch.chdir(tmp_path)
        yield fake


def _digest(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["digest", "--data", str(ROOT / "data"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_dry_run_shows_exactly_what_the_real_run_posts(
    env: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(3):
        _, first, _ = _digest(capsys, "--dry-run", "--channel", "C0GENERAL")
        _, again, _ = _digest(capsys, "--dry-run", "--channel", "C0GENERAL")
        assert first == again  # the same pick, run after run
        title = first.split("would get:\n\n", 1)[1].splitlines()[0].strip()
        code, out, _ = _digest(capsys, "--channel", "C0GENERAL", "--force")
        assert code == 0 and out.startswith("C0GENERAL: posted")
        posted = env.delivered()[-1]
        assert posted.args["text"].startswith(f"Talk of the day: {title}")


@pytest.mark.parametrize("channel", ["#general", "general", "c0general", "U0123456789"])
def test_channel_on_the_command_line_is_checked(
    env: FakeSlack, capsys: pytest.CaptureFixture[str], channel: str
) -> None:
    code, out, err = _digest(capsys, "--channel", channel)
    assert code == 2 and out == ""
    assert err == (
        f"talkbot: --channel takes a channel ID such as C0123456789, not {channel!r} "
        "(in Slack: open the channel's name, the ID is at the bottom of About)\n"
    )
    assert not env.delivered()


def test_a_record_with_nothing_to_read_waits_for_the_end_of_the_round(tmp_path: Path) -> None:
    compilation = Talk(
        id="conf-2024/lightning-talks",
        conference="Conf",
        year=2024,
        title="Lightning Talks",
        source=Source(file="videos/lightning.json", line=1),
    )
    talks = [compilation, *make_talks(4)]
    poster = RecordingPoster()
    clock = Clock(datetime(2026, 1, 5, 10, 0, tzinfo=UTC))
    for seed in range(8):
        (tmp_path / f"s{seed}").mkdir()
        engine = sqlite_engine(tmp_path / f"s{seed}")
        runner = make_runner(engine, talks, poster, clock, schedule(days="daily"), seed=seed)
        picked = [
            runner.post_channel("C0000001", date(2026, 1, 5 + n), clock.now).talk_id
            for n in range(5)
        ]
        assert picked[-1] == compilation.id, picked
        assert sorted(picked) == sorted(t.id for t in talks)
