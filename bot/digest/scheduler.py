"""The digest inside `talkbot serve`: APScheduler fires it; the claims make it exactly-once.

Two jobs call the same idempotent `run_due`: a cron job at DIGEST_TIME on DIGEST_DAYS (the
punctual post) and a check every few minutes from start-up, which catches up a digest missed
while the bot was down and retries a post that Slack refused. Every instance may run both:
only the one that claims (channel, day) posts.
"""

from __future__ import annotations

import logging
from datetime import datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.digest.runner import DigestRunner
from bot.digest.schedule import DAY_NAMES

log = logging.getLogger(__name__)

CATCH_UP_MINUTES = 5


def start_scheduler(runner: DigestRunner) -> BackgroundScheduler:
    schedule = runner.schedule
    scheduler = BackgroundScheduler(
        timezone=schedule.timezone,
        # 3.x skips a job that is more than a second late by default; a busy or restarting
        # process must still run it, once.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    scheduler.add_job(
        runner.run_due,
        CronTrigger(
            day_of_week=",".join(DAY_NAMES[d] for d in sorted(schedule.days)),
            hour=schedule.at.hour,
            minute=schedule.at.minute,
            timezone=schedule.timezone,
        ),
        id="digest",
        name="daily digest",
    )
    scheduler.add_job(
        runner.run_due,
        IntervalTrigger(minutes=CATCH_UP_MINUTES, timezone=schedule.timezone),
        id="digest-catch-up",
        name="digest catch-up",
        next_run_time=datetime.now(schedule.timezone),
    )
    scheduler.start()
    log.info(
        "digest scheduled for %s (%s) to %d channel(s); next at %s",
        schedule.at.strftime("%H:%M"),
        schedule.timezone.key,
        len(runner.channels),
        schedule.next_due(datetime.now(schedule.timezone)).isoformat(timespec="minutes"),
    )
    return scheduler
