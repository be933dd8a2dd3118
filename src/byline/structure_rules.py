"""Line-shape rules for article structure: bylines, datelines, credits, boilerplate, edition tags.

Each rule looks at one stripped line (or a line's start) and says what it is; the layout logic
that decides where each rule applies is in :mod:`byline.structure`. Rules are conservative: a
line no rule claims stays story text, because a story paragraph lost to a wrong rule costs
attributions, while debris left in costs little.

The shapes come from wire style (AP Stylebook datelines and bylines), newspaper digital-edition
dumps (PressReader-style ``??`` image markers and footer tags), and the non-article text that the
PolNeAR annotators marked ``Discard`` (Newell, Margolin & Ruths, LREC 2018): "Read the rest
here.", "Follow X on Twitter @x", "ABSTRACT.", editor's notes, photo credits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- names and agencies ---------------------------------------------------------------------

AGENCIES: dict[str, str] = {
    "ap": "The Associated Press",
    "associated press": "The Associated Press",
    "the associated press": "The Associated Press",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "upi": "UPI",
    "united press international": "UPI",
    "bloomberg": "Bloomberg",
    "bloomberg news": "Bloomberg News",
    "getty": "Getty Images",
    "getty images": "Getty Images",
    "epa": "EPA",
    "epa-efe": "EPA-EFE",
    "dpa": "dpa",
    "xinhua": "Xinhua",
    "tns": "Tribune News Service",
    "tribune news service": "Tribune News Service",
    "cq-roll call": "CQ-Roll Call",
    "shutterstock": "Shutterstock",
}
"""News and photo agencies as written in bylines and credits (lower-cased) -> canonical name."""

_NAME_WORD = r"(?:[A-Z][\w'’.\-]*|[A-Z]\.|(?:de|da|van|von|del|der|la|le|al|bin|ibn)(?=\s))"
_PERSON = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}"
"""A person's name: two to five capitalized words (initials and particles allowed)."""

_BYLINE = re.compile(
    rf"^[-–—•*]?\s*(?:By|BY|by)[:\s]\s*(?P<names>{_PERSON}(?:\s*(?:,|\band\b|&)\s*{_PERSON})*)"
    r"(?:\s*(?:,|\||/|[-–—])\s*(?P<agency>[A-Z][\w .&'’\-]{1,40}?))?\s*\.?$"
)
_AGENCY_LINE = re.compile(r"^\(?(?P<agency>[A-Za-z][\w .&'’\-]{1,40}?)\)?\.?$")


@dataclass(frozen=True)
class Byline:
    """A parsed byline: person ``authors`` in order and the ``agency`` it names, if any."""

    authors: list[str]
    agency: str | None = None


def agency_name(text: str) -> str | None:
    """Canonical agency name when ``text`` (a whole line or phrase) names a news agency."""
    key = re.sub(r"\s+", " ", text.strip(" .()")).lower()
    return AGENCIES.get(key)


_ROLE_WORDS = frozenset(
    [
        "writer",
        "staff",
        "correspondent",
        "editor",
        "reporter",
        "columnist",
        "contributor",
        "bureau",
        "chief",
        "special",
        "senior",
        "associate",
        "political",
        "national",
        "foreign",
    ]
)


def _is_role(name: str) -> bool:
    """Whether a byline 'name' is a role ("Staff Writer", "Special Correspondent")."""
    return any(w.lower().strip(".") in _ROLE_WORDS for w in name.split())


def parse_byline(line: str) -> Byline | None:
    """Parse a byline line: ``By A``, ``- By A and B``, ``By A, B and C``, ``By A, Associated
    Press``; a line that only names an agency ("Associated Press") is an agency byline.

    Returns ``None`` when the line is not a byline (so "By then, the talks had ..." is not).
    """
    line = line.strip()
    if agency_name(line) and _AGENCY_LINE.match(line):
        return Byline(authors=[], agency=agency_name(line))
    match = _BYLINE.match(line)
    if not match:
        return None
    agency = match.group("agency")
    if agency and not agency_name(agency):
        # "By A, Staff Writer" keeps only the names; an unknown trailer is not a person.
        agency = None
    names = [n.strip() for n in re.split(r"\s*(?:,|\band\b|&)\s*", match.group("names"))]
    names = [n for n in names if n]
    known_agency = [n for n in names if agency_name(n)]
    if known_agency and not agency:
        agency = known_agency[-1]
    authors = [display_name(n) for n in names if not agency_name(n) and not _is_role(n)]
    if not authors and not agency:
        return None
    return Byline(authors=authors, agency=agency_name(agency) if agency else None)


# --- datelines ------------------------------------------------------------------------------

_MONTH_ABBR = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
    r"|January|February|March|April|June|July|August|September|October|November|December"
)
_DATELINE = re.compile(
    r"^(?P<place>(?P<city>[A-Z][A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]*){0,3})"
    r"(?:,\s+(?P<region>[A-Z][A-Za-z.'’\-]*(?:\s+[A-Z][A-Za-z.'’\-]*){0,2}))?)"
    rf"(?:,?\s+(?P<date>(?:{_MONTH_ABBR})\s+\d{{1,2}}))?"
    r"(?:\s*\((?P<agency>[A-Za-z][\w .\-]{0,30})\))?"
    r"\s*(?P<dash>—|–|--|-)\s+"
)
"""Wire dateline at a paragraph start: upper-case city (at most four words), optional region in
mixed case ("Maine", "N.H."), optional date ("Nov. 19"), optional agency in parentheses, a dash.
"""


@dataclass(frozen=True)
class Dateline:
    """A dateline found at the start of a paragraph: ``end`` is the offset (into that paragraph)
    just past the dash; ``text`` is the dateline without the dash."""

    end: int
    text: str
    place: str
    agency: str | None


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline at the start of ``paragraph`` ("PORT ELLIS, Maine (AP) — ..."), or ``None``.

    The city must be upper case and short, and either an agency in parentheses, a region after
    a comma, or a body of mixed-case text must follow, so that run-in headings ("SANDERS HAS
    ADVANTAGE IN NEW HAMPSHIRE -") are not taken for datelines.
    """
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    city = match.group("city")
    if not any(ch.isalpha() for ch in city) or len(city) < 3:
        return None
    agency = match.group("agency")
    if agency and not agency_name(agency):
        return None
    rest = paragraph[match.end() : match.end() + 60]
    if not re.search(r"[a-z]", rest):
        return None
    if len(city.split()) > 2 and not (agency or match.group("region")):
        return None
    text = paragraph[: match.start("dash")].rstrip()
    return Dateline(end=match.end("dash"), text=text, place=match.group("place"), agency=agency)


# --- credits --------------------------------------------------------------------------------

_CREDIT_NAME_AGENCY = re.compile(
    r"^(?P<name>[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){1,3})\s*(?:—|–|--|/|\|)\s*"
    r"(?P<agency>[A-Z][\w'’.&\- ]{1,50}?)(?:\s+(?P<file>FILE(?: PHOTO)?|File(?: Photo)?))?\.?$"
)
_CREDIT_AGENCY_ONLY = re.compile(
    r"^(?:(?P<via>[A-Z][\w'’.\- ]{1,40}?)\s+via\s+)?(?P<agency>Getty(?: Images)?|AP(?: Photo)?"
    r"|Associated Press|ASSOCIATED PRESS|Reuters|REUTERS|AFP|EPA|Shutterstock|Bloomberg)"
    r"(?:\s*/\s*(?P<other>[A-Z][\w'’.\- ]{1,40}?))?\.?$"
)
_PHOTO_CREDIT_TAIL = re.compile(
    r"\s*\((?P<agency>AP|Reuters|AFP|Getty Images|EPA)?\s*Photos?\s*(?:/|by)\s*"
    r"(?P<name>[^)]{2,60})\)\.?$"
)


@dataclass(frozen=True)
class Credit:
    """A photo credit: ``photographer`` and ``agency`` as canonical display names."""

    photographer: str | None
    agency: str | None


def display_name(text: str) -> str:
    """A name as displayed: all-caps credit text ("SUSANNAH GEORGE") in title case, else as is."""
    text = text.strip()
    if text.isupper():
        return " ".join(w.capitalize() if w.isalpha() else w.title() for w in text.split())
    return text


def parse_credit(text: str) -> Credit | None:
    """Parse a whole-line photo credit: "SUSANNAH GEORGE — THE ASSOCIATED PRESS FILE",
    "John Moore/Getty Images", "Getty", "Bloomberg via Getty Images", "ASSOCIATED PRESS".

    The agency part must name a known agency (or end in "Images"/"Photo"), so an ordinary short
    line with a dash is not taken for a credit. Returns ``None`` when ``text`` is not a credit.
    """
    text = text.strip()
    match = _CREDIT_AGENCY_ONLY.match(text)
    if match:
        photographer = match.group("via") or match.group("other")
        return Credit(
            photographer=display_name(photographer) if photographer else None,
            agency=agency_name(match.group("agency").replace(" Photo", ""))
            or display_name(match.group("agency")),
        )
    match = _CREDIT_NAME_AGENCY.match(text)
    if match:
        agency = match.group("agency").strip()
        if agency_name(agency) or re.search(r"(?i)\b(images|photos?|pictures)$", agency):
            return Credit(
                photographer=display_name(match.group("name")),
                agency=agency_name(agency) or display_name(agency),
            )
    return None


def split_photo_credit_tail(line: str) -> tuple[int, Credit] | None:
    """A caption line ending in "(AP Photo/Evan Vucci)": the offset where the credit starts (in
    ``line``) and the credit; ``None`` when the line has no such tail."""
    match = _PHOTO_CREDIT_TAIL.search(line)
    if not match or match.start() < 20:
        return None
    agency = match.group("agency")
    return match.start() + (len(match.group(0)) - len(match.group(0).lstrip())), Credit(
        photographer=display_name(match.group("name")),
        agency=agency_name(agency) if agency else None,
    )


# --- boilerplate and residue ----------------------------------------------------------------

_BOILERPLATE = [
    re.compile(p)
    for p in (
        r"^Read (?:the rest|more)(?: of (?:the|this) (?:story|article))?(?: here| at .{1,60})?\.?$",
        r"^(?:On Twitter,? )?[Ff]ollow "
        r"(?:@\w+|[A-Z][\w.'’\- ]{1,60}?(?: on Twitter| at)?.{0,80}@\w+)"
        r"[^\n]{0,120}$",
        r"^(?:ABSTRACT|FULL TEXT)\.?(?: CORRECTION APPENDED\.?)?$",
        r"^CORRECTION APPENDED\.?$",
        r"^(?:This|The) (?:story|article|piece|post|report) (?:has been|was) (?:updated|revised)\b",
        r"^This (?:piece|article|post) (?:first|originally) appeared (?:on|in)\b",
        r"^h/t:? ",
        r"^(?:Do you support [^?\n]{1,60}\? )?Like the page:?$",
        r"^Share and comment below\.?$",
        r"^(?:Subscribe to|Sign up (?:to|for)) [^\n]{0,120}(?:here|podcast|newsletter|story)\.?$",
        r"^Want to receive this in your inbox\?",
        r"^Watch (?:the|a|our) [^\n]{0,80}(?:above|below|here)[.:]?$",
        r"^Listen to [^\n]{0,120}(?:above|below)[.:]",
        r"^We Are Sorry,\s?This video is restricted",
        r"^[-–—]*\s*(?:[A-Z][\w.'’\-]*(?:,? (?:and )?[A-Z][\w.'’\-]*){0,8}) contributed "
        r"(?:to this (?:report|story|article)|reporting)[^\n]{0,80}\.?$",
        r"^[-–—]*\s*[Aa]dditional reporting (?:by|from) [^\n]{1,100}\.?$",
        r"^\[Video: [^\n]*\]\.?$",
        r"^\(h/t:? [^\n]{1,60}\)\.?$",
        r"^For more[^\n]{0,80}(?:newsletter|download our app)[^\n]{0,40}\.?$",
        r"^Enter your email address:?$",
        r"^On Twitter,? follow ",
        r"^As published in the International New York Times\.?$",
        r"^\d{1,2}[:.]\d{2} [ap]\.m\.$",
        r"\s[—–-] [^—\n]{1,60} \(@\w+\) (?:" + _MONTH_ABBR + r") \d{1,2}, \d{4}\.?$",
        r"^Also on (?:HuffPost|WorldPost|The Huffington Post)[^\n]{0,20}:$",
        r"^(?:SHARE|TWEET|EMAIL|MORE)(?: \w+)?\.?$",
    )
]

_RESIDUE = [
    re.compile(p)
    for p in (
        r"^_{2,}\.?$",
        r"^[~*=\-—–]{3,}\.?$",
        r"^(?:X|TWITTER|FACEBOOK|Twitter|Facebook)\.$",
        r"^[.#]?[\w\-]+\s*\{$",
        r"^\}\.?$",
        r"^[\w\-]+\s*:\s*[^\s;]+(?: !important)?;$",
    )
]

RESIDUE_TOKEN = re.compile(r"(?<!\S)\?\?(?!\S)")
"""The ``??`` a newspaper digital edition leaves where an image or layout object was."""

_TWEET_TAG = re.compile(r"</?tweet\b[^>]*>|<tweet/>")


EDITORS_NOTE_MAX_WORDS = 60
"""Longest editor's note taken for boilerplate: a standing disclaimer is short, while a long note
(a correction retelling the story) holds attributions, as PolNeAR's annotation of one shows."""

_EDITORS_NOTE = re.compile(r"^(?:Editor['’]s [Nn]ote|CORRECTION|Correction):")

_QUOTE_EDGES = "\"“”'‘’ "

_BIO_ROLES = (
    r"columnist|author|professor|director|fellow|editor|president|historian|playwright|writer"
    r"|contributor|co-host|host|founder|analyst|correspondent|chair|lecturer|researcher"
    r"|economist|attorney|partner"
)
_AUTHOR_BIO = re.compile(
    r"^(?:[A-Z][\w.'’\-]*\s+){1,3}[A-Z][\w.'’\-]*(?:,[^,\n]{1,160},)?\s+(?:is|was)\s+"
    r"(?:an?\s+|the\s+)?(?:[\w\-’']+\s+){0,6}?(?:" + _BIO_ROLES + r")\b"
)
AUTHOR_BIO_MAX_WORDS = 60
"""Longest closing author biography accepted ("X is a professor of history at ...")."""


def is_boilerplate(line: str) -> bool:
    """Whether a whole stripped line is non-article text: promotion, navigation, short editor's
    notes, update notices (see module docstring for the source of these shapes)."""
    line = line.strip(_QUOTE_EDGES)
    if _EDITORS_NOTE.search(line):
        return len(line.split()) <= EDITORS_NOTE_MAX_WORDS
    return any(p.search(line) for p in _BOILERPLATE)


def opens_editors_note(line: str) -> bool:
    """Whether ``line`` opens an editor's note or correction that a line break cut short (no
    closing punctuation), so the next lines continue it."""
    return bool(_EDITORS_NOTE.search(line)) and line.rstrip()[-1:] not in ".!?”\"'"


def is_author_bio(line: str) -> bool:
    """Whether ``line`` is a closing author biography ("Aaron Kall is director of debate at the
    University of Michigan."): a name, ``is``/``was``, and a role word, in a short line. Only
    meaningful for the last lines of an article; the caller restricts where it is applied."""
    return len(line.split()) <= AUTHOR_BIO_MAX_WORDS and bool(_AUTHOR_BIO.match(line))


def is_residue(line: str) -> bool:
    """Whether a whole stripped line is markup or layout debris: rule lines, embed buttons,
    CSS rules, ``??`` placeholders only."""
    if RESIDUE_TOKEN.sub("", line).strip() == "":
        return True
    if _TWEET_TAG.search(line) and not re.search(r"\w", _TWEET_TAG.sub("", line)):
        return True
    return any(p.search(line) for p in _RESIDUE)


def tag_spans(line: str) -> list[tuple[int, int]]:
    """``[start, end)`` offsets (into ``line``) of embed markup tags such as ``<tweet ...>``."""
    return [m.span() for m in _TWEET_TAG.finditer(line)]


# --- edition tags ---------------------------------------------------------------------------

LANGUAGES: dict[str, str] = {
    "english": "en",
    "spanish": "es",
    "french": "fr",
    "german": "de",
    "italian": "it",
    "portuguese": "pt",
    "dutch": "nl",
    "chinese": "zh",
    "arabic": "ar",
    "russian": "ru",
    "japanese": "ja",
    "korean": "ko",
}
"""Language names in edition tags -> BCP-47 tags."""

_EDITION_LANGUAGE = re.compile(r"^Newspapers in (?P<language>[A-Z][a-z]+)$")
_EDITION_COUNTRY = re.compile(r"^Newspapers from (?P<country>[A-Z][\w .'’\-]{1,60})$")


@dataclass(frozen=True)
class EditionTag:
    """A footer tag of a digital edition: the ``language`` (BCP-47) or ``country`` it states."""

    language: str | None = None
    country: str | None = None


def parse_edition_tag(line: str) -> EditionTag | None:
    """Parse "Newspapers in English" / "Newspapers from United States"; ``None`` otherwise."""
    match = _EDITION_LANGUAGE.match(line)
    if match:
        name = match.group("language").lower()
        return EditionTag(language=LANGUAGES.get(name, name))
    match = _EDITION_COUNTRY.match(line)
    if match:
        return EditionTag(country=match.group("country").strip())
    return None
