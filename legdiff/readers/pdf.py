"""PDF reader: the text layer of a PDF, laid out as the document's lines, without the page.

pypdf reads each page (within its own limits on decompressed streams). The functions behind its
layout mode (text_show_operations, y_coordinate_groups) give each line of the page with where
it starts and ends and how far down the page it is; the lines, an empty line where the page
leaves more vertical space than between the lines of a paragraph, and a form feed between
pages, are the source (pages whose text pypdf's layout mode cannot place, such as text drawn
from form XObjects, are read with its plain extraction, without positions). The text
segmentation reads is built from the source with an offset map back:

- running headers and footers (a line at the top or bottom of most pages, its numbers aside)
  and page numbers ("3", "- 3 -", "Page 3 of 9", "3/9") are dropped;
- a line that wrapped (it reached the right edge of the text, so the first word of the next
  line did not fit) joins the next; a word hyphenated across the break is joined again;
- a line that starts a numbered unit ("(a)", "Sec. 2.", "1.", a bullet) starts a line unless
  the line before it wrapped in mid-sentence ("within ninety" / "(90) days");
- vertical space between lines is a blank line (a new paragraph);
- ligatures (U+FB00-FB06) are written as their letters.

A PDF with no text layer (a scan) is refused with the advice to run OCR first.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from array import array
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from legdiff import numbering
from legdiff.errors import InputError
from legdiff.readers.layout import Layout

#: Page numbers: "3", "- 3 -", "[3]", "Page 3", "Page 3 of 9", "3 of 9", "3/9", "p. 3", "iv".
#: Not "(3)": a paragraph number may stand alone on a line.
PAGE_NUMBER = re.compile(r"^(?:page|p\.)?\s*[-\u2013\u2014\[]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*"
                         r"[-\u2013\u2014\]]?\s*(?:(?:of|/)\s*\d{1,4})?$", re.I)
#: Lines at each edge of a page that may be running headers or footers.
EDGE_LINES = 2
#: A running header or footer is at the same edge of at least this share of the pages.
RUNNING_SHARE = 0.5
#: How a full line ends when the numbered unit on the next line is a new one: with a stop, a
#: colon or semicolon, a closing bracket, or "and" / "or" ("...; or" / "(2) ..."). A full line
#: ending otherwise goes on: "... within ninety" / "(90) days", "... vested in me by" /
#: "Section 304 of the Charter".
UNIT_BEFORE = re.compile(r"(?:[.:;,!?)\]\u2014\u2013\"\u201d']|\b(?:and|or|nor|then))$", re.I)
#: Vertical space between two lines, as a multiple of the usual line spacing, that makes a
#: blank line (a new paragraph).
GAP = 1.3
#: How close to the right edge of the text a line must end, in characters, for the first word
#: of the next line not to have fitted: then the line wrapped.
FIT_TOLERANCE = 2.0
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}
_SPECIAL = re.compile("[" + "".join(_LIGATURES) + "]")
#: Hyphens that end a line: a hyphen-minus, a soft hyphen (always a break inside a word), the
#: Unicode hyphen.
_HYPHENS = ("-", "\u00ad", "\u2010")
_WORD = re.compile(r"\w+(?:-\w+)*")
#: A line that ends a paragraph: across a page break, where no vertical space shows, a line
#: that did not wrap and ends so is taken to end its paragraph.
_PARAGRAPH_END = re.compile(r"[.!?:;][\"\u201d')\]]*$")


@dataclass(frozen=True, slots=True)
class _Row:
    """A line of a page as drawn: its text and where it runs (in PDF units; None where the
    page's geometry could not be read)."""

    text: str
    left: float | None = None
    right: float | None = None
    y: float | None = None  # distance from the top of the page


@dataclass(frozen=True, slots=True)
class _Line:
    """A line of the source: where it is, and where it ran on its page."""

    page: int
    row: int  # its index among the page's lines
    start: int  # source index of its first character
    content: str  # the line without leading and trailing white space
    gap_before: bool  # vertical space (or a page's start) comes before it
    left: float | None
    right: float | None

    @property
    def end(self) -> int:
        return self.start + len(self.content)


def read_pdf(raw: bytes, path: str, *, max_pages: int, max_chars: int) -> tuple[str, str, array]:
    """The source (the pages' lines as extracted, an empty line where the page leaves vertical
    space, pages separated by form feeds), the text segmentation reads, and the offset map from
    that text into the source."""
    pages = _page_rows(raw, path, max_pages, max_chars)
    source, lines = _source(pages)
    if not lines:
        raise InputError(f"{path}: has no text layer (it looks like a scanned image); run OCR on "
                         "it first (for example with ocrmypdf) and give the result")
    furniture = _furniture(lines)
    body = [line for line in lines if (line.page, line.row) not in furniture]
    text, offsets, _ = _lay_out(body or lines).finish()
    return source, text, offsets


# --- extraction --------------------------------------------------------------------------------

def _page_rows(raw: bytes, path: str, max_pages: int, max_chars: int) -> list[list[_Row]]:
    from pypdf import PdfReader

    with _quiet():
        try:
            reader = PdfReader(io.BytesIO(raw), strict=False)
            _decrypt(reader, path)
            count = len(reader.pages)
        except InputError:
            raise
        except Exception as error:  # pypdf raises many kinds on damaged files
            raise _damaged(path, error) from error
        if count > max_pages:
            raise InputError(f"{path}: has {count} pages, over the limit of {max_pages}; split it "
                             "into smaller documents")
        pages, total = [], 0
        for number in range(count):
            pages.append(_rows(reader, number, path))
            total += sum(len(row.text) for row in pages[-1])
            if total > max_chars:
                raise InputError(f"{path}: holds over {max_chars // (1 << 20)} M characters of "
                                 "text; split it into smaller documents")
    return pages


def _decrypt(reader, path: str) -> None:
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except Exception as error:  # a missing cipher library, a broken encryption dictionary
        raise InputError(f"{path}: is encrypted and cannot be opened ({type(error).__name__}); "
                         "save an unprotected copy") from error
    if not opened:
        raise InputError(f"{path}: is protected by a password; save an unprotected copy")


def _rows(reader, number: int, path: str) -> list[_Row]:
    """A page's lines with their positions; its lines without positions where pypdf's layout
    mode misses text (it does not enter form XObjects) or cannot read the page."""
    try:
        page = reader.pages[number]
        forms = _has_forms(page)
    except Exception as error:
        raise _damaged(path, error, number + 1) from error
    try:
        drawn = _drawn_rows(page)
    except Exception:  # positions are a help, not a need: the plain text is tried next
        drawn = []
    if drawn and not forms:
        return drawn
    try:
        plain = page.extract_text()
    except Exception as error:
        raise _damaged(path, error, number + 1) from error
    if len("".join(plain.split())) > 1.1 * sum(len("".join(r.text.split())) for r in drawn):
        return [_Row(line) for line in plain.split("\n")]
    return drawn


def _has_forms(page) -> bool:
    """Whether the page draws form XObjects, whose text only the plain extraction reads."""
    from pypdf.generic import DictionaryObject

    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get("/XObject") if isinstance(resources, DictionaryObject) else None
    xobjects = xobjects.get_object() if xobjects is not None else None
    if not isinstance(xobjects, DictionaryObject):
        return False
    drawn = [x.get_object() for x in xobjects.values()]
    return any(isinstance(x, DictionaryObject) and x.get("/Subtype") == "/Form" for x in drawn)


def _drawn_rows(page) -> list[_Row]:
    """Lines with positions and widths from pypdf's layout mode (its text_show_operations and
    y_coordinate_groups: the functions behind extract_text(extraction_mode="layout"))."""
    from pypdf._text_extraction import _layout_mode
    from pypdf.generic import ArrayObject, ContentStream, StreamObject

    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if not isinstance(contents, (ArrayObject, StreamObject)):
        return []
    operations = iter(ContentStream(contents, page.pdf, "bytes").operations)
    groups = _layout_mode.text_show_operations(operations, page._layout_mode_fonts())
    if not groups:
        return []
    rows = []
    for y, line in _layout_mode.y_coordinate_groups(groups).items():
        text = _joined(line)
        if text.strip():
            rows.append(_Row(text, line[0]["tx"], max(g["displaced_tx"] for g in line), -y))
    return rows


def _joined(groups: list[dict]) -> str:
    """The text of a line drawn in pieces: a space where the pen moved on, a tab where it
    jumped (table cells)."""
    parts, end = [], None
    for group in groups:
        height = group["font_height"] or group["font_size"] or 1
        if end is not None and parts and not parts[-1][-1:].isspace() and group["text"][:1] != " ":
            jump = group["tx"] - end
            parts.append("\t" if jump > 2 * height else " " if jump > 0.15 * height else "")
        parts.append(group["text"])
        end = group["displaced_tx"]
    return "".join(parts)


def _damaged(path: str, error: Exception, page: int = 0) -> InputError:
    where = f" (page {page})" if page else ""
    reason = (str(error).splitlines() or [""])[0][:200] or type(error).__name__
    return InputError(f"{path}: cannot be read as a PDF{where}: {reason}; the file may be "
                      "truncated or damaged: print it to PDF again, or give its text")


@contextmanager
def _quiet() -> Iterator[None]:
    """pypdf reports what it repaired through logging and warnings; the reader reports errors
    itself, so those messages are held back while it reads."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _source(pages: list[list[_Row]]) -> tuple[str, list[_Line]]:
    """The source text of the pages, and its lines."""
    spacing = _line_spacing(pages)
    parts, lines, offset = [], [], 0
    for number, rows in enumerate(pages):
        texts, previous = [], None
        for row in rows:
            gap = previous is None or _gap(previous, row, spacing)
            if gap and texts:
                texts.append("")
            text = row.text.replace("\n", " ").replace("\f", " ")
            content = text.strip()
            if content:
                at = offset + sum(len(t) + 1 for t in texts) + text.index(content[0])
                lines.append(_Line(number, len(texts), at, content, gap, row.left, row.right))
                texts.append(text)
                previous = row
        page = "\n".join(texts)
        parts.append(page)
        offset += len(page) + 1
    return "\f".join(parts), lines


def _line_spacing(pages: list[list[_Row]]) -> float | None:
    """The distance between two lines of a paragraph: the shortest step down a page that is
    common (a tenth of the steps), so that paragraphs of one line do not set it."""
    steps = sorted(b.y - a.y for rows in pages for a, b in zip(rows, rows[1:])
                   if a.y is not None and b.y is not None and b.y > a.y)
    if not steps:
        return None
    counts = Counter(round(step) for step in steps)
    common = [step for step in sorted(counts) if counts[step] >= max(2, len(steps) / 10)]
    return common[0] if common else steps[len(steps) // 2]


def _gap(before: _Row, row: _Row, spacing: float | None) -> bool:
    if spacing is None or before.y is None or row.y is None:
        return False
    return row.y - before.y > GAP * spacing


# --- lines and page furniture -----------------------------------------------------------------

def _furniture(lines: list[_Line]) -> set[tuple[int, int]]:
    """Lines that are the page's, not the document's: page numbers at the edges, and lines at
    the same edge of most pages, whatever their numbers."""
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    edges = {page: _edges(page_lines) for page, page_lines in by_page.items()}
    seen = Counter(key for page_edges in edges.values() for key in {k for k, _ in page_edges})
    needed = max(2, round(RUNNING_SHARE * len(by_page) + 0.49))
    furniture = set()
    for page_edges in edges.values():
        for key, line in page_edges:
            if PAGE_NUMBER.match(line.content) or seen[key] >= needed:
                furniture.add((line.page, line.row))
    return furniture


def _edges(lines: list[_Line]) -> list[tuple[tuple[str, str], _Line]]:
    top, bottom = lines[:EDGE_LINES], lines[-EDGE_LINES:] if len(lines) > EDGE_LINES else []
    return [((edge, _shape(line.content)), line) for edge, group in (("top", top), ("bottom", bottom))
            for line in group]


def _shape(content: str) -> str:
    return re.sub(r"\d+", "#", " ".join(content.split()).lower())


# --- the text ------------------------------------------------------------------------------------

def _lay_out(lines: list[_Line]) -> Layout:
    layout = Layout()
    edges = _right_edges(lines)
    words = Counter(w.lower() for line in lines for w in _WORD.findall(line.content))
    joins = [_join(a, b, edges, words) for a, b in zip(lines, lines[1:])] + ["end"]
    for i, line in enumerate(lines):
        if i:
            _between(layout, lines[i - 1], joins[i - 1])
        cut = 1 if joins[i] == "word" else 0
        _write(layout, line.content[:len(line.content) - cut], line.start)
    return layout


def _between(layout: Layout, before: _Line, join: str) -> None:
    if join == "blank":
        layout.end_line(blank=True)
    elif join == "line":
        layout.end_line()
    elif join == "space":
        layout.space(before.end)
    # "word" and "hyphen": the next line goes on without a space


def _right_edges(lines: list[_Line]) -> dict[int, float]:
    """The right edge of the text on each page: where its widest lines end, or where they end
    on most pages if this page has no full line (the last page of a document)."""
    edges: dict[int, float] = {}
    for line in lines:
        if line.right is not None:
            edges[line.page] = max(edges.get(line.page, line.right), line.right)
    usual = sorted(edges.values())[len(edges) // 2] if edges else 0.0
    return {page: max(edge, usual) for page, edge in edges.items()}


def _join(before: _Line, after: _Line, edges: dict[int, float], words: Counter) -> str:
    """How two lines meet: "blank" (vertical space), "line" (a new line), "space" (a wrapped
    line), "word" (a word hyphenated across the break: the hyphen goes), "hyphen" (a hyphenated
    compound across the break: the hyphen stays)."""
    if before.page == after.page and after.gap_before:
        return "blank"
    if not _wrapped(before, after, edges.get(before.page)):
        return "blank" if before.page != after.page and _PARAGRAPH_END.search(before.content) else "line"
    if _starts_unit(after.content) and UNIT_BEFORE.search(before.content):
        return "line"
    first = after.content.split()[0]
    if before.content.endswith(_HYPHENS) and before.content[-2:-1].isalnum() and first[:1].isalnum():
        return "word" if _drops_hyphen(before.content, first, words) else "hyphen"
    return "space"


def _wrapped(before: _Line, after: _Line, edge: float | None) -> bool:
    """Whether ``before`` ended because the first word of ``after`` did not fit."""
    if edge is None or None in (before.right, after.left, after.right):
        return False
    width = (after.right - after.left) / max(len(after.content), 1)  # a character, about
    first = len(after.content.split()[0])
    return before.right + width * (first + 1 + FIT_TOLERANCE) > edge


def _starts_unit(content: str) -> bool:
    return bool(numbering.division_marker(content) or numbering.enumerator_markers(content)
                or numbering.BULLET.match(content) or numbering.RECITAL.match(content)
                or numbering.ENACTING.match(content))


def _drops_hyphen(before: str, first: str, words: Counter) -> bool:
    """Whether "pro-" + "vided" is one word ("provided") or a compound ("pre-trial"): a soft
    hyphen is always a break; else the document's own spelling elsewhere decides. Word
    processors and browsers break lines after the hyphens a drafter typed, so a word the
    document never spells otherwise keeps its hyphen."""
    if before.endswith("\u00ad"):
        return True
    if not first[:1].islower():
        return False
    head = re.split(r"[^\w]", before[:-1])[-1]
    tail = re.split(r"[^\w]", first)[0]
    if not head or not tail:
        return False
    joined, compound = (head + tail).lower(), f"{head}-{tail}".lower()
    return words[joined] > 0 and words[compound] == 0


def _write(layout: Layout, content: str, start: int) -> None:
    """Write a line's words; tabs between them (table cells) stay."""
    position = 0
    for cell in content.split("\t"):
        if position:
            layout.separate("\t", start + position - 1)
        _write_words(layout, cell, start + position)
        position += len(cell) + 1


def _write_words(layout: Layout, words: str, start: int) -> None:
    position = 0
    for special in _SPECIAL.finditer(words):
        if special.start() > position:
            layout.write(words[position:special.start()], start + position)
        at = start + special.start()
        layout.write(_LIGATURES[special.group()], at, verbatim=False, end=at + 1)
        position = special.end()
    if position < len(words):
        layout.write(words[position:], start + position)
