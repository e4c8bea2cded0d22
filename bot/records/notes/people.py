"""Which side of a heading or a line is a person: what people's names look like.

A name is a few capitalised words (particles like 'van' allowed), no words that titles are
made of ('The', 'Building', 'Python'), no acronyms ('OSCON'). Where both sides of a split
could be names, a known given name decides. A one-word name or a handle is only believed
where a speaker stands (after 'by' or '--', in trailing parentheses, in a list of names).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.records.names import find_handles, parse_names

# Words that make up talk titles and topics, not people's names.
_TITLE_WORDS = frozenset(
    """a an the of in on at to for with without from into about and or but not no is are be
    how what why when where who your my our their its this that these those you we i it
    intro introduction beyond building using making getting writing testing learning thinking
    python data code web app apps api apis cloud open source software system systems design
    quality type types typing test tests future history lessons guide notes summary recap
    keynote talk talks panel workshop tutorial session sessions lightning day track room
    morning afternoon evening night monolith part new old best better more less all other
    everyday real world deep dive strategies performance security privacy scale scaling
    hacking growth business microservices architecture patterns programming language
    languages engineering community open-source one two three first second next last
    overview motivation background problem problems context agenda goals goal results story
    ideas idea tools examples example demo questions conclusion welcome announcements
    opening closing remarks various speakers""".split()
)
_ACRONYM = re.compile(r"^[A-Z0-9&]{3,}$")
_HANDLES_AND_SEPARATORS = re.compile(r"[@\w.-]*@[\w.-]+|[\s,;&/()]|\band\b")
_QUESTION_MARK = re.compile(r"\s*\?+$")

# Given names common among conference speakers, to break a tie when both sides of a split
# read as names ('Kyle Knapp - Automating Code Quality').
_GIVEN_NAMES = frozenset(
    """aaron adam adrian aisha alan alex alexander alexandra ali alice alicia allison amanda
    amber amy ana andre andrea andreas andrew andy angela anna anne anthony anton antonio
    ashley barbara ben benjamin beth bob brandon brett brian bruce bryan carl carla carlos
    carol caroline catherine charles charlie chris christian christina christine christopher
    claire claudia colin craig dan dana daniel daniela danielle dario dave david deborah
    dennis diana diego dmitry dominic donald douglas dustin ed eddie edward elena eli elizabeth
    ellen emily emma eric erik erin esther ethan eva ewa fabio felix fernando frank fred
    gabriel gabrielle gary george georgia gina giovanni grace greg gregory guido hannah harry
    heather helen henry hillel hugo ian ines irina isaac isabel ivan jack jacob jake james
    jamie jan jane janet jason javier jean jeff jeffrey jennifer jeremy jess jessica jim joan
    joe joel johannes john jon jonathan jordan jorge jose joseph josh joshua juan julia julian
    julie justin karen kate katherine kathryn katie keith kelly ken kenneth kevin kim kyle
    larry laura lauren leah lee leo leon lily linda lisa liz luca lucas lucia luis luke lynn
    manuel marco marcus margaret maria mariana mario mark marta martin mary matt matthew max
    megan melissa michael michelle miguel mike mila mira mohammed monica nadia nancy natalia
    natalie nathan nathaniel ned nick nicholas nicole nina noah noor olga oliver olivia omar
    oscar pablo pamela patrick paul paula peter philip pieter piper priya rachel rafael raj
    ralph ramon ravi raymond rebecca richard rick rita rob robert roberto robin roger ron rosa
    ruby russell ryan sam samantha samuel sandra sara sarah scott sean sebastian sergio shane
    sharon simon sofia sophia sophie stacy stephanie stephen steve steven stuart susan tanya
    taylor ted teresa thomas tim timothy tina todd tom tomas tony travis tyler valerie vanessa
    victor victoria vince vincent walter wei will william yan yuki yusuf zach zoe""".split()
)


def people(text: str, *, single_ok: bool = False) -> list[str] | None:
    """The names if the whole text is a list of people's names, else None."""
    found = _people(text, single_ok)
    return list(found) if found is not None else None


@lru_cache(maxsize=4096)
def _people(text: str, single_ok: bool) -> tuple[str, ...] | None:
    """`people`, remembered: a split tries the same sides at several separators."""
    # NFC: 'Diógenes' typed with a combining accent is still one word of letters.
    cleaned = _QUESTION_MARK.sub("", unicodedata.normalize("NFC", text.strip()))
    names = parse_names(cleaned, allow_single=single_ok)
    if not names:
        return None
    for name in names:
        words = [w.strip(".,") for w in name.split()]
        if any((len(w) > 1 and w.lower() in _TITLE_WORDS) or _ACRONYM.match(w) for w in words):
            return None  # (a one-letter word is an initial: 'A Cuni')
    return tuple(names)


_LOOSE_WORD = re.compile(r"^[^\W_][\w'’.-]*$")
_NICKNAME = re.compile(r"\s+[\"“«][^\"“”«»]{1,30}[\"”»](?=\s)")
_LIST_OF_NAMES = re.compile(r"\s*(?:,|;|&|\band\b|\s/\s?)\s*", re.IGNORECASE)


def loose_people(text: str) -> list[str] | None:
    """Names however they are cased: 'iztok kucan', 'LEMAIRE Arnaud', 'MarkusH, apollo13'.

    Only for a place where the siblings say a speaker stands; even there a side made of
    the words titles are made of ('Various speakers', 'Closing remarks') names no one.
    """
    cleaned = re.sub(r"[*_`]+", "", text).strip(" \t.:-–—")
    if not cleaned or len(cleaned) > 100 or "://" in cleaned or cleaned[-1:] in "!?":
        return None
    parts = [p.strip() for p in _LIST_OF_NAMES.split(cleaned) if p and p.strip()]
    if not parts or len(parts) > 8:
        return None
    for part in parts:
        words = _NICKNAME.sub("", f" {part} ").split()
        if not 1 <= len(words) <= 4 or not all(_LOOSE_WORD.match(w) for w in words):
            return None
        if any(len(w) > 1 and w.lower().strip(".") in _TITLE_WORDS for w in words):
            return None
    return parts


def handles_only(text: str) -> list[str] | None:
    """`@ada` or `@ada, @bo`: handles standing alone where a speaker stands."""
    if "@" not in text:
        return None
    found = find_handles(text)
    rest = _HANDLES_AND_SEPARATORS.sub("", text)
    return found if found and not rest else None


def given_name_score(names: list[str]) -> int:
    """How many of the names start with a known given name."""
    return sum(1 for n in names if n.split()[0].lower().strip(".") in _GIVEN_NAMES)
