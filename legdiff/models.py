"""The data types every stage passes to the next: frozen dataclasses and StrEnum kinds.

JSON is produced from these in one place (legdiff.serialize); no dicts cross stage boundaries.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """What a document is to the comparison."""

    ORDINANCE = "ordinance"
    PRACTICE = "practice"
    ORDER = "order"
    CONCERNS = "concerns"
    OLD = "old"
    NEW = "new"
    DOCUMENT = "document"


class Kind(StrEnum):
    """What a provision is in its document's structure."""

    FRONT = "front"  # title block, memo header, salutation
    BACK = "back"  # signature block, attestation, closing
    HEADING = "heading"  # a heading with no text of its own
    ARTICLE = "article"  # article, title, chapter, part, subtitle
    SECTION = "section"
    SUBSECTION = "subsection"  # (a)
    PARAGRAPH = "paragraph"  # (1)
    SUBPARAGRAPH = "subparagraph"  # (A)
    CLAUSE = "clause"  # (i)
    SUBCLAUSE = "subclause"  # (I)
    ITEM = "item"  # numbered step, "1.", "5.3.2.1", "Step 1:"
    BULLET = "bullet"
    BLOCK = "block"  # an unnumbered paragraph of prose
    LEAD = "lead"  # the words of a provision before its first child
    SENTENCE = "sentence"
    RECITAL = "recital"  # WHEREAS ...
    ENACTING = "enacting"  # BE IT ORDAINED / NOW, THEREFORE ... order:


#: Kinds whose text is never substance to align (they are still accounted for).
NON_SUBSTANTIVE = frozenset({Kind.FRONT, Kind.BACK, Kind.HEADING, Kind.ENACTING})


class Status(StrEnum):
    """The finding for one provision. The vocabulary is fixed: other tools depend on it."""

    CODIFIED = "codified"
    NEW = "new"
    COVERED = "covered"
    MISSING = "missing"
    # draft against draft
    UNCHANGED = "unchanged"
    AMENDED = "amended"
    DELETED = "deleted"
    ADDED = "added"


class Relation(StrEnum):
    """How the substance of an aligned pair compares."""

    SAME = "same"  # same substance
    PARTIAL = "partial"  # covers part of the other, or jointly with others
    CONFLICT = "conflict"  # similar words, different substance (not counted as coverage)


class Change(StrEnum):
    """A difference of substance between two aligned provisions."""

    NEGATION = "negation"
    MODALITY = "modality"
    EXCEPTION = "exception"
    SCOPE = "scope"
    NUMBER = "number"


class Grade(StrEnum):
    TRIVIAL = "trivial"
    SUBSTANTIVE = "substantive"


@dataclass(frozen=True, slots=True, eq=False)
class Document:
    """One input file: the text as decoded, the text segmentation reads, and a map between them.

    ``offsets[i]`` is the index in ``source`` of ``text[i]`` (``offsets`` has one extra entry for
    the end). ``offsets`` is None when ``text`` is ``source``.
    """

    id: str
    role: Role
    path: str
    title: str
    source: str
    text: str
    format: str = "text"
    offsets: array | None = None
    outline: tuple[OutlineMark, ...] = ()

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is None:
            return start, end
        return self.offsets[start], self.offsets[end]


@dataclass(frozen=True, slots=True)
class OutlineMark:
    """A structural unit a reader took from markup (XML num/heading), at a line of ``text``."""

    start: int  # offset in Document.text of the line the unit begins on
    depth: int
    label: str  # "(a)", "§ 1-601.01", "Sec. 4"; "" for prose or notes at that depth
    kind: Kind
    heading_end: int = -1  # offset in Document.text where the unit's heading ends, if it has one


@dataclass(frozen=True, slots=True)
class Provision:
    """A unit of a document's structure, with a span into Document.text."""

    id: str
    doc: str
    kind: Kind
    citation: str
    heading: str
    text: str  # the whole span, children included
    start: int
    end: int
    parent: str | None
    children: tuple[str, ...] = ()
    label: str = ""  # its own number, "(b)", "Sec. 28-252."
    body: str = ""  # the words that carry its substance: no number, no heading

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def is_substantive(self) -> bool:
        # a body without a letter ("3.\u2014" before "(1)") states nothing
        return self.kind not in NON_SUBSTANTIVE and any(c.isalpha() for c in self.body)


@dataclass(frozen=True, slots=True)
class Segmented:
    """A document and its provisions, in document order (parents before children)."""

    document: Document
    provisions: tuple[Provision, ...]

    def leaves(self) -> tuple[Provision, ...]:
        return tuple(p for p in self.provisions if p.is_leaf)


@dataclass(frozen=True, slots=True)
class Difference:
    """One way the substance of two aligned provisions differs."""

    change: Change
    detail: str  # "shall -> shall not", "exception added: unless a judicial warrant"
    decisive: bool = True  # whether it makes the two different rules ("shall debar" / "may
    #                        debar"), or is only worth a reader's note ("shall state" / "may ask")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why two provisions were aligned: which signals matched, and how they differ."""

    semantic: float
    lexical: float
    shared_terms: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()
    differences: tuple[Difference, ...] = ()


@dataclass(frozen=True, slots=True)
class Alignment:
    a: str  # provision id (ordinance, or old draft)
    b: str  # provision id (other document, or new draft)
    score: float
    relation: Relation
    evidence: Evidence
    flags: tuple[str, ...] = ()  # draft diff: moved, renumbered, split, merged
    grade: Grade | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NearMiss:
    provision: str
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class Finding:
    """The status of one provision and what it rests on."""

    provision: str
    status: Status
    counterparts: tuple[str, ...] = ()
    partial: bool = False
    near_misses: tuple[NearMiss, ...] = ()


@dataclass(frozen=True, slots=True)
class Segment:
    """One run of a word-level redline: equal, insert or delete."""

    op: str  # "equal" | "insert" | "delete"
    text: str


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a renderer needs for a report or a draft diff."""

    schema: str
    documents: tuple[Segmented, ...]
    alignments: tuple[Alignment, ...]
    findings: tuple[Finding, ...]
    conflicts: tuple[Alignment, ...] = ()
    redlines: dict[tuple[str, str], tuple[Segment, ...]] = field(default_factory=dict)
    title: str = ""
    warnings: tuple[str, ...] = ()
    model: str = ""
