"""Numbering schemes and line patterns of legislative and administrative text, as data.

Each rule names the drafting style (and the document) that needed it. The segmenter reads a
line, asks ``classify_line`` what starts there, and builds the provision tree from the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from legdiff.models import Kind

#: Ranked divisions: a division closes every open division of the same or a lower rank.
#: (pattern, kind, rank, citation prefix)
DIVISIONS = (
    # USLM bills "TITLE V—GENERAL SERVICES", DC Code "Title 1."
    (re.compile(r"^(TITLE|Title)\s+([IVXLC]+|\d+[A-Z]?(?:\.\d+[A-Z]?)*)\b[.:\u2014\-\s]*"), Kind.ARTICLE, 1, "Title"),
    (re.compile(r"^(SUBTITLE|Subtitle)\s+([A-Z]|\d+)\b[.:\u2014\-\s]*"), Kind.ARTICLE, 2, "Subtitle"),
    (re.compile(r"^(CHAPTER|Chapter)\s+(\d+[A-Z]?(?:[.-]\d+[A-Z]?)*|[IVXLC]+)\b[.:\u2014\-\s]*"), Kind.ARTICLE, 2, "Chapter"),
    (re.compile(r"^(SUBCHAPTER|Subchapter)\s+((?:[IVXLC]+|\d+[A-Z]?)(?:-[A-Z])?)\b[.:\u2014\-\s]*"), Kind.ARTICLE, 3, "Subchapter"),
    # municipal codes "ARTICLE VIII. ..." (Denver, Oakridge)
    (re.compile(r"^(ARTICLE|Article|ART\.|Art\.)\s*([IVXLC]+|\d+[A-Z]?(?:[.-]\d+[A-Z]?)*)\b[.:\u2014\-\s]*"), Kind.ARTICLE, 3, "Article"),
    (re.compile(r"^(PART|Part)\s+([IVXLC]+|\d+[A-Z]?|[A-Z])\b[.:\u2014\-\s]*"), Kind.ARTICLE, 4, "Part"),
    (re.compile(r"^(DIVISION|Division)\s+(\d+[A-Z]?|[IVXLC]+)\b[.:\u2014\-\s]*"), Kind.ARTICLE, 4, "Division"),
    (re.compile(r"^(SUBPART|Subpart)\s+(\d+[A-Z]?|[IVXLC]+|[A-Z])\b[.:\u2014\-\s]*"), Kind.ARTICLE, 5, "Subpart"),
)
#: A schedule or appendix of the instrument ("SCHEDULE A – FEES"): it may follow the signatures.
ANNEX = re.compile(r"^(SCHEDULE|APPENDIX|EXHIBIT|ATTACHMENT|ANNEX|Schedule|Appendix|Exhibit|Attachment|Annex)"
                   r"\s+([A-Z]|\d+|[IVXLC]+)\b(?=\s*(?:[.:\u2013\u2014-]|$))"
                   r"(?=(?:(?!\b(?:shall|must|may|will|is|are)\b)[^\n]){0,60}$)"  # a title line, not prose
                   r"[.:\u2013\u2014\-\s]*")

#: Sections. Denver/Oakridge "Sec. 28-250.", DC Code "§ 1-601.01.", California "§ 8.22.010",
#: ordinances "SECTION 3." / "Section 1.", USLM bills "SEC. 4.", agency rules "Rule 7.1".
SECTIONS = (
    (re.compile(r"^(?:Sec|SEC|Sect)\.\s*(\d[\w.\-:]*?(?:\([A-Za-z0-9]{1,4}\))*)\.?(?=\s|$)"), "Sec. {}"),
    (re.compile(r"^§§?\s*(\d[\w.\-:\u2013]*?(?:\([A-Za-z0-9]{1,4}\))*)\.?(?=\s|$)"), "§ {}"),
    (re.compile(r"^(?:SECTION|Section)\s+(\d[\w.\-]*?)\.?(?=\s|$)"), "Section {}"),
    (re.compile(r"^(?:RULE|Rule)\s+(\d[\w.\-]*?)\.?(?=\s|$)"), "Rule {}"),
    # codes numbering title-chapter-section: "8-42-010 Definitions." (Chicago), "6-14-3. License
    # Required." (western counties)
    (re.compile(r"^(\d{1,2}[A-Z]?-\d{1,3}[A-Z]?-\d{1,3}(?:\.\d{1,3})?)\.?(?=\s+[A-Z]|\s*$)"), "\u00a7 {}"),
    # county codes that write the bare number: "25-41. Definitions." (Maryland)
    # (its title follows, short and without a modal: not "12-103. The Director shall ..." wrapped
    # from a cross-reference, nor a range "1-4. One hundred dollars.")
    (re.compile(r"^(\d{1,3}[A-Z]?-\d{2,4}(?:\.\d{1,3})?[A-Z]?)\.(?=\s+[A-Z](?:(?!\b(?:shall|must|may|will|dollars?|"
                r"percent)\b)[^.\n$]){0,80}\.?\s*$)"), "§ {}"),
)
SECTION_RANK = 6
HEADING_RANK = 5  # a plain heading line in a memo or letter

#: Enumerators at the start of a line: (scheme, pattern). The scheme decides nesting: a label of a
#: scheme already open is a sibling; of a new scheme, a child.
ENUMERATORS = (
    ("lower-paren", re.compile(r"^\(([a-z]{1,3})\)")),  # (a), (aa), (iv) — codes, DC Code
    ("digit-paren", re.compile(r"^\((\d{1,3}[A-Z]?)\)(?!\s?\d{3}[-.\s]\d{4})")),  # (1), (12A); not (555) 014-2288
    ("upper-paren", re.compile(r"^\(([A-Z]{1,4})\)")),  # (A), (IV)
    ("dot-paren", re.compile(r"^\((\.\d{1,3})\)")),  # (.1), (.2) — Philadelphia's code, below (a)
    ("decimal", re.compile(r"^(\d{1,3}(?:\.\d{1,3}){1,5})\.?(?=\s)")),  # 5.3.2.1 — general orders
    ("step", re.compile(r"^(?:Step|STEP)\s+(\d{1,3})[:.)]")),  # Step 1: — procedures
    # English statutory instruments and byelaws restate their paragraph's number before its first
    # sub-paragraph: "3. Operator permits" then "3.\u2014(1) No person shall ..."
    ("restated", re.compile(r"^(\d{1,3}[A-Z]?)\.\s?(?:\u2014|\u2013|--)\s?(?=\()")),
    ("digit-dot", re.compile(r"^(\d{1,3})\.(?=\s)")),  # 1. — orders, letters, bulletins
    ("digit-close", re.compile(r"^(\d{1,3})\)(?=\s)")),  # 1) — procedures
    ("upper-dot", re.compile(r"^([A-Z]|[IVX]{1,4})\.(?=\s)(?!\s[A-Z]\.\s)")),  # A. / IV. — ordinance parts (not "A. J. Pennington")
    ("lower-dot", re.compile(r"^([a-z]|[ivx]{1,4})\.(?=\s)")),  # a. — bulletins
    ("lower-close", re.compile(r"^([a-z])\)(?=\s)")),  # a) — procedures
)

#: Words that lead into what follows them: "No agency shall:", "... the following.", "as follows".
LEAD_IN = re.compile(r"(?:[:\u2013\u2014-]|\bfollowing\.?|\bas follows\.?)\s*$", re.I)

#: Bullets, as typed and as Word and PDFs export them ("o" for a second level, before a capital).
BULLET = re.compile(r"^([-*\u2022\u00b7\u25aa\u25cf\u2013\u25e6\u25cb\u25a0\u25a1\u27a2\u25ba\u2192\u00bb"
                    r"\u2713\u2714\uf0b7\uf0a7]|o(?=\s+[A-Z]))\s+")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+")
RECITAL = re.compile(r"^(?:WHEREAS|Whereas)\b")
ENACTING = re.compile(
    r"^(?:NOW,?\s+THEREFORE|Now,?\s+[Tt]herefore|BE IT (?:ORDAINED|ENACTED|RESOLVED)|"
    r"Be [Ii]t (?:[Oo]rdained|[Ee]nacted|[Rr]esolved)|IT IS HEREBY ORDERED|It is hereby ordered|"
    r"THE COUNCIL OF .* (?:ORDAINS|ENACTS)|The [Cc]ouncil of .* (?:ordains|enacts))"
)
#: Lines that open the signature block of an ordinance, order or letter: all after is back matter.
BACK_MATTER = re.compile(
    r"^(?:PASSED\b|ADOPTED\b|ENACTED\b|APPROVED\b|(?:Passed|Adopted|Enacted|Approved) (?:by|on|this)\b|"
    r"IN WITNESS WHEREOF|In [Ww]itness [Ww]hereof|ATTEST\b|"
    r"Attest:|Sincerely|Respectfully(?: submitted)?,|Very truly yours|Yours truly|"
    r"With (?:thanks|gratitude|appreciation|respect),|(?:Kind |Best |Warm )?[Rr]egards,|In solidarity,|"
    r"Yours (?:sincerely|faithfully|respectfully),|Cordially,|Thank you,$|_{3,}|/s/|BY ORDER OF\b|"
    r"By [Oo]rder of\b|SO ORDERED\b|"
    r"THE COMMON SEAL\b|The [Cc]ommon [Ss]eal of\b|GIVEN under\b|Given under (?:my|our|the)\b)"
)
#: Memo and letter header fields ("TO: ...", "Subject: ...") and salutations: front matter.
HEADER_FIELD = re.compile(
    r"^(?:TO|FROM|DATE|SUBJECT|RE|CC|BCC|MEMO(?:RANDUM)?|NUMBER|SUBJ|FILE|Number|Subject|"
    r"Effective(?: [Dd]ate)?|Rescinds|Distribution|Approved|Issued|Date|To|From|Re|Cc|"
    r"Reference|Review [Dd]ate|Applies to|Amends|Supersedes|Index)\s*:"
)
SALUTATION = re.compile(r"^(?:Dear|To whom|TO WHOM)\b.*[:,]\s*$")
#: A "Label: value" line of a field list ("Recording retention: one (1) year ..."); not "Q:".
FIELD = re.compile(r"[ \t]*[A-Z][\w'\u2019/()&-]+(?:[ \t][\w'\u2019/()&-]+){0,4}:[ \t]+\S")
#: A row of a Markdown or plain pipe table, and the rule under its header row.
TABLE_ROW = re.compile(r"[ \t]*\|")
TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")

_ROMAN = re.compile(r"^(?=[ivxlc]+$)m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$", re.I)
#: Words whose presence makes a short phrase a rule rather than a heading.
_RULE_WORDS = frozenset(
    "shall must may will should means includes is are was were be not cannot "
    "can has have does do".split()
)


@dataclass(frozen=True, slots=True)
class Marker:
    """What starts at the beginning of a line."""

    kind: Kind
    scheme: str  # nesting key: "rank:3", "lower-paren", "bullet:-", "recital"
    label: str  # as written: "(a)", "Sec. 28-252.", "5.3.2.1"
    value: str  # the number alone: "a", "28-252", "5.3.2.1"
    end: int  # where the marker ends in the line
    rank: int | None = None
    citation: str = ""


def is_roman(label: str) -> bool:
    return bool(label) and bool(_ROMAN.match(label))


def division_marker(line: str) -> Marker | None:
    if line[:1] in "\"\u201c" and len(line) > 1 and not line[1].isspace():
        # an amending ordinance quotes the text it inserts: "\u201cArticle 12. Unmanned Aircraft"
        marker = division_marker(line[1:])
        return replace(marker, end=marker.end + 1) if marker is not None else None
    annex = ANNEX.match(line)
    if annex:
        return Marker(Kind.ARTICLE, "rank:0", annex.group(0).strip(), annex.group(2), annex.end(), 0,
                      f"{annex.group(1).title()} {annex.group(2)}")
    for pattern, kind, rank, prefix in DIVISIONS:
        match = pattern.match(line)
        if match:
            return Marker(kind, f"rank:{rank}", match.group(0).strip(), match.group(2),
                          match.end(), rank, f"{prefix} {match.group(2)}")
    for pattern, form in SECTIONS:
        match = pattern.match(line)
        if match:
            value = match.group(1).rstrip(".")
            return Marker(Kind.SECTION, f"rank:{SECTION_RANK}", match.group(0), value,
                          match.end(), SECTION_RANK, form.format(value))
    return None


def enumerator_markers(line: str) -> list[Marker]:
    """Enumerators at the start of a line; "(a)(1)" gives two, outermost first."""
    markers: list[Marker] = []
    position = 0
    while True:
        rest = line[position:]
        found = _enumerator(rest)
        if found is None:
            return markers
        scheme, match = found
        if scheme == "decimal":
            scheme = f"decimal:{match.group(1).count('.')}"
        restated = scheme == "restated"
        markers.append(Marker(Kind.ITEM, "digit-dot" if restated else scheme, match.group(0).strip(),
                              match.group(1), position + match.end()))
        if not scheme.endswith("paren") and not restated:
            return markers
        position += match.end()
        if line[position:position + 2] == " (" and scheme.endswith("paren"):
            position += 1  # Maryland's "(a) (1) In this section ..."
        if position >= len(line) or line[position] != "(":
            return markers


#: The convention of an amending bill that writes new matter in capitals (Maryland): its labels
#: are capitalised too ("(A) (1) IN THIS SECTION" is (a)(1)), and [brackets] hold deleted matter.
CAPITALS_ADDED = re.compile(r"\bCAPITALS INDICATE MATTER ADDED\b", re.I)
#: Matter an amending bill deletes from the law: shown, but no longer the law.
DELETED = re.compile(r"\[[^\[\]\n]{1,2000}\]|~~[^~\n]{1,2000}~~")  # "[$135] $175", "~~Strike~~ ~~out~~"


def in_capitals(line: str) -> bool:
    """Whether a line is written in capitals (new matter in an amending bill)."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _enumerator(text: str):
    for scheme, pattern in ENUMERATORS:
        match = pattern.match(text)
        if match:
            return scheme, match
    return None


def looks_like_heading(phrase: str, *, max_words: int = 8) -> bool:
    """A short phrase with no rule word: "Exigent circumstances", "Put the public first"."""
    words = phrase.split()
    if not words or len(words) > max_words:
        return False
    if not (phrase[0].isupper() or phrase[0].isdigit()):
        return False
    return not any(w.lower().strip(",;:") in _RULE_WORDS for w in words)


def is_table_header(text: str) -> bool:
    """Whether the text holds a table's header row with the rule under it ("| Service | Fee |"
    then "|---|---|")."""
    lines = text.splitlines()
    return any(TABLE_ROW.match(row) and TABLE_RULE.match(rule) for row, rule in zip(lines, lines[1:]))
