"""HTML reader: pages of codes (the DC Code site's section and chapter pages) and other HTML.

The stdlib HTMLParser reads the page; only the content container is laid out (the DC Code site's
<article class="content">, else <main>, else <body>), without scripts, styles, navigation,
headers, footers or hidden text. A heading that begins with a division or section number
("Subchapter I. Findings; Purpose.", "§ 1–601.01. Findings.") starts a unit; so does each
numbered paragraph (<span class="level-num" id="…#(a)(1)">(1)</span>); the notes after a
section (<aside class="annotations">) are one back unit. An item of a numbered list (<ol><li>)
gets the number a browser draws before it, written at its <li>.
"""

from __future__ import annotations

import html
import re
from array import array
from html.parser import HTMLParser

from legdiff.models import Kind, OutlineMark
from legdiff.readers.docx_numbering import format_number
from legdiff.readers.labels import enumerator_kind, heading_label, normalize_dashes
from legdiff.readers.layout import Layout

#: Where the text of a page is, best first. DC Code pages put the section or chapter in
#: <article class="content"> inside <main>, after a "Code of the District of Columbia" banner.
CONTAINERS = (
    re.compile(r"<article\b[^>]*\bclass\s*=\s*[\"'][^\"']*\bcontent\b", re.I),
    re.compile(r"<main\b", re.I),
    re.compile(r"<article\b", re.I),
    re.compile(r"<body\b", re.I),
)
#: Elements whose text is not the document's: page furniture, scripts, forms, media.
SKIPPED = frozenset({"script", "style", "nav", "header", "footer", "noscript", "template", "svg",
                     "form", "button", "select", "textarea", "iframe", "object", "head", "canvas",
                     "audio", "video", "map", "dialog"})
#: Classes of text a reader does not see (DC Code pages: "visually-hidden", "sr-only").
HIDDEN_CLASSES = frozenset({"visually-hidden", "sr-only", "hidden", "d-none"})
BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody",
                    "tfoot", "tr", "blockquote", "section", "article", "pre", "figure",
                    "figcaption", "caption", "address", "main", "center", "hr", "body"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BREAKING = BLOCKS | HEADINGS
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr", "param"})
#: DC Code pages number each paragraph in a span whose id is its path in the section:
#: <span class="level-num" id="/us/dc/council/code/sections/1-602.03#(c)(1)(A)">(A)</span>.
LEVEL_NUM = "level-num"
LEVEL_HEADING = "level-heading"  # "(1) <span class="level-heading">University ... —</span> In ..."
_PATH_STEP = re.compile(r"\([^()]*\)")
_INDENT = re.compile(r"\btext-indent-(\d+)\b")

Piece = tuple[str, int, bool, int]  # text, source start, verbatim, source end


def read_html(source: str, path: str) -> tuple[str, array, tuple[OutlineMark, ...], str]:
    page = _Page(source)
    page.feed(source)
    page.close()
    text, offsets, outline = page.layout.finish()
    head_title = " ".join("".join(page.head_title).split()).split(" | ")[0]  # "… | D.C. Law Library"
    return text, offsets, outline, page.title or head_title


def _container(source: str) -> tuple[str, int] | None:
    for pattern in CONTAINERS:
        match = pattern.search(source)
        if match:
            return match.group(0)[1:].split()[0].lower().rstrip(">"), match.start()
    return None


class _Page(HTMLParser):
    """Lays out a page as it is parsed: blocks begin lines, numbered units begin marked lines."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.layout = Layout()
        self.lines = [0] + [m.end() for m in re.finditer("\n", source)]
        self.container = _container(source)
        self.inside = 0 if self.container else 1  # nesting of the container's tag, 0 outside
        self.skip_tag = ""  # the element being skipped, and how many of its kind are open
        self.skip_depth = 0
        self.capture: list[Piece] | None = None  # the text of a heading or a paragraph number
        self.capture_tag = ""
        self.capture_id = ""
        self.capture_depth = 0
        self.spans: list[bool] = []  # open <span>s: True for a level heading
        self.ranks: list[tuple[int, int]] = []  # open headings: (rank, depth)
        self.kinds: dict[int, Kind] = {}  # kind of the open unit at each depth
        self.depth = 0  # depth of the innermost heading unit
        self.last_depth = 0
        self.in_unit = False
        self.in_back = 0
        self.lists: list[list] = []  # open <ol> and <ul>: [tag, items so far, type]
        self.title = ""
        self.head_title: list[str] = []
        self.in_head_title = False

    def _at(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    # --- events -------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and not self.head_title:
            self.in_head_title = True
        if not self._enter(tag):
            return
        if self.skip_depth:
            self.skip_depth += tag == self.skip_tag
            return
        if _hidden(tag, attrs):
            if tag not in VOID:
                self.skip_tag, self.skip_depth = tag, 1
            return
        if self.capture is not None and tag in BREAKING and tag not in VOID:
            self._end_capture()  # a heading or number left open
        if tag in ("br", "wbr"):
            self._text(" ", self._at(), False, self._at())
        elif self.capture is not None:
            self.capture_depth += tag == self.capture_tag
        else:
            self._open(tag, dict(attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self.in_head_title = self.in_head_title and tag != "title"
        if not self._leave(tag):
            return
        if self.skip_depth:
            self.skip_depth -= tag == self.skip_tag
            return
        if self.capture is None:
            self._close(tag)
        elif tag == self.capture_tag:
            self.capture_depth -= 1
            if not self.capture_depth:
                self._end_capture()

    def handle_data(self, data: str) -> None:
        at = self._at()
        if self.in_head_title:
            self.head_title.append(data)
        if self.inside and not self.skip_depth:
            self._text(data, at, True, at + len(data))

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")

    def _reference(self, written: str) -> None:
        at = self._at()
        end = self.source.find(";", at) + 1 or at + len(written)
        if self.in_head_title:
            self.head_title.append(html.unescape(written))
        if self.inside and not self.skip_depth:
            self._text(html.unescape(written), at, False, end)

    # --- the content container ------------------------------------------------------------

    def _enter(self, tag: str) -> bool:
        """Whether a start tag is inside the container (counting the container's own tag)."""
        if self.container is None:
            return True
        name, start = self.container
        if tag == name and (self.inside or self._at() == start):
            self.inside += 1
        return self.inside > 0

    def _leave(self, tag: str) -> bool:
        if self.container is None:
            return True
        inside = self.inside > 0
        if inside and tag == self.container[0]:
            self.inside -= 1
        return inside

    # --- layout ----------------------------------------------------------------------------

    def _text(self, text: str, start: int, verbatim: bool, end: int) -> None:
        if self.capture is not None:
            self.capture.append((text, start, verbatim, end))
        else:
            self.layout.write(text, start, verbatim=verbatim, end=end)

    def _open(self, tag: str, attrs: dict[str, str | None]) -> None:
        classes = (attrs.get("class") or "").split()
        if tag in HEADINGS or (tag == "span" and LEVEL_NUM in classes):
            self.capture, self.capture_tag, self.capture_id = [], tag, attrs.get("id") or ""
            self.capture_depth = 1
            return
        if tag == "span":
            self.spans.append(LEVEL_HEADING in classes)
        elif tag == "aside" and not self.in_back:
            self._open_prose(Kind.BACK)
            self.in_unit = True
        elif tag in ("td", "th"):
            self.layout.separate("\t", self._at())
        elif tag in BLOCKS and tag not in VOID:
            self._open_prose(own=True)
            if tag in ("ol", "ul"):
                self.lists.append([tag, _list_start(attrs.get("start")) - 1, attrs.get("type") or ""])
            elif tag == "li" and self.lists:
                self._list_number()
        elif tag in VOID and tag in BLOCKS:
            self.layout.end_line(blank=not self.in_unit)
        self.in_back += tag == "aside"

    def _close(self, tag: str) -> None:
        if tag == "span" and self.spans and self.spans.pop():
            self.layout.end_line()  # a paragraph's heading ends its line
        elif tag == "aside" and self.in_back:
            self.in_back -= 1
            self.in_unit = bool(self.in_back)
        elif tag in BLOCKS or tag in HEADINGS:
            if tag in ("ol", "ul") and self.lists:
                self.lists.pop()
            self.layout.end_line(blank=not self.in_unit)

    def _list_number(self) -> None:
        """Write the number a browser shows before an item of a numbered list ("3.", or "(a)" in
        a list inside a numbered list: nested numbers must not read as siblings), at its <li>,
        unless its own text starts with one."""
        at = self._at()
        tag_end = self.source.find(">", at) + 1 or at
        entry = self.lists[-1]
        if entry[0] != "ol" or _TYPED_LABEL.match(self.source, tag_end):
            return
        entry[1] += 1
        depth = sum(1 for tag, _, _ in self.lists if tag == "ol")
        label = _list_label(entry[1], entry[2] or ("1", "a", "i")[min(depth, 3) - 1], depth > 1)
        self.layout.write(label, at, verbatim=False, end=tag_end)
        self.layout.space(tag_end)

    def _end_capture(self) -> None:
        pieces, self.capture = self.capture or [], None
        if self.capture_tag == "span":
            self._paragraph_number(pieces)
        else:
            self._heading(pieces)

    def _open_prose(self, kind: Kind = Kind.BLOCK, *, own: bool = False) -> None:
        if self.layout.held:
            return
        if own and self.in_unit:
            self.layout.end_line()
        elif self.last_depth > self.depth or kind == Kind.BACK:
            self.last_depth = self.depth + 1
            self.layout.mark_prose(self.last_depth, kind)
        else:
            self.layout.end_line(blank=True)

    def _heading(self, pieces: list[Piece]) -> None:
        text = "".join(piece[0] for piece in pieces)
        found = None if self.in_back else heading_label(text.strip())
        if self.capture_tag == "h1" and not self.title:
            cut = found[1] if found else 0  # "§ 24–211.07." cited as "§ 24-211.07."
            self.title = " ".join((normalize_dashes(text.strip()[:cut]) + text.strip()[cut:]).split())
        if found is None:
            self._open_prose(own=True)
            _write(self.layout, pieces, 0)
            self.layout.end_line(blank=not self.in_unit)
            return
        label, end, kind, rank = found
        lead = len(text) - len(text.lstrip())
        while self.ranks and self.ranks[-1][0] >= rank:
            self.ranks.pop()
        depth = self.depth = self.last_depth = (self.ranks[-1][1] if self.ranks else 0) + 1
        self.ranks.append((rank, depth))
        self.kinds = {depth: kind}
        written = text.strip()[:end].strip()
        self.layout.mark(depth, label, kind, written, _position(pieces, lead),
                         _position(pieces, lead + len(written)))
        _write(self.layout, pieces, lead + end)
        self.layout.end_heading()
        self.layout.end_line()
        self.in_unit = True

    def _paragraph_number(self, pieces: list[Piece]) -> None:
        text = "".join(piece[0] for piece in pieces)
        label = text.strip()
        if not label or self.in_back:
            _write(self.layout, pieces, 0)
            return
        steps = len(_PATH_STEP.findall(self.capture_id.rpartition("#")[2])) or 1
        depth = self.last_depth = self.depth + steps
        kind = enumerator_kind(label, self.kinds.get(depth - 1))
        self.kinds = {d: k for d, k in self.kinds.items() if d < depth}
        self.kinds[depth] = kind
        lead = len(text) - len(text.lstrip())
        self.layout.mark(depth, label, kind, label, _position(pieces, lead),
                         _position(pieces, lead + len(label)))
        self.layout.hold()  # the paragraph's words join its number's line
        self.in_unit = True


#: A list item whose own text starts with its number or a bullet ("<li>1. The ...", "<li>(a) ...").
_TYPED_LABEL = re.compile(r"\s*(?:<[^>]*>\s*)*(?:\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]|[-*\u2022])\s")


def _list_start(value: str | None) -> int:
    return int(value) if value and value.strip().isdigit() else 1


#: The numbering an <ol type="..."> asks for, in the forms Word's numbering also uses.
_LIST_FORMS = {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman", "1": "decimal"}


def _list_label(n: int, kind: str, nested: bool) -> str:
    value = format_number(n, _LIST_FORMS.get(kind, "decimal"))
    return f"({value})" if nested else f"{value}."


def _hidden(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag in SKIPPED:
        return True
    for name, value in attrs:
        if name == "hidden" or name == "aria-hidden" and value == "true":
            return True
        if name == "class" and value and HIDDEN_CLASSES.intersection(value.split()):
            return True
    return False


def _position(pieces: list[Piece], index: int) -> int:
    """The source index of character ``index`` of the captured text."""
    seen = 0
    for text, start, verbatim, end in pieces:
        if index < seen + len(text):
            return start + (index - seen) if verbatim else start
        seen += len(text)
    return pieces[-1][3] if pieces else 0


def _write(layout: Layout, pieces: list[Piece], skip: int) -> None:
    """Write the captured text from character ``skip`` on."""
    seen = 0
    for text, start, verbatim, end in pieces:
        cut = max(0, skip - seen)
        seen += len(text)
        if cut >= len(text):
            continue
        if verbatim:
            layout.write(text[cut:], start + cut)
        else:
            layout.write(text[cut:], start, verbatim=False, end=end)
