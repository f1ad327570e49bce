"""Segmentation: a document's text becomes a tree of provisions with spans and citations.

Lines are classified (numbering.py says what starts a line), grouped into blocks, and nested
with a stack: a division closes divisions of its rank and below; an enumerator of a scheme already
open is a sibling, of a new scheme a child. Every non-white-space character of the text ends up
in exactly one leaf: a node's own words before its first child become a "lead" (or "heading")
leaf, and a leaf of several sentences is split into sentence leaves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from legdiff import nlp, numbering
from legdiff.models import Document, Kind, Provision, Segmented
from legdiff.numbering import Marker

_PROSE_END = re.compile(r"[.:;?!\"'\u201d)]\s*$")
_SENTENCE_BREAK = re.compile(r"[.?!][\"'\u201d)\]]*\s+[A-Z(\u00a7\"\u201c]")
_CONNECTOR_END = re.compile(r"\b(?:and|or|the|of|to|a|an|in|for|by|with|that|which|nor)$", re.I)
_SLUG = re.compile(r"[^a-z0-9]+")

_PAREN_KINDS = {
    "lower-paren": Kind.SUBSECTION,
    "digit-paren": Kind.PARAGRAPH,
    "upper-paren": Kind.SUBPARAGRAPH,
    "roman-paren": Kind.CLAUSE,
    "upper-roman-paren": Kind.SUBCLAUSE,
}
_TOP_ITEM_FORMS = {"digit-dot": "para. {}", "digit-close": "para. {}", "upper-dot": "Part {}",
                   "upper-roman-dot": "Part {}", "step": "Step {}"}


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str  # without a printed line number, where the document has them
    blank_before: bool
    skip: int = 0  # length of the line number before ``text``


@dataclass(slots=True, eq=False)
class _Node:
    kind: Kind
    marker: Marker | None
    start: int
    end: int  # end of its own block (children extend the span)
    rank: int | None = None
    scheme: str = ""
    closed: bool = False  # takes no children (recitals, prose blocks)
    titled: bool = False  # an item whose line is only a heading ("5.3.1 PURPOSE"): holds prose
    heading_end: int = -1  # where a heading a reader marked ends
    after: int = -1  # where its number (marker) ends
    children: list[_Node] = field(default_factory=list)


def segment(document: Document) -> Segmented:
    """Split ``document`` into provisions; leaves cover every non-white-space character once."""
    lines = _lines(document.text)
    body_start, body_end, annex = _body_bounds(lines, {mark.start for mark in document.outline})
    roots: list[_Node] = []
    if body_start > 0:
        roots.append(_Node(Kind.FRONT, None, lines[0].start, lines[body_start - 1].end, closed=True))
    roots.extend(_build_tree(document, lines[body_start:body_end]))
    if body_end < annex:
        roots.append(_Node(Kind.BACK, None, lines[body_end].start, lines[annex - 1].end, closed=True))
    if annex < len(lines):  # a schedule after the signatures: "SCHEDULE A – FEES"
        roots.extend(_build_tree(document, lines[annex:]))
    return Segmented(document, tuple(_Emitter(document).emit(roots)))


def lead_ins(segmented: Segmented) -> dict[str, str]:
    """The words each provision puts before its children, by provision id, where they lead into
    them. Words under a chapter's or article's title lead in only as a lead-in does ("The
    following rules apply:"); otherwise they are a preamble or a revision note ("Revision 7,
    issued August 2022"), which is not what each section says."""
    kinds = {p.id: p.kind for p in segmented.provisions}
    return {p.parent: p.body for p in segmented.provisions if p.kind == Kind.LEAD and
            (kinds[p.parent] != Kind.ARTICLE or numbering.LEAD_IN.search(p.body))}


_TITLE_LINE = re.compile(r"^(?:SUBJECT|Subject|RE|Re|SUBJ)\s*:\s*(.+)$|"
                         r"^((?:AN? |THE )?(?:ORDINANCE|EXECUTIVE ORDER|COUNCIL BILL|BILL|GENERAL ORDER|"
                         r"RESOLUTION|OPERATIONS BULLETIN|BULLETIN|MEMORANDUM|DIRECTIVE)\b.*)$", re.I)


def title_of(text: str) -> str:
    """What a reader would call the document: its subject line, its "ORDINANCE NO." line, or
    else its first line."""
    lines = [line.strip().lstrip("#").strip() for line in text.splitlines()[:40]]
    lines = [line for line in lines if line]
    for line in lines:
        match = _TITLE_LINE.match(line)
        if match and line.upper() != "MEMORANDUM":
            return (match.group(1) or match.group(2)).strip()[:200]
    return lines[0][:200] if lines else ""


def _lines(text: str) -> list[_Line]:
    lines = []
    blank = True
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = position + (len(raw) - len(raw.lstrip()))
            lines.append(_Line(start, start + len(stripped), stripped, blank))
            blank = False
        else:
            blank = True
        position += len(raw) + 1
    return _without_line_numbers(lines)


_LINE_NUMBER = re.compile(r"^\d{1,3}\s+(?=\S)")


def _without_line_numbers(lines: list[_Line]) -> list[_Line]:
    """Bills printed with numbered lines (Maryland, Congress) keep the numbers in their text;
    read each line without its number when most lines have one."""
    numbered = sum(1 for line in lines if _LINE_NUMBER.match(line.text))
    if numbered < 20 or numbered * 2 < len(lines):
        return lines
    result = []
    for line in lines:
        match = _LINE_NUMBER.match(line.text)
        skip = match.end() if match else 0
        result.append(_Line(line.start, line.end, line.text[skip:], line.blank_before, skip))
    return result


def _body_bounds(lines: list[_Line], marks: set[int]) -> tuple[int, int, int]:
    """Index of the first body line, of the first back-matter line, and of the schedule after
    the back matter where one follows the signatures ("SCHEDULE A \u2013 FEES"). Where a reader
    marked the structure, the body starts at the first mark or enacting clause. Back matter
    starts at a signature-block line after the last numbered line ("Adopted by the Board ..."
    under a rules chapter's title is not one): an enrolled bill's proofreader lines come first."""
    start = 0
    formal = not marks and any(numbering.ENACTING.match(line.text) for line in lines)
    for i, line in enumerate(lines):
        if _starts_formal_body(line, marks) if marks or formal else _starts_body(line.text):
            start = i
            break
    else:
        return 0, len(lines), len(lines)
    # schedules after the signatures ("ENACTED ... / SCHEDULE A"): the signatures end the body
    signed = next((i for i in range(start, len(lines)) if numbering.BACK_MATTER.match(lines[i].text)), None)
    last_division = max((i for i in range(start, _annex_after(lines, signed))
                         if numbering.division_marker(lines[i].text) is not None or
                         numbering.enumerator_markers(lines[i].text)), default=start)
    for i in range(max(start, last_division) + 1, len(lines)):
        if numbering.BACK_MATTER.match(lines[i].text):
            return start, i, _annex_after(lines, i)
    return start, len(lines), len(lines)


def _annex_after(lines: list[_Line], start: int | None) -> int:
    """The first schedule heading at or after ``start`` (none when ``start`` is None)."""
    if start is None:
        return len(lines)
    return next((i for i in range(start, len(lines)) if numbering.ANNEX.match(lines[i].text)), len(lines))


def _starts_formal_body(line: _Line, marks: set[int]) -> bool:
    """In an ordinance, act or order (it has an enacting clause) or a marked-up document, the
    body starts at the first recital, enacting clause, division or mark: the long title before
    them ("A BILL FOR AN ORDINANCE amending ...") is the title block."""
    text = line.text
    if numbering.ENACTING.match(text) or numbering.RECITAL.match(text):
        return True
    return line.start in marks if marks else numbering.division_marker(text) is not None


def _starts_body(text: str) -> bool:
    if numbering.HEADER_FIELD.match(text) or numbering.SALUTATION.match(text):
        return False
    if _marker_of(text) is not None:
        return True
    if numbering.RECITAL.match(text) or numbering.ENACTING.match(text):
        return True
    return len(text.split()) >= 6 and bool(_PROSE_END.search(text)) and not text.isupper()


def _marker_of(text: str) -> Marker | None:
    division = numbering.division_marker(text)
    if division is not None:
        return division
    markers = numbering.enumerator_markers(text)
    if markers:
        return markers[0]
    bullet = numbering.BULLET.match(text)
    if bullet:
        return Marker(Kind.BULLET, f"bullet:{bullet.group(1)}", bullet.group(1), "", bullet.end())
    heading = numbering.MARKDOWN_HEADING.match(text)
    if heading:
        level = len(heading.group(1))
        return Marker(Kind.HEADING, f"rank:{level}", heading.group(1), "", heading.end(), level)
    return None


def _is_plain_heading(line: _Line, following: _Line | None) -> bool:
    text = line.text.strip("*_ ")
    if numbering.SALUTATION.match(text) or numbering.HEADER_FIELD.match(text):
        return False
    if not text or len(text.split()) > 10 or _PROSE_END.search(text) and not text.isupper():
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    if following is None or following.blank_before:
        return True
    if numbering.FIELD.match(line.text) and numbering.FIELD.match(following.text):
        return False  # the first field of a field list
    if _CONNECTOR_END.search(text):
        return False
    return following.text[:1].isupper() or _marker_of(following.text) is not None


class _TreeBuilder:
    """Nests the body's lines into nodes."""

    def __init__(self, document: Document) -> None:
        self.roots: list[_Node] = []
        self.stack: list[_Node] = []
        self.outline = {mark.start: mark for mark in document.outline}
        self.capitals = bool(numbering.CAPITALS_ADDED.search(document.text))
        self.asked = False  # the line before was a question ("Q. Is there a fee?")

    def add(self, node: _Node) -> None:
        parent = self.stack[-1] if self.stack else None
        (parent.children if parent else self.roots).append(node)
        if not node.closed:
            self.stack.append(node)

    def pop_for_rank(self, rank: int) -> None:
        while self.stack and (self.stack[-1].rank is None or self.stack[-1].rank >= rank):
            self.stack.pop()

    def pop_for_scheme(self, scheme: str) -> None:
        """Close the open node of ``scheme`` and everything below it, if one is open."""
        if any(node.scheme == scheme for node in self.stack):
            while self.stack:
                if self.stack.pop().scheme == scheme:
                    return

    def open_number(self, marker: Marker) -> _Node | None:
        """The open node numbered as ``marker`` in its scheme, made the innermost open node."""
        for depth in range(len(self.stack) - 1, -1, -1):
            node = self.stack[depth]
            if node.scheme == marker.scheme and node.marker is not None and node.marker.value == marker.value:
                del self.stack[depth + 1:]
                return node
        return None

    def pop_bullets(self) -> None:
        while self.stack and self.stack[-1].kind == Kind.BULLET:
            self.stack.pop()

    def pop_to_container(self) -> None:
        """Close open items until the top can hold an unnumbered block."""
        while self.stack and not _is_container(self.stack[-1]):
            self.stack.pop()

    def resolve_scheme(self, marker: Marker) -> str:
        """Tell a roman numeral "(i)" or "II." from the letter after "(h)" or "H."."""
        if marker.scheme == "upper-dot" and not re.fullmatch(r"[IVX]+", marker.value):
            return marker.scheme  # "C." and "D." are letters in an outline
        if marker.scheme not in ("lower-paren", "upper-paren", "upper-dot") or not numbering.is_roman(marker.value):
            return marker.scheme
        roman = {"lower-paren": "roman-paren", "upper-paren": "upper-roman-paren",
                 "upper-dot": "upper-roman-dot"}[marker.scheme]
        letter_open = [n for n in self.stack if n.scheme == marker.scheme]
        if letter_open:
            previous = letter_open[-1].marker.value
            if len(previous) == 1 and ord(marker.value[0]) == ord(previous[-1]) + 1 and len(marker.value) == 1:
                return marker.scheme
        if any(n.scheme == roman for n in self.stack) or marker.value.lower() == "i":
            return roman
        return marker.scheme if letter_open or len(marker.value) == 1 else roman


def _is_container(node: _Node) -> bool:
    return node.rank is not None or node.kind == Kind.HEADING or node.titled


def _build_tree(document: Document, lines: list[_Line]) -> list[_Node]:
    builder = _TreeBuilder(document)
    current: _Node | None = None  # the node whose block the next plain line may continue
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        node = _open_node(builder, document, line, following)
        if node is None and current is not None and _continues(document.text, current, line):
            current.end = line.end
            continue
        if node is None:
            builder.pop_to_container()
            node = _Node(Kind.BLOCK, None, line.start, line.end, closed=True)
            builder.add(node)
        current = None if node.kind == Kind.HEADING and node.rank == numbering.HEADING_RANK else node
    return builder.roots


def _open_node(builder: _TreeBuilder, document: Document, line: _Line,
               following: _Line | None) -> _Node | None:
    """The node a line starts, added to the tree; None for a plain line."""
    mark = builder.outline.get(line.start)
    if mark is not None:
        marker = Marker(mark.kind, f"depth:{mark.depth}", mark.label, mark.label, len(mark.label),
                        mark.depth, mark.label if mark.kind in (Kind.SECTION, Kind.ARTICLE) else "")
        node = _add_ranked(builder, marker, line, mark.kind)
        node.heading_end = mark.heading_end
        return node
    text = line.text
    if numbering.RECITAL.match(text) or numbering.ENACTING.match(text):
        kind = Kind.RECITAL if numbering.RECITAL.match(text) else Kind.ENACTING
        rank = 1 if builder.outline else numbering.SECTION_RANK  # outline depths start at 1
        builder.pop_for_rank(rank)
        rule = _RESOLVED_THAT.match(text) if kind == Kind.ENACTING else None
        cut = line.start + line.skip + rule.end() if rule else line.end
        node = _Node(kind, None, line.start, cut, rank, closed=True)
        builder.add(node)
        if rule:  # "BE IT RESOLVED by the Council that the Department shall not ...": a rule
            node = _Node(Kind.BLOCK, None, cut, line.end, closed=True)
            builder.add(node)
        return node
    if builder.outline:
        return None
    asked, builder.asked = builder.asked, bool(_QUESTION.match(text))
    if builder.asked or asked and _ANSWER.match(text):
        return None  # "Q. Is there a fee?" then "A. No." : a question and its answer, not Part Q, Part A
    marker = _marker_of(text)
    if marker is None:
        if line.blank_before and _is_plain_heading(line, following):
            marker = Marker(Kind.HEADING, f"rank:{numbering.HEADING_RANK}", "", "", 0,
                            numbering.HEADING_RANK)
            return _add_ranked(builder, marker, line, Kind.HEADING)
        return None
    if marker.rank is not None:
        node = _add_ranked(builder, marker, line, marker.kind)
        if marker.kind == Kind.SECTION:  # "§ 26-1302 Right to counsel. a. Subject to ..."
            return _open_inline_items(builder, line, marker.end) or node  # wrapped lines continue it
        return node
    if line.blank_before and marker.kind != Kind.BULLET:
        builder.pop_bullets()  # a numbered list after a bulleted one, past a blank line
    numbers = [marker] if marker.kind == Kind.BULLET else numbering.enumerator_markers(text)
    if builder.capitals:  # such bills number (a)(1)(i), never (A): "(VI) THE TELEPHONE NUMBER" is (vi)
        numbers = [_lowered(number) for number in numbers]
    return _open_items(builder, line, numbers, 0)


def _lowered(marker: Marker) -> Marker:
    """A paren label written in capitals with the new matter of an amending bill, as the law
    numbers it: "(A)" is (a), "(VI)" is (vi)."""
    if marker.scheme != "upper-paren":
        return marker
    return replace(marker, scheme="lower-paren", value=marker.value.lower())


#: A FAQ's question line ("Q. Is there a fee?") and the answer line after it ("A. No.").
_QUESTION = re.compile(r"^(?:Q|Question)[.:]\s.*\?\s*$")
_ANSWER = re.compile(r"^(?:A|Answer)[.:]\s")
#: An enacting or resolving clause that goes on to state a rule: the formula ends at its "that".
_RESOLVED_THAT = re.compile(r"^.{0,200}?\b(?:resolved|ordered|ordained|enacted)\b[^:;]{0,160}?,?\sthat\s+"
                            r"(?=[^:]*\b(?:shall|must|may|will)\b)"
                            r"(?![^:]*\b(?:amended|repealed|added|enacted|reenacted|as follows|to read|cited|"
                            r"this (?:act|ordinance|resolution|order|bill))\b)", re.I)  # not "That this act may be cited"


def _open_items(builder: _TreeBuilder, line: _Line, numbers: list[Marker], base: int) -> _Node | None:
    """Nodes for the enumerators of a line ("(a)(1)" opens two, outermost first); ``base`` is
    where in the line the first of them begins, after a section's number and title. Returns the
    innermost: a wrapped line continues it."""
    text = line.text
    last = None
    for n, number in enumerate(numbers):
        if n == 0 and len(numbers) > 1 and number.scheme == "digit-dot":
            restated = builder.open_number(number)  # "3.\u2014(1)" under the line "3. Operator permits"
            if restated is not None:
                last = restated
                continue
        scheme = builder.resolve_scheme(number)
        if last is not None and any(node.scheme == scheme for node in builder.stack):
            break  # "(A) (1) ..." under an open "(4)": the "(1)" is no level below "(A)"; text
        builder.pop_for_scheme(scheme)
        offset = base + _offset(text[base:], number)
        node = _Node(_PAREN_KINDS.get(scheme, number.kind), number,
                     line.start + (line.skip + offset if offset else 0), line.end, scheme=scheme,
                     titled=number.kind != Kind.BULLET and _is_title_only(text[base + number.end:]) and
                     not (builder.capitals and numbering.in_capitals(text)),  # new matter, not a title
                     after=line.start + line.skip + base + number.end)
        builder.add(node)
        last = node
    return last


def _open_inline_items(builder: _TreeBuilder, line: _Line, after_number: int) -> _Node | None:
    """A section whose first subsection follows its title on the same line, as in New York
    City's code ("§ 26-1306 Duties of landlords. a. A landlord who ..."): open the subsection."""
    rest = line.text[after_number:].lstrip()
    start = len(line.text) - len(rest)
    title, cut = _first_phrase(rest)
    if not title or not numbering.looks_like_heading(title) or cut >= len(rest):
        return None
    numbers = numbering.enumerator_markers(line.text[start + cut:])
    if numbers and not numbers[0].scheme.startswith("decimal"):
        return _open_items(builder, line, numbers, start + cut)
    return None


def _is_title_only(rest: str) -> bool:
    rest = rest.strip()
    if not rest or not numbering.looks_like_heading(rest, max_words=8):
        return False
    return rest.isupper() or not (_PROSE_END.search(rest) or _CONNECTOR_END.search(rest) or ";" in rest)


def _offset(text: str, marker: Marker) -> int:
    """Where an inner enumerator of "(a)(1)" begins: the outer one starts the line."""
    return 0 if marker.end == len(marker.label) or text.startswith(marker.label) else text.find(marker.label)


def _add_ranked(builder: _TreeBuilder, marker: Marker, line: _Line, kind: Kind) -> _Node:
    builder.pop_for_rank(marker.rank)
    node = _Node(kind, marker, line.start, line.end, marker.rank, scheme=marker.scheme,
                 after=line.start + line.skip + marker.end)
    builder.add(node)
    return node


def _continues(text: str, current: _Node, line: _Line) -> bool:
    """Whether a plain line continues the block above it (a wrapped line), or stands alone: a
    field after a field ("Term: three years" after "Vendor: Summit"), a table row after a row."""
    if line.blank_before:
        return False
    if numbering.FIELD.match(line.text) and numbering.FIELD.match(text, current.start):
        return False
    if numbering.TABLE_ROW.match(line.text) and numbering.TABLE_ROW.match(text, current.start):
        return bool(numbering.TABLE_RULE.match(line.text))  # the rule stays with its header
    return True


#: A line ending in a word that waits for its list is a lead-in, never a heading.
_LEAD_IN_END = re.compile(r"\b(?:that|to|of|which|who|whom|shall|must|may|will|following|include|"
                          r"includes|including|are|is|be|and|or|for|by|with|a|an|the|if|when|unless|"
                          r"until|whether)\s*[:\u2014-]\s*$", re.I)


class _Emitter:
    """Turns nodes into Provisions: spans, own-text leaves, sentence leaves, citations, ids."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self.used_ids: set[str] = set()
        self.top_items: set[str] = set()  # citations of top-level numbered items so far
        self.paragraphs = 0
        self.recitals = 0
        self.out: list[Provision] = []

    def emit(self, roots: list[_Node]) -> list[Provision]:
        for node in roots:
            self._emit(node, None, "")
        return self.out

    def _emit(self, node: _Node, parent: Provision | None, parent_cite: str) -> Provision:
        end = _span_end(node)
        citation = self._citation(node, parent, parent_cite)
        heading, body_start = self._heading(node)
        own_end = node.children[0].start if node.children else end
        slot = len(self.out)
        self.out.append(None)  # type: ignore[arg-type]  # parents precede children
        pid = self._new_id(citation or node.kind.value)
        own = self.text[node.start:own_end].strip()
        body = self.text[body_start:own_end].strip() if body_start < own_end else ""
        children: list[Provision] = []
        shell = Provision(pid, self.document.id, node.kind, citation, heading,
                          self.text[node.start:end], node.start, end,
                          parent.id if parent else None, (), _label(node), body)
        numbered_cite = citation if _is_numbered(node) else parent_cite
        if node.children:
            if own:
                children.append(self._own_leaf(shell, node, own_end, body))
            bullets = 0
            for child in node.children:
                if child.kind == Kind.BULLET and numbered_cite:
                    bullets += 1
                    child_cite = f"{numbered_cite}, bullet {bullets}"
                    children.append(self._emit(child, shell, child_cite))
                else:
                    children.append(self._emit(child, shell, numbered_cite))
        elif node.kind not in (Kind.FRONT, Kind.BACK):
            children.extend(self._sentences(shell, body_start, end))
        provision = Provision(pid, shell.doc, shell.kind, citation, heading, shell.text,
                              shell.start, shell.end, shell.parent,
                              tuple(c.id for c in children), shell.label, body)
        self.out[slot] = provision
        return provision

    def _own_leaf(self, shell: Provision, node: _Node, own_end: int, body: str) -> Provision:
        start = node.start
        end = start + len(self.text[start:own_end].rstrip())
        kind = Kind.LEAD if body and node.kind not in (Kind.FRONT, Kind.BACK) else Kind.HEADING
        leaf = Provision(self._new_id(f"{shell.citation or shell.kind.value} {kind.value}"),
                         shell.doc, kind, shell.citation, shell.heading, self.text[start:end],
                         start, end, shell.id, (), shell.label, body if kind == Kind.LEAD else "")
        self.out.append(leaf)
        return leaf

    def _sentences(self, shell: Provision, body_start: int, end: int) -> list[Provision]:
        body = self.text[body_start:end]
        if not _SENTENCE_BREAK.search(body):
            return []
        spans = nlp.sentence_spans(body)
        if len(spans) < 2:
            return []
        leaves = []
        for n, (s, e) in enumerate(spans, 1):
            start = shell.start if n == 1 else body_start + s
            stop = body_start + e
            citation = f"{shell.citation}, sentence {n}" if shell.citation else f"sentence {n}"
            leaf = Provision(self._new_id(citation), shell.doc, Kind.SENTENCE, citation,
                             shell.heading if n == 1 else "", self.text[start:stop], start, stop,
                             shell.id, (), "", body[s:e])
            self.out.append(leaf)
            leaves.append(leaf)
        return leaves

    def _citation(self, node: _Node, parent: Provision | None, parent_cite: str) -> str:
        marker = node.marker
        if marker is not None and not marker.label and node.scheme.startswith("depth:"):
            suffix = ", notes" if node.kind == Kind.BACK else ", closing text"
            return parent_cite + suffix if parent_cite else ("Back matter" if node.kind == Kind.BACK
                                                             else self._paragraph())
        if node.kind == Kind.FRONT:
            return "Front matter"
        if node.kind == Kind.BACK:
            return "Back matter"
        if node.kind == Kind.RECITAL:
            self.recitals += 1
            return f"Recital {self.recitals}"
        if node.kind == Kind.ENACTING:
            return "Enacting clause"
        if marker is not None and marker.citation:
            return marker.citation
        if marker is not None and marker.kind != Kind.BULLET and marker.value and marker.rank is None:
            if node.scheme.startswith("decimal"):
                return marker.value
            if parent_cite:
                return f"{parent_cite}({marker.value})"
            form = _TOP_ITEM_FORMS.get(node.scheme)
            citation = form.format(marker.value) if form else f"({marker.value})"
            if citation in self.top_items and parent is not None and parent.kind == Kind.HEADING:
                return f"{parent.citation}, {citation}"  # a second list under its own heading
            self.top_items.add(citation)
            return citation
        if marker is not None and node.scheme.startswith("depth:"):
            return f"{parent_cite}{marker.label}" if parent_cite else marker.label
        if parent_cite and node.kind == Kind.BULLET:
            return parent_cite
        return self._paragraph()

    def _paragraph(self) -> str:
        self.paragraphs += 1
        return f"\u00b6 {self.paragraphs}"

    def _heading(self, node: _Node) -> tuple[str, int]:
        """The node's heading and where its body begins."""
        marker = node.marker
        after = node.after if marker else node.start
        if node.kind in (Kind.FRONT, Kind.BACK, Kind.RECITAL, Kind.ENACTING, Kind.BLOCK):
            return "", node.start
        line_end = self.text.find("\n", after)
        line_end = node.end if line_end < 0 or line_end > node.end else line_end
        first_line = self.text[after:line_end].strip()
        rest_of_block = self.text[line_end:node.end].strip()
        if node.scheme.startswith("depth:"):
            if node.heading_end > after:
                return self.text[after:node.heading_end].strip(" .:\u2014-"), node.heading_end
            return "", after
        if node.kind == Kind.HEADING or node.titled and not rest_of_block:
            return first_line.strip("*_# ").rstrip(":"), line_end
        if node.rank is not None and not first_line and rest_of_block:
            # "CHAPTER 22.9" with its title on the next line: "FAIR CHANCE HIRING"
            next_end = self.text.find("\n", line_end + 1)
            next_end = node.end if next_end < 0 or next_end > node.end else next_end
            title = self.text[line_end:next_end].strip()
            if title and any(c.isalpha() for c in title) and len(title.split()) <= 12 and (
                    title.upper() == title or numbering.looks_like_heading(title.rstrip(".")) and
                    not _PROSE_END.search(title)):  # "FAIR CHANCE HIRING", "Snow and Ice Removal"
                return title.strip(". :\u2014-"), next_end
        piece, cut = _first_phrase(first_line)
        titled_sentence = bool(piece) and numbering.looks_like_heading(piece) and cut < len(first_line)
        lead_in = _LEAD_IN_END.search(first_line)  # "(b) Hold a pre-shift meeting that:"
        if node.rank is not None and (rest_of_block or node.children) and len(first_line.split()) <= 20 \
                and not titled_sentence and not lead_in:  # "Effective date. This ordinance takes ..."
            return first_line.strip(". :\u2014-"), line_end
        ends_lead_in = lead_in and not first_line[cut:].strip(" :\u2014-")
        step = node.kind == Kind.BULLET and cut >= len(first_line) and first_line.endswith(".")
        if piece and numbering.looks_like_heading(piece) and (cut < len(first_line) or node.children) \
                and not ends_lead_in and not step:  # "\u2022 Check the bed list." over its sub-steps
            offset = self.text.find(first_line, after)
            return piece, offset + cut
        return "", after

    def _new_id(self, citation: str) -> str:
        slug = _SLUG.sub("-", citation.lower().replace("\u00a7", "s").replace("\u00b6", "p")).strip("-")
        base = f"{self.document.id}:{slug or 'provision'}"
        candidate, n = base, 1
        while candidate in self.used_ids:
            n += 1
            candidate = f"{base}~{n}"
        self.used_ids.add(candidate)
        return candidate


def _first_phrase(line: str) -> tuple[str, int]:
    """"Exigent circumstances. The ..." -> ("Exigent circumstances", index of "The")."""
    match = re.match(r"([^.:;]{1,80}?)[.:\u2014][*_]*\s+(?=\S)", line)  # "*Title.* The ..." too
    if match and line[match.end(1)] == "." and nlp.ends_in_abbreviation(match.group(1)):
        return "", 0  # "2. Establish a payment plan in accordance with Sec. 14-73;" has no title
    if match:
        return match.group(1).strip().strip("*_").strip(), match.end()
    stripped = line.rstrip(".:\u2014 ")
    return (stripped, len(line)) if stripped else ("", 0)


def _span_end(node: _Node) -> int:
    return max([node.end] + [_span_end(child) for child in node.children])


def _is_numbered(node: _Node) -> bool:
    return node.marker is not None and node.kind not in (Kind.BULLET, Kind.HEADING) and bool(node.marker.value)


def _label(node: _Node) -> str:
    return node.marker.label if node.marker else ""
