"""`scripts/load_test.py`, the parts that decide its verdict: the order of the peak rounds
and the ratio as printed."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "load_test.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("load_test_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_a_ratio_just_short_of_the_target_prints_short_of_it() -> None:
    """79.8% once printed as '80% >= 80%: NOT met'."""
    script = load_script()
    talkbot, bare = script.Result("Talkbot", 10_000), script.Result("bare Bolt", 0)
    talkbot.ack_ms = talkbot.reply_ms = (3.0, 5.0)
    assert "peak ratio 79.8% >= 80%: NOT met" in script.verdict(0.798, talkbot, bare)
    assert "peak ratio 80.0% >= 80%: met" in script.verdict(0.8, talkbot, bare)


def test_peak_rounds_swap_which_app_goes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """A drift within each pair of rounds must not always favour the same app."""
    script = load_script()
    order: list[str] = []
    monkeypatch.setattr(script, "measure_peak", lambda server, port, n: order.append(server))
    monkeypatch.setattr(script, "measure_fixed_rate", lambda server, port: None)
    monkeypatch.setattr(script, "measure_idle", lambda servers: None)
    monkeypatch.setattr(script, "PEAK_ROUNDS", 4)
    script.measure_pair("T", "B", 0)
    assert order == ["T", "B", "B", "T", "T", "B", "B", "T"]


def test_idle_cpu_is_the_share_of_a_core_each_server_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A process that only sleeps uses next to none; one that spins, about a core."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("reads CPU times from /proc (Linux)")
    script = load_script()
    monkeypatch.setattr(script, "IDLE_S", 1.0)
    sleeping = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    spinning = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.5)  # both started: their start-up is not counted
        servers = [
            script.Server(name, 0, proc.pid, script.Result(name, 0))
            for name, proc in (("sleeping", sleeping), ("spinning", spinning))
        ]
        script.measure_idle(servers)
    finally:
        sleeping.kill()
        spinning.kill()
        sleeping.wait()
        spinning.wait()
    assert servers[0].result.idle_cpu < 0.2
    # Even on a busy machine a spinning process gets a good share of a core.
    assert servers[1].result.idle_cpu > 0.2
