"""XML reader: DC Code and DC law XML, USLM bills and public laws, and Akoma Ntoso.

The file is parsed with defusedxml: an entity declaration (billion laughs, an external entity)
or a reference to an outside file is refused, never expanded or fetched. The parse keeps where
each piece of text sits in the source, then a walk lays the body out one unit per line: the unit's
number (its label), its heading, its own words, then its sub-units on lines of their own.
"""

from __future__ import annotations

import html.entities
import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from legdiff.errors import InputError
from legdiff.models import Kind, OutlineMark
from legdiff.readers.labels import (DIVISION_WORDS, division_label, enumerator_kind, level_label,
                                    section_label)
from legdiff.readers.layout import Layout

#: Elements that hold no text of the body: metadata (USLM and DC <meta>, Akoma Ntoso <meta>),
#: tables of contents that repeat the headings, Statutes at Large page numbers and margin notes
#: (the public laws in us-bills-uslm/enrolled-vs-public-law), GPO's end-of-bill glyph.
SKIPPED = frozenset({"meta", "toc", "sidenote", "page", "endMarker", "tocItem", "metadata",
                     "pagebreak"})
#: Namespaces of machine instructions: DC's codify:* (how the codifier applies an act) and XInclude.
SKIPPED_SPACES = frozenset({"https://code.dccouncil.us/schemas/codify",
                            "http://www.w3.org/2001/XInclude"})
#: Numbered units. DC uses <container><prefix>TITLE</prefix> and <para>; USLM and Akoma Ntoso
#: name the level. Lower levels named here get that kind; <para>, <level>, <point> are told by
#: their number ("(a)" subsection, "(1)" paragraph ...). USLM <appropriations> paragraphs of
#: appropriations bills (H.R. 2157) have no number: each is laid out as a block of prose.
LOWER_KINDS = {"subsection": Kind.SUBSECTION, "paragraph": Kind.PARAGRAPH,
               "subparagraph": Kind.SUBPARAGRAPH, "clause": Kind.CLAUSE,
               "subclause": Kind.SUBCLAUSE, "item": Kind.ITEM, "subitem": Kind.ITEM,
               "subsubitem": Kind.ITEM}
LEVELS = frozenset({"section", "container", "para", "level", "point", "alinea", "indent",
                    "appropriations", *DIVISION_WORDS, *LOWER_KINDS})
#: Quoted matter: text an amending act inserts (DC <include>, USLM <quotedContent>, Akoma Ntoso
#: <quotedStructure>). Its units are laid out as prose, one block each: they are not units of
#: the act that quotes them, and their numbers would make wrong citations.
QUOTED = frozenset({"include", "quotedContent", "quotedStructure", "embeddedStructure",
                    "quoted-block"})
#: Elements inside a line of text. Any other element is a block and begins a line.
INLINE = frozenset({
    "i", "b", "u", "em", "strong", "sup", "sub", "span", "inline", "ref", "cite", "code-cite",
    "term", "quotedText", "date", "proviso", "amendingAction", "shortTitle", "headingText", "a",
    "committee", "sponsor", "cosponsor", "addedText", "deletedText", "del", "ins",
    "notation", "actionDescription", "aftertext", "def", "abbr", "entity", "marker", "fillIn",
    "checkBox", "mod", "mref", "rref", "docDate", "docProponent", "docStatus", "person",
    "organization", "location", "omission", "signatureName", "name", "role",
    # GPO's bill DTD
    "quote", "external-xref", "internal-xref", "italic", "bold", "act-name", "short-title",
    "enum-in-header", "header-in-text",
})
#: What a unit's number and heading are called: USLM, DC and Akoma Ntoso <num> and <heading>;
#: GPO's bill DTD (the XML of bills on govinfo.gov before USLM) <enum> and <header>.
NUM_NAMES = ("num", "enum")
HEADING_NAMES = ("heading", "header")
#: Inline fields written without a space between them: USLM <action> has
#: "<date>February 14, 2019</date><actionDescription>Received; ...", a <signature> has
#: "<notation>Attest:</notation><name>KAREN L. HAAS,</name><role>Clerk</role>".
SPACED = frozenset({"actionDescription", "name", "role"})
CELLS = frozenset({"td", "th"})
#: Notes after a unit or a whole bill, each laid out as one unnumbered back unit: DC Code
#: history and editor's notes, signatures, attestations, the legislative history of a law.
OUTSIDE = {"annotations": Kind.BACK, "signatures": Kind.BACK, "attestation": Kind.BACK,
           "endorsement": Kind.BACK, "legislativeHistory": Kind.BACK}
#: Named character references a GPO bill DTD defines (&mdash;, &nbsp;): decoded from this table
#: when a file declares such a DTD, which is never read.
_NAMED = {name: chr(code) for name, code in html.entities.name2codepoint.items()}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(slots=True, eq=False)
class Element:
    name: str  # local name, without the namespace
    space: str
    attrib: dict[str, str]
    start: int  # source index of the start tag
    end: int = 0  # source index of the end tag
    children: list[Element | Chars] = field(default_factory=list)


@dataclass(slots=True)
class Chars:
    text: str
    start: int
    verbatim: bool  # text == source[start:start + len(text)]; else decoded from source[start:end]
    end: int


def read_xml(source: str, path: str) -> tuple[str, array, tuple[OutlineMark, ...], str]:
    root = parse(source, path)
    layout = Layout()
    _Walker(layout).node(root)
    text, offsets, outline = layout.finish()
    return text, offsets, outline, title_of(root)


def parse(source: str, path: str) -> Element:
    """The element tree of ``source`` with source positions; InputError when it cannot be read."""
    builder = _TreeBuilder(source)
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    parser.parser.buffer_text = False  # one callback per run of text, so each has its position
    parser.entity.update(_NAMED)
    builder.expat = parser.parser
    try:
        parser.feed(source)
        root = parser.close()
    except DefusedXmlException as error:
        raise InputError(f"{path}: the XML declares entities or refers to outside files "
                         f"({type(error).__name__}), which legdiff never expands or fetches; "
                         "remove the <!DOCTYPE ...> and <!ENTITY ...> declarations") from error
    except ParseError as error:
        raise InputError(f"{path}: is not well-formed XML ({error}); fix the markup there, or "
                         "give the document as a .txt file") from error
    if root is None:
        raise InputError(f"{path}: has no XML elements; check that it is the right file")
    return root


class _CharIndex:
    """The source index of an expat byte index (expat counts UTF-8 bytes, str counts characters)."""

    def __init__(self, source: str) -> None:
        self.starts: list[int] = []  # byte index of each non-ASCII character
        self.extra: list[int] = []  # bytes beyond one, used by it and those before it
        extra = 0
        for match in _NON_ASCII.finditer(source):
            self.starts.append(match.start() + extra)
            extra += len(match.group().encode("utf-8", "surrogatepass")) - 1
            self.extra.append(extra)

    def __call__(self, byte: int) -> int:
        before = bisect_left(self.starts, byte)
        return byte - (self.extra[before - 1] if before else 0)


class _TreeBuilder:
    """The parser's target: builds Elements and Chars, asking expat where each event is."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.index = _CharIndex(source)
        self.expat = None
        self.root: Element | None = None
        self.stack: list[Element] = []

    def _here(self) -> int:
        return self.index(self.expat.CurrentByteIndex)

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        space, _, name = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
        element = Element(name, space, attrib, self._here())
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def end(self, tag: str) -> None:
        self.stack.pop().end = self._here()

    def data(self, text: str) -> None:
        if not self.stack:
            return
        at = self._here()
        siblings = self.stack[-1].children
        if self.source.startswith(text, at):
            last = siblings[-1] if siblings else None
            if isinstance(last, Chars) and last.verbatim and last.end == at:  # expat splits lines
                last.text, last.end = last.text + text, at + len(text)
            else:
                siblings.append(Chars(text, at, True, at + len(text)))
            return
        semicolon = self.source.find(";", at) if self.source.startswith("&", at) else -1
        siblings.append(Chars(text, at, False, semicolon + 1 if semicolon > 0 else at + 1))

    def close(self) -> Element | None:
        return self.root


@dataclass(slots=True)
class _Head:
    """What a numbered unit's line begins with."""

    label: str
    kind: Kind
    written: str
    start: int
    end: int
    parts: tuple[Element, ...]  # the elements the label was made from


def _head(element: Element, parent: Kind | None) -> _Head | None:
    num = first_child(element, *NUM_NAMES)
    if num is None or num.attrib.get("undesignated") == "true":
        return None
    written, start = text_and_start(num)
    value = num.attrib.get("value", "")
    name = element.name
    prefix = first_child(element, "prefix") if name == "container" else None
    if name == "section":
        label, kind = section_label(written, value), Kind.SECTION
    elif name == "article":
        label, kind = division_label(name, written, value), Kind.SECTION
    elif prefix is not None:
        label, kind = division_label(text_of(prefix).strip(), written), Kind.ARTICLE
        written, start = text_and_start(prefix)
    elif name in DIVISION_WORDS:
        label, kind = division_label(name, written, value), Kind.ARTICLE
    else:
        label = level_label(written)
        kind = LOWER_KINDS.get(name) or enumerator_kind(label, parent)
    if not label:
        return None
    return _Head(label, kind, written, start, num.end, (num,) if prefix is None else (num, prefix))


class _Walker:
    """Lays out an element tree: blocks begin lines, units begin marked lines."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.depth = 0  # depth of the nearest numbered unit around
        self.last_depth = 0  # depth of the last unit marked
        self.parent: Kind | None = None
        self.in_unit = False  # the words go on with the open unit's own text
        self.quoted = False  # numbered units are laid out as prose (quoted, or in a recital)
        self.in_back = False
        self.in_recital = False
        self.closing = False  # the body has ended: what follows is one back unit

    def children(self, element: Element, skip: tuple[Element, ...] = ()) -> None:
        siblings = element.children
        for i, child in enumerate(siblings):
            if isinstance(child, Chars):
                if child.text.isspace() and _beside_block(siblings, i):
                    continue  # indentation between blocks
            elif any(child is part for part in skip):
                continue
            self.node(child)

    def node(self, child: Element | Chars) -> None:
        if isinstance(child, Chars):
            self.layout.write(child.text, child.start, verbatim=child.verbatim, end=child.end)
            return
        name = child.name
        if name in SKIPPED or child.space in SKIPPED_SPACES or child.attrib.get("display") == "no":
            return
        if name in LEVELS:
            self.level(child)
        elif name in QUOTED:
            self.quote(child)
        elif _outside_kind(child) and not self.in_back:
            self.outside(child, _outside_kind(child))
        elif name == "recital":
            self.recital(child)
        elif name == "br":
            self.layout.space(child.start)
        elif name in CELLS:
            self.layout.separate("\t", child.start)
            self.children(child)
        elif name in INLINE:
            if name in SPACED:
                self.layout.space(child.start)
            self.children(child)
        else:
            self.block(child)

    def open_prose(self, kind: Kind = Kind.BLOCK, *, own: bool = False) -> None:
        """Begin a line of prose: the ``own`` words of the open unit go on its block; other
        prose begins a block. After the sub-units of the open unit, an unnumbered mark puts the
        block back at their level (else the segmenter would hang it on the deepest of them)."""
        if self.layout.held:
            return
        if own and self.in_unit or self.closing and not self.depth:
            self.layout.end_line()
        elif self.last_depth > self.depth or kind == Kind.BACK:
            kind = kind if self.depth else Kind.BACK  # after the body: approval, attestation
            self.closing = self.in_unit = not self.depth
            self.last_depth = self.depth + 1
            self.layout.mark_prose(self.last_depth, kind)
        else:
            self.layout.end_line(blank=True)

    def block(self, element: Element) -> None:
        self.open_prose(own=True)
        self.children(element)
        self.layout.end_line(blank=not self.in_unit)

    def outside(self, element: Element, kind: Kind) -> None:
        """Notes after a unit or a bill: one unnumbered unit of ``kind``."""
        self.open_prose(kind)
        self.in_unit = self.in_back = True
        self.children(element)
        self.in_unit, self.in_back = self.closing, False

    def recital(self, element: Element) -> None:
        """A recital is one block, even one that lists numbered items (S.Con.Res. 13)."""
        self.open_prose(own=True)
        saved = self.in_unit, self.quoted
        self.in_unit = self.quoted = self.in_recital = True
        self.children(element)
        (self.in_unit, self.quoted), self.in_recital = saved, False
        self.layout.end_line(blank=not self.in_unit)

    def quote(self, element: Element) -> None:
        """Quoted matter goes on from the words before it; its units begin blocks."""
        self.in_unit, quoted = False, self.quoted
        self.quoted = True
        self.children(element)
        self.quoted = quoted
        self.layout.rejoin()  # the words after a quotation ("; and", ".") end its last line

    def level(self, element: Element) -> None:
        head = None if self.quoted else _head(element, self.parent)
        if head is None:
            self.prose_level(element)
            return
        depth = self.last_depth = self.depth + 1
        heading = first_child(element, *HEADING_NAMES)
        if heading is not None and heading.start < head.start:  # "(rescissions)" before "Sec. 573."
            head.written, head.start = "", text_and_start(heading)[1]
            head.end = head.start
        self.layout.mark(depth, head.label, head.kind, head.written, head.start, head.end)
        saved = self.depth, self.parent
        self.depth, self.parent, self.in_unit = depth, head.kind, True
        self.body(element, head.parts)
        self.depth, self.parent = saved
        self.in_unit = False

    def prose_level(self, element: Element) -> None:
        """A unit laid out as prose: quoted, in a recital, or without a number."""
        self.open_prose(own=self.in_recital)
        self.in_unit = True
        parts = tuple(p for p in (first_child(element, "prefix"), first_child(element, *NUM_NAMES))
                      if p is not None)
        for part in parts:
            if part.attrib.get("undesignated") != "true":
                self.children(part)
                self.layout.space(part.end)
        self.body(element, parts)
        self.in_unit = self.in_recital

    def body(self, element: Element, parts: tuple[Element, ...]) -> None:
        """A unit's heading ends its first line; its first words join that line."""
        heading = first_child(element, *HEADING_NAMES)
        self.layout.hold()
        if heading is not None:
            self.children(heading)
            self.layout.end_heading()
            self.layout.end_line()
        self.children(element, parts if heading is None else (*parts, heading))
        self.layout.release()


def _outside_kind(element: Element) -> Kind | None:
    if element.attrib.get("role") == "endorsement":  # older USLM: <block role="endorsement">
        return Kind.BACK
    return OUTSIDE.get(element.name)


def _beside_block(siblings: list[Element | Chars], i: int) -> bool:
    for j in (i - 1, i + 1):
        if 0 <= j < len(siblings) and isinstance(siblings[j], Element):
            if siblings[j].name not in INLINE or siblings[j].name == "aftertext":
                return True
    return False


def first_child(element: Element, *names: str) -> Element | None:
    for child in element.children:
        if isinstance(child, Element) and child.name in names:
            return child
    return None


def text_of(element: Element) -> str:
    return "".join(c.text if isinstance(c, Chars) else text_of(c) for c in element.children)


def text_and_start(element: Element) -> tuple[str, int]:
    """The element's text, stripped, and the source index of its first character."""
    text = text_of(element)
    first = _first_chars(element)
    if first is None:
        return text.strip(), element.start
    lead = len(first.text) - len(first.text.lstrip())
    return text.strip(), first.start + (lead if first.verbatim else 0)


def _first_chars(element: Element) -> Chars | None:
    for child in element.children:
        found = child if isinstance(child, Chars) and child.text.strip() else None
        if isinstance(child, Element):
            found = _first_chars(child)
        if found is not None:
            return found
    return None


def title_of(root: Element) -> str:
    """A code section's number and heading; an act's or bill's short title, else its long one."""
    if root.name == "section":
        head = _head(root, None)
        heading = first_child(root, *HEADING_NAMES)
        parts = [f"{head.label}." if head else "", text_of(heading) if heading is not None else ""]
        return " ".join(" ".join(p.split()) for p in parts if p)
    for name, kind in (("heading", "short"), ("shortTitle", None), ("short-title", None),
                       ("officialTitle", None), ("official-title", None), ("docTitle", None)):
        found = _find(root, name, kind)
        if found is not None and text_of(found).strip():
            return " ".join(text_of(found).split()).strip("\u201c\u201d\"")
    return ""


def _find(element: Element, name: str, kind: str | None) -> Element | None:
    """The first element ``name`` (of ``type`` ``kind``) outside metadata and quoted matter."""
    for child in element.children:
        if not isinstance(child, Element) or child.name in QUOTED or child.name in SKIPPED:
            continue
        if child.name == name and (kind is None or child.attrib.get("type") == kind):
            return child
        found = _find(child, name, kind)
        if found is not None:
            return found
    return None
