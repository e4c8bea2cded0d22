"""The Block Kit builders: what they make is what slack_sdk's models make, and a field past
Slack's limits is refused at build time rather than by Slack at post time."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.models.blocks import Block as SdkBlock
from slack_sdk.models.blocks import ButtonElement

from bot.cards import blocks as bk


def round_trips(block: dict[str, Any]) -> bool:
    parsed = SdkBlock.parse(block)
    return parsed is not None and parsed.to_dict() == block


def test_every_builder_makes_what_the_sdk_makes() -> None:
    video = bk.button("▶ Video", "open_video", url="https://example.com/v")
    share = bk.button("Share", "share_talk", value="conf/talk", style="primary")
    made = [
        bk.header("A title"),
        bk.context("*Ana* · PyConf 2024", "second"),
        bk.section("Some *text*"),
        bk.section("Links", accessory=video),
        bk.divider(),
        bk.actions(share, bk.button("More", "more", value="x")),
    ]
    for block in made:
        assert round_trips(block), block
        # The size each builder adds up is the one a walk over the whole block finds.
        assert block.text_size == bk.text_size(dict(block)), block
    for element in (video, share):
        assert element.text_size == bk.text_size(dict(element)), element
    assert ButtonElement(**{k: v for k, v in share.items() if k != "type"}).to_dict() == share


@pytest.mark.parametrize(
    "build",
    [
        lambda: bk.header("x" * (bk.HEADER_TEXT_LIMIT + 1)),
        lambda: bk.header(""),
        lambda: bk.section("x" * (bk.SECTION_TEXT_LIMIT + 1)),
        lambda: bk.context(*["x"] * (bk.CONTEXT_ELEMENTS_LIMIT + 1)),
        lambda: bk.context(),
        lambda: bk.actions(),
        lambda: bk.button("x" * (bk.BUTTON_TEXT_LIMIT + 1), "a"),
        lambda: bk.button("ok", "a", value="v" * (bk.BUTTON_VALUE_LIMIT + 1)),
        lambda: bk.button("ok", "a", url="https://x.io/" + "u" * bk.BUTTON_URL_LIMIT),
        lambda: bk.button("ok", "a", style="loud"),
    ],
)
def test_a_field_past_slacks_limits_is_refused(build: Any) -> None:
    with pytest.raises(ValueError):
        build()


def test_the_text_size_counts_text_but_not_types_or_action_ids() -> None:
    block = bk.section("abcd", accessory=bk.button("ef", "an_action_id", value="gh"))
    assert block.text_size == len("abcd") + len("ef") + len("gh")
