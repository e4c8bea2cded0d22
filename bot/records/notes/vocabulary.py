"""What a heading's words say it is, before any talk is looked for under it.

Days and dates, time slots, sections that group talks ('Lightning Talks', 'Tutorials
(3.5 hours)'), sections that hold no talks ('All Posters', 'Vendors'), a talk's own
sub-headings ('Takeaways', 'Q&A', 'Details:') and titles that name a conference. Each is
recognised by the words people use for it, whatever the heading level or position.
"""

from __future__ import annotations

import re
from datetime import date

from bot.records.kinds import kind_named_in
from bot.records.models import TalkKind

_DAY_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
}
_DAY = re.compile(
    r"^(?:the\s+)?day\s*(\d{1,2}|one|two|three|four|five)\b|^(first|second|third|fourth|fifth)"
    r"\s+day\b",
    re.IGNORECASE,
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
# A heading that is only a date or a weekday ('2019-01-24 | Thursday', 'Friday, May 18').
_DATE_HEADING = re.compile(
    rf"^(?:(?:19|20)\d\d-\d\d-\d\d|{_WEEKDAY}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|(?:19|20)\d\d|[\s,|/()—–-])+$",
    re.IGNORECASE,
)
_WEEKDAY_WORD = re.compile(rf"\b{_WEEKDAY}(?=\s|$|,)", re.IGNORECASE)
# 'Friday Morning', 'Saturday night', 'Afternoon', '10:30 - 11:15'.
_SLOT = re.compile(
    rf"^(?:{_WEEKDAY}\s+)?(?:early\s+|late\s+)?(?:morning|afternoon|evening|night|lunch)"
    rf"(?:\s+(?:sessions?|talks?|block|track))?$|^\d{{1,2}}[:.h]\d\d(?:\s*(?:am|pm))?"
    rf"(?:\s*[-–—]\s*\d{{1,2}}[:.h]\d\d(?:\s*(?:am|pm))?)?$",
    re.IGNORECASE,
)
# Headings that group talks. A heading ending in a plural 'talks' word groups them too
# ('Most Useful Talks', 'Lighting Talks').
_TALK_SECTION = re.compile(
    r"^(?:the\s+|all\s+|other\s+)?(?:lightning(?:\s*talks?)?|keynotes?|panels?|talks|sessions|"
    r"workshops|tutorials|presentations|main\s+track|track\s+\w+|room\s+\S+|"
    r"(?:main\s+)?(?:hall|stage|auditorium)(?:\s+\S+)?|schedule|program(?:me)?|"
    r"topics|agenda)(?:\s*[:(].*)?$|^.{0,40}\b(?:talks|sessions|keynotes|workshops|tutorials|"
    r"presentations|dev\s*room|track|stage)\s*:?$",
    re.IGNORECASE,
)
# Headings whose content is never talks, however it is laid out.
_NO_TALK_SECTION = re.compile(
    r"^(?:the\s+|all\s+|my\s+|some\s+|final\s+|closing\s+|overall\s+)?(?:posters?|vendors?|"
    r"sponsors?|exhibitors?|booths?|expo|vendor\s+booths|open\s+spaces?|hallway(?:\s+track)?|"
    r"social|party|parties|travel|sprints?|job\s+fair|lunch|breakfast|dinner|coffee|breaks?|"
    r"photos?|pictures?|images|venue|food|swag|reflections?|impressions?|thoughts|"
    r"acknowledge?ments|thanks|next\s+year|afterword|epilogue|retrospective|"
    r"end\s+of\s+(?:the\s+)?(?:day|conference|notes))\b",
    re.IGNORECASE,
)
# A talk's own sub-headings: they organise its notes, never name another talk.
_PART = re.compile(
    r"^(?:my\s+|key\s+|main\s+|other\s+|more\s+|final\s+|general\s+)?(?:notes?|abstract|summary|"
    r"description|links?|resources|slides|takeaways?|points|q\s*&\s*a|questions|thoughts|"
    r"highlights|references|further\s+reading|misc(?:ellaneous)?|quotes?|tl;?dr|overview|"
    r"details?|about|conclusions?|recap|wrap[- ]?up|other|lab|media|demo|examples?|code|"
    r"follow[- ]along(?:\s+guide)?|check\s+this\s+out|todo|see\s+also|reading|bio)\b",
    re.IGNORECASE,
)
_CONFERENCE_WORDS = re.compile(
    r"\b(?:conference|conf|summit|con|camp|meetup|convention|symposium|devroom|fest|festival)\b"
    r"|\b\w+(?:con|conf|camp|fest)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")


def day_number(title: str) -> int | None:
    """'Day 2', 'Day Two: Friday, May 18', 'Day 1 - Talks' → the day; None when the heading
    does not number its day, or says more than which day it is ('Day 2 Guten Morgen')."""
    match = _DAY.match(title.strip())
    if not match:
        return None
    rest = title.strip()[match.end() :].strip(" \t:,|()[]—–-")
    if rest and not (
        names_a_date(rest) or is_slot(rest) or talk_section(rest)[0] or _YEAR.fullmatch(rest)
    ):
        return None
    word = (match.group(1) or match.group(2)).lower()
    return int(word) if word.isdigit() else _DAY_WORDS.get(word)


def names_a_date(title: str) -> str | None:
    """A key for the day a date-only heading names ('2019-01-24 | Thursday'), else None."""
    text = title.strip()
    if not text or len(text) > 60:
        return None  # a date heading is short; the pattern need not scan a long title
    if not _DATE_HEADING.match(text) or not re.search(r"[A-Za-z0-9]", text):
        return None
    if _YEAR.fullmatch(text.strip()):
        return None  # a bare year is not a day
    iso = _ISO_DATE.search(text)
    if iso:
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))).isoformat()
        except ValueError:
            return text.lower()
    weekday = _WEEKDAY_WORD.search(text)
    return (weekday.group(0)[:3].lower() if weekday else text.lower()) or None


def weekday_of(title: str) -> str | None:
    weekday = _WEEKDAY_WORD.search(title)
    return weekday.group(0)[:3].lower() if weekday else None


def is_slot(title: str) -> bool:
    return bool(_SLOT.match(title.strip()))


def talk_section(title: str) -> tuple[bool, TalkKind | None]:
    """(whether the heading groups talks, the kind it names)."""
    text = title.strip()
    if _TALK_SECTION.match(text):
        kind = kind_named_in(text)
        if re.search(r"\blight(?:n)?ing\b", text, re.IGNORECASE):
            kind = TalkKind.LIGHTNING  # 'Lighting Talks' is a typo people make
        return True, kind
    return False, None


def no_talk_section(title: str) -> bool:
    return bool(_NO_TALK_SECTION.match(title.strip()))


def is_part_heading(title: str) -> bool:
    """'Takeaways', 'Q&A:', 'Details' — or any short label ending in a colon."""
    text = title.strip(" *_")
    if _PART.match(text):
        rest = _PART.sub("", text, count=1).strip(" :.-–—!?")
        return len(rest.split()) <= 1
    return text.endswith(":") and len(text.split()) <= 4


_TALK_PARTS = re.compile(
    r"^(?:my\s+|key\s+)?(?:notes|abstract|summary|description|details|takeaways|key\s+points|"
    r"q\s*&\s*a|questions|slides|resources)\s*:?$",
    re.IGNORECASE,
)


def names_talk_parts(title: str) -> bool:
    """A sub-heading that only a talk's notes have ('Abstract', 'Q&A', 'Takeaways')."""
    return bool(_TALK_PARTS.match(title.strip(" *_")))


def names_conference(title: str) -> bool:
    """A title that names an event rather than a talk: a year, or 'Conf', 'Summit', ...'"""
    return bool(_YEAR.search(title) or _CONFERENCE_WORDS.search(title))


def year_in(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None
