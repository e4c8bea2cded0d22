"""`scripts/load_test.py`, the parts that decide its verdict: the order of the peak rounds
and the ratio as printed."""

from __future__ import annotations

import importlib.util
import sys
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
    monkeypatch.setattr(script, "PEAK_ROUNDS", 4)
    script.measure_pair("T", "B", 0)
    assert order == ["T", "B", "B", "T", "T", "B", "B", "T"]
