"""Labels for units taken from markup: the number a reader puts at the start of a unit's line.

A section or division label is also its citation (the segmenter cites a section by its label and
a subsection by its parent's citation plus its own label), so it is written in the citation form:
"SEC. 4." becomes "Sec. 4", "TITLE V" becomes "Title V", DC Code "24-211.07" becomes
"§ 24-211.07". Lower levels keep the number as written: "(a)", "(2)", "(A)".
"""

from __future__ import annotations

import re

from legdiff import numbering
from legdiff.models import Kind

#: Words in front of a section number: USLM "SEC. 4." / "SECTION 1." / "Sec. 1206.",
#: USLM codification bills "§ 100101.".
_SECTION_WORDS = re.compile(r"^(?:§§?|SECTION|Section|SEC\.|Sec\.|Sect\.)\s*")
#: A DC Code section number ("24-211.07", "1-608.51a"): cited with "§", not "Sec.".
_CODE_SECTION = re.compile(r"^\d+[A-Z]?[-\u2010\u2011\u2013\u2014]\d")
#: The DC Code marks the version of a section file: after.xml is "24-211.07(Perm)". The
#: version is not part of the citation (before.xml, "24-211.07", is the same section).
_VERSION_SUFFIX = re.compile(r"\((?:Perm|Temp|Emer)\)$")
#: Punctuation a drafter puts after a number: "SEC. 4.", "Subtitle I—", "TITLE V:".
_TRAILING = ".:;,\u2014\u2013- \u00a0\t\n"
#: Dashes in section numbers: the DC Code website writes "§ 24–211.07" (en dash), its XML
#: "24-211.07". Citations use the hyphen so the two agree.
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-"})

#: The division a markup element (USLM, Akoma Ntoso) or a DC <prefix> word names.
DIVISION_WORDS = {
    "title": "Title", "subtitle": "Subtitle", "chapter": "Chapter", "subchapter": "Subchapter",
    "part": "Part", "subpart": "Subpart", "division": "Division", "subdivision": "Subdivision",
    "article": "Article", "book": "Book", "unit": "Unit", "subunit": "Subunit",
}

_ENCLOSED = re.compile(r"^\(([^()]+)\)$")
#: DC Code subchapters "VII-A", "XX-E" (title 1, chapter 6): the letter after the hyphen is part
#: of the number, not punctuation after it.
_DIVISION_SUFFIX = re.compile(r"^[A-Za-z]+\s+([IVXLC]+|\d+[A-Z]?)(-[A-Z0-9]{1,3})\b")
_AFTER_NUMBER = re.compile(r"[.:\u2014\-\s]*")


def normalize_dashes(text: str) -> str:
    """Hyphens for the dashes some pages put in section numbers (same length as the input)."""
    return text.translate(_DASHES)


def section_label(written: str, value: str = "") -> str:
    """"§ 24-211.07" for a code section, "Sec. 4" for a section of a bill or act."""
    written = written.strip()
    number = (value.strip() or _SECTION_WORDS.sub("", written)).strip(_TRAILING)
    number = normalize_dashes(_VERSION_SUFFIX.sub("", number))
    if not number:
        return ""
    code = written.startswith("§") or bool(_CODE_SECTION.match(number))
    return f"§ {number}" if code else f"Sec. {number}"


def division_label(word: str, written: str, value: str = "") -> str:
    """"Title V" for a <title> numbered "TITLE V"; "Subtitle A" for DC's <prefix>SUBTITLE."""
    name = DIVISION_WORDS.get(word.lower(), word.strip().capitalize())
    number = value.strip() or _strip_word(written.strip(), name)
    number = number.strip(_TRAILING)
    return f"{name} {number}" if number else ""


def _strip_word(written: str, name: str) -> str:
    if written.lower().startswith(name.lower()):
        return written[len(name):]
    return written


def level_label(written: str) -> str:
    """A lower level's number as written, without spacing or a trailing dash: "(a)"."""
    return written.strip().rstrip("\u2014\u2013 \u00a0")


def heading_label(text: str) -> tuple[str, int, Kind, int] | None:
    """A heading that starts with a division or section number ("§ 1–601.01. Findings.",
    "Subchapter I. Findings; Purpose."): (label, where the rest begins, kind, rank)."""
    normalized = normalize_dashes(text)
    marker = numbering.division_marker(normalized)
    if marker is None or marker.rank is None:
        return None
    label, end = marker.citation, marker.end
    suffix = _DIVISION_SUFFIX.match(normalized)
    if marker.kind == Kind.ARTICLE and suffix and suffix.group(1) == marker.value:
        label += suffix.group(2)
        end = _AFTER_NUMBER.match(normalized, suffix.end()).end()
    return label, end, marker.kind, marker.rank


def enumerator_kind(label: str, parent: Kind | None) -> Kind:
    """What "(a)", "(1)", "(A)", "(i)", "(I)" are under ``parent``: the DC Code and U.S. Code
    order subsection, paragraph, subparagraph, clause, subclause."""
    match = _ENCLOSED.match(label)
    if not match:
        return Kind.ITEM
    value = match.group(1)
    if value[0].isdigit():
        return Kind.PARAGRAPH
    roman = numbering.is_roman(value)
    if value[0].islower():
        if roman and parent == Kind.SUBPARAGRAPH:
            return Kind.CLAUSE
        return Kind.ITEM if parent in (Kind.CLAUSE, Kind.SUBCLAUSE, Kind.ITEM) else Kind.SUBSECTION
    if roman and parent in (Kind.CLAUSE, Kind.SUBCLAUSE):
        return Kind.SUBCLAUSE
    return Kind.SUBPARAGRAPH
