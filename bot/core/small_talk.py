"""Messages that ask for no talk: thanks, greetings, acknowledgements, emoji, filler alone.

A card for 'thanks!' posted in a channel embarrasses the team that runs the bot, so these get
a short word instead (in a thread) or the usage (in a DM or `/talk`); a question about the bot
itself ('what can you do?', 'are you there?', 'test') gets the usage everywhere. Only short
messages made wholly of such words count: one content word ('thanks for the nix talk') makes
it a question.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from bot.search.text import FILLER


class SmallTalk(StrEnum):
    THANKS = "thanks"
    GREETING = "greeting"
    ACKNOWLEDGEMENT = "acknowledgement"  # 'ok', 'cool', 'what?', an emoji alone
    EMPTY = "empty"  # only filler: 'who talked about?'
    ABOUT_ME = "about me"  # the bot asked about itself: 'help', 'are you there?', 'test'


_THANKS = frozenset("thanks thank thx ty tysm tyvm thanx cheers ta merci danke gracias".split())
_GREETINGS = frozenset(
    "hi hello hey heya hiya yo howdy morning evening afternoon greetings".split()
)
_ACKNOWLEDGEMENTS = frozenset(
    """
    ok okay k kk cool nice great awesome perfect amazing excellent brilliant wonderful neat
    sweet good fine sure yes yep yeah yup no nope nah right indeed true lol haha hah heh wow
    oh ah aha huh hmm hm what wat eh oops sorry got it gotcha noted understood alright
    """.split()
)
# What people ask a bot about itself: whether it is there, what it does, how to use it.
_ABOUT_ME = frozenset(
    "help usage commands alive awake listening working work works test thing on up".split()
)
# Addressing the bot ('what can you do?') with no word of talks makes it a question to the
# bot; with one ('did you see the talk?') it is a search that forgot what to look for.
_TO_ME = frozenset("you u your bot talkbot".split())
_OF_TALKS = frozenset(
    "talk talks talked talking speak speaks spoke speaker speakers presentation "
    "presentations presented presenting session sessions lecture conference keynote".split()
)
# Acknowledgements that are not praise: with filler around them they ask something.
_PUZZLED = frozenset("what wat huh eh hmm hm".split())
# Words that go with any of the above without making a question of it.
_ALONG = frozenset(
    "you u so much very a lot lots all everyone folks team there guys again bot talkbot "
    "good for the that this it is was".split()
)
_WORD = re.compile(r"[^\W_]+")
_SLACK_EMOJI = re.compile(r":[a-z0-9_+\-']+:")
MAX_WORDS = 8


def small_talk(text: str) -> SmallTalk | None:
    """What kind of small talk a message is, or None when it may ask for a talk."""
    without_emoji = _SLACK_EMOJI.sub(" ", text.casefold())
    words = _WORD.findall(_strip_accents(without_emoji))
    if not words:
        # Nothing but emoji or punctuation ('👍', ':tada:', '?'), or nothing at all.
        return SmallTalk.ACKNOWLEDGEMENT if text.strip() else SmallTalk.EMPTY
    if len(words) > MAX_WORDS:
        return None
    known = _THANKS | _GREETINGS | _ACKNOWLEDGEMENTS | _ALONG
    if all(w in known for w in words):
        if any(w in _THANKS for w in words):
            return SmallTalk.THANKS
        if any(w in _GREETINGS for w in words):
            return SmallTalk.GREETING
        if any(w in _ACKNOWLEDGEMENTS for w in words):
            return SmallTalk.ACKNOWLEDGEMENT
    if all(w in FILLER or w in known or w in _ABOUT_ME for w in words):
        if any(w in _ABOUT_ME for w in words) or (
            any(w in _TO_ME for w in words) and not any(w in _OF_TALKS for w in words)
        ):
            return SmallTalk.ABOUT_ME
        # 'good talk', 'great session': praise, however the filler reads.
        if any(w in _THANKS or (w in _ACKNOWLEDGEMENTS and w not in _PUZZLED) for w in words):
            return SmallTalk.ACKNOWLEDGEMENT
        return SmallTalk.EMPTY
    return None


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
