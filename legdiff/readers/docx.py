"""DOCX reader: a Word document becomes plain text, one paragraph per line.

The package's XML is read directly (zipfile and defusedxml, streamed), not through a converter,
because a converter drops what legislative drafts depend on:

- the numbers Word draws from its numbering definitions (numbering.xml: numFmt, lvlText such
  as "(%1)", start values and overrides, numbering applied through a style such as "List
  Number") are written in front of their paragraphs, as a typist would have written them;
- a heading (Heading 1-9, Title, an outline level) begins after a blank line; an empty
  paragraph is a blank line;
- a table is one line per row, its cells separated by tabs;
- tracked changes give the accepted text ("new": insertions kept, deletions dropped) or the
  text as it was before them ("old": deletions kept, insertions dropped).

Nothing outside the package is opened: external relationships (linked images, remote
templates, hyperlinks) are never followed, XML entity declarations are refused, and no part is
decompressed past the limits the caller gives.

A DOCX has no plain text of its own to point into, so the text this reader returns is the
document's source: ``Document.source`` is this extracted text and ``Document.offsets`` is None.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from legdiff.errors import InputError
from legdiff.readers.docx_numbering import Numbering, Styles

#: WordprocessingML namespaces: transitional (what Word writes) and strict ISO 29500.
_W = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "http://purl.oclc.org/ooxml/wordprocessingml/main")
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
#: Relationship types of the parts read, by the last word of the type URI.
_PART_TYPES = ("officeDocument", "styles", "numbering")
#: Run content written as it stands; other elements inside a run are not text.
_BREAKS = {"w:tab": " ", "w:ptab": " ", "w:cr": "\n", "w:noBreakHyphen": "-", "w:softHyphen": ""}
#: Revision marks: (element, the version whose text it carries).
_REVISION_TEXT = {"w:ins": "new", "w:moveTo": "new", "w:del": "old", "w:moveFrom": "old"}
#: Elements whose content is never text: properties, field instructions, the fallback copy of
#: content Word also writes in a newer form (text boxes appear in both).
_NOT_TEXT = frozenset({"w:rPr", "w:tblPr", "w:tcPr", "w:sectPr", "w:instrText",
                       "w:delInstrText", "mc:Fallback", "w:sdtPr", "w:tblGrid"})

#: Property elements: read whole when they end, so their children are kept until then.
_PROPERTIES = frozenset({"w:pPr", "w:trPr", "w:rPr"})
#: Elements nested deeper than this are refused (a real document nests a few dozen deep).
MAX_DEPTH = 2_000

_BadPackage = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, RuntimeError,
               NotImplementedError, OSError, ValueError, struct.error)


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """How much of a package is decompressed (summed over the parts read), the largest
    expansion allowed of a part over 1 MB, and how many members a package may have."""

    unzipped_bytes: int
    ratio: int
    members: int


def read_docx(raw: bytes, path: str, limits: ZipLimits, *, revision: str = "new") -> tuple[str, bool]:
    """The text of the Word document in ``raw`` and whether it has tracked changes.

    ``revision`` is "new" (changes accepted) or "old" (changes rejected).
    """
    package = _Package(raw, path, limits)
    parts = package.parts()
    styles = Styles.read(package.element(parts.get("styles")))
    numbering = Numbering.read(package.element(parts.get("numbering")), styles)
    walker = _Walker(path, revision, styles, numbering)
    try:
        with package.stream(parts["officeDocument"]) as stream:
            for event, element in iterparse(stream, events=("start", "end")):
                walker.start(element) if event == "start" else walker.end(element)
    except (ParseError, DefusedXmlException) as error:
        raise _xml_error(path, error) from error
    except _BadPackage as error:
        raise _damaged(path, error) from error
    return walker.text(), walker.tracked


# --- the package -------------------------------------------------------------------------------

class _Package:
    """The zip archive, read within limits."""

    def __init__(self, raw: bytes, path: str, limits: ZipLimits) -> None:
        self.path, self.limits, self.budget = path, limits, limits.unzipped_bytes
        members = _member_count(raw)
        if members > limits.members:
            raise InputError(f"{path}: the archive has {members} members, over the limit of "
                             f"{limits.members} for a Word document; re-save it from Word")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(raw))
        except _BadPackage as error:
            raise _damaged(path, error) from error

    def parts(self) -> dict[str, str]:
        """The main document part and the styles and numbering parts it relates to."""
        root = self.element("_rels/.rels") if self._has("_rels/.rels") else None
        main = _related(root, "", ("officeDocument",)).get("officeDocument", "word/document.xml")
        if not self._has(main):
            raise InputError(f"{self.path}: is a ZIP archive but not a Word document (no "
                             "word/document.xml); give a .docx, .pdf, .txt, .html or .xml file")
        folder, name = posixpath.split(main)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        found = _related(self.element(rels) if self._has(rels) else None, folder, _PART_TYPES)
        found["officeDocument"] = main
        return {kind: part for kind, part in found.items() if self._has(part)}

    def _has(self, name: str) -> bool:
        try:
            self.zip.getinfo(name)
        except KeyError:
            return False
        return True

    def element(self, name: str | None) -> Element | None:
        """A small part (relationships, styles, numbering), parsed whole."""
        if name is None:
            return None
        try:
            with self.stream(name) as stream:
                return _parse(stream)
        except (ParseError, DefusedXmlException) as error:
            raise _xml_error(self.path, error, name) from error
        except _BadPackage as error:
            raise _damaged(self.path, error) from error

    def stream(self, name: str) -> _Capped:
        """A part, decompressed as it is read, refused before reading if it claims too much."""
        info = self.zip.getinfo(name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise InputError(f"{self.path}: part {name} uses a compression Word does not write; "
                             "re-save the document from Word")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > self.budget or (info.file_size > 1 << 20 and ratio > self.limits.ratio):
            raise self.too_big(name)
        try:
            opened = self.zip.open(info)
        except _BadPackage as error:
            raise _damaged(self.path, error) from error
        return _Capped(opened, self, name)

    def too_big(self, name: str) -> InputError:
        mb = self.limits.unzipped_bytes // (1 << 20)
        return InputError(f"{self.path}: part {name} expands past the {mb} MB limit for the text "
                          f"of a Word document (or {self.limits.ratio} times its packed size): a "
                          "zip bomb or a damaged file; it was not read")


class _Capped(io.RawIOBase):
    """A part's bytes, stopping with InputError once the package's budget is spent."""

    def __init__(self, opened, package: _Package, name: str) -> None:
        self.opened, self.package, self.name = opened, package, name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.opened.read(min(len(buffer), 1 << 16))
        self.package.budget -= len(data)
        if self.package.budget < 0:
            raise self.package.too_big(self.name)
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self.opened.close()
        super().close()


def _member_count(raw: bytes) -> int:
    """Members the archive's end record declares (0 when there is none: zipfile says why)."""
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_557))
    if end < 0 or end + 12 > len(raw):
        return 0
    return struct.unpack("<H", raw[end + 10:end + 12])[0]


def _parse(stream) -> Element:
    root = None
    for _, element in iterparse(stream, events=("end",)):
        root = element
    return root


def _related(root: Element | None, folder: str, kinds: tuple[str, ...]) -> dict[str, str]:
    """Parts inside the package that ``root`` (a .rels part) relates, by relationship kind.
    External targets (TargetMode="External": web links, linked images, remote templates) are
    never followed."""
    found: dict[str, str] = {}
    for rel in root.iter(f"{{{_RELS}}}Relationship") if root is not None else ():
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if kind in kinds and kind not in found and rel.get("TargetMode") != "External":
            joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[kind] = posixpath.normpath(joined)
    return found


def _xml_error(path: str, error: Exception, part: str = "the document") -> InputError:
    if isinstance(error, DefusedXmlException):
        return InputError(f"{path}: {part} declares XML entities or a DTD, which legdiff does not "
                          "expand; re-save the document from Word")
    return InputError(f"{path}: {part} is not well-formed XML ({error}); re-save the document "
                      "from Word")


def _damaged(path: str, error: Exception) -> InputError:
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    if isinstance(error, RuntimeError) and "encrypted" in reason:
        return InputError(f"{path}: the archive is encrypted; save an unprotected copy as .docx")
    return InputError(f"{path}: is not a complete Word document ({reason}); the file may be "
                      "truncated or damaged: re-save it from Word")


# --- the document body ---------------------------------------------------------------------------

def _name(tag: str) -> str:
    """"w:p" for a WordprocessingML element, "mc:Fallback" for markup compatibility, else ""."""
    namespace, _, local = tag[1:].partition("}")
    if namespace in _W:
        return "w:" + local
    return "mc:" + local if namespace == _MC else ""


def _attribute(element: Element, name: str) -> str | None:
    for namespace in _W:
        value = element.get(f"{{{namespace}}}{name}")
        if value is not None:
            return value
    return None


@dataclass(slots=True)
class _Paragraph:
    parts: list[str] = field(default_factory=list)
    style: str = ""
    numbering: tuple[str, str | None] | None = None  # (numId, ilvl)
    outline: bool = False
    joins_next: bool = False  # its mark is deleted (new) or inserted (old): it runs on


class _Walker:
    """Builds the lines of the text from the parser's start and end events."""

    def __init__(self, path: str, revision: str, styles: Styles, numbering: Numbering) -> None:
        self.path, self.revision, self.styles, self.numbering = path, revision, styles, numbering
        self.lines: list[str | None] = []  # None: a blank line
        self.open: list[tuple[str, Element]] = []  # the open elements, with their names
        self.properties = 0  # open property elements
        self.skip = 0  # open elements inside one whose content is not read
        self.paragraphs: list[_Paragraph] = []
        self.tables: list[list[list[str]]] = []  # open tables: rows of cells; cells of paragraphs
        self.carry = ""  # text of paragraphs that run on into the next
        self.hidden = False  # the current run is hidden text
        self.skip_row = False
        self.tracked = False

    def start(self, element: Element) -> None:
        name = _name(element.tag)
        self.open.append((name, element))
        self.properties += name in _PROPERTIES
        if len(self.open) > MAX_DEPTH:
            raise InputError(f"{self.path}: the document nests elements over {MAX_DEPTH} deep, "
                             "which Word does not write; re-save the document from Word")
        if self.skip:
            self.skip += 1
            return
        if name in _REVISION_TEXT:
            self.tracked = True
            if _REVISION_TEXT[name] != self.revision:
                self.skip = 1
        elif name in _NOT_TEXT:
            self.skip = 1
        elif name == "w:p":
            self.paragraphs.append(_Paragraph())
        elif name == "w:r":
            self.hidden = False
        elif name == "w:tbl":
            self._table()
            self.tables.append([])
        elif name == "w:tr" and self.tables:
            self.tables[-1].append([])
            self.skip_row = False
        elif name == "w:tc" and self.tables and self.tables[-1]:
            self.tables[-1][-1].append("")

    def end(self, element: Element) -> None:
        name = self.open.pop()[0]
        if self.skip:
            self.skip -= 1
            if name == "w:rPr" and self.open and self.open[-1][0] == "w:r":
                self.hidden = _has_child(element, "w:vanish")
        else:
            self._end(name, element)
        self.properties -= name in _PROPERTIES
        if not self.properties and self.open:
            parent = self.open[-1][1]  # what has been read is let go: memory stays flat
            if len(parent) and parent[-1] is element:
                del parent[-1]

    def _end(self, name: str, element: Element) -> None:
        if name in ("w:t", "w:delText"):
            self._write(element.text or "")
        elif name in _BREAKS:
            self._write(_BREAKS[name])
        elif name == "w:br":
            self._write(" " if _attribute(element, "type") in ("page", "column") else "\n")
        elif name == "w:sym":
            self._write(_symbol(_attribute(element, "char")))
        elif name == "w:pPr" and self.paragraphs and self.open[-1][0] == "w:p":
            self._properties(element)
        elif name == "w:trPr":
            self._row_properties(element)
        elif name == "w:p" and self.paragraphs:
            self._paragraph(self.paragraphs.pop())
        elif name == "w:tr" and self.tables:
            self._row()
        elif name == "w:tbl" and self.tables:
            self.tables.pop()
            self._table()

    def text(self) -> str:
        lines: list[str] = []
        for line in self.lines + ([self.carry] if self.carry.strip() else []):
            if line is None:
                if lines and lines[-1]:
                    lines.append("")
            else:
                lines.extend(part.strip() for part in line.split("\n") if part.strip())
        return "\n".join(lines).strip("\n")

    # --- pieces ------------------------------------------------------------------------------

    def _write(self, text: str) -> None:
        if self.paragraphs and not self.hidden:
            self.paragraphs[-1].parts.append(text)

    def _properties(self, ppr: Element) -> None:
        """Style, numbering, heading level and revision of the paragraph's mark."""
        paragraph = self.paragraphs[-1]
        change = _child(ppr, "w:pPrChange")
        if change is not None:
            self.tracked = True
        used = _child(change, "w:pPr") if self.revision == "old" and change is not None else ppr
        used = ppr if used is None else used
        style = _child(used, "w:pStyle")
        paragraph.style = _attribute(style, "val") or "" if style is not None else ""
        numbering = _child(used, "w:numPr")
        if numbering is not None:
            num, level = _child(numbering, "w:numId"), _child(numbering, "w:ilvl")
            paragraph.numbering = (_attribute(num, "val") or "" if num is not None else "",
                                   _attribute(level, "val") if level is not None else None)
        paragraph.outline = _child(used, "w:outlineLvl") is not None
        mark = _child(ppr, "w:rPr")
        for revision, joins in (("w:del", "new"), ("w:ins", "old")):
            if mark is not None and _child(mark, revision) is not None:
                self.tracked = True
                paragraph.joins_next = paragraph.joins_next or self.revision == joins

    def _row_properties(self, trpr: Element) -> None:
        for revision, dropped in (("w:del", "new"), ("w:ins", "old")):
            if _child(trpr, revision) is not None:
                self.tracked = True
                self.skip_row = self.skip_row or self.revision == dropped

    def _paragraph(self, paragraph: _Paragraph) -> None:
        words = "".join(paragraph.parts)
        if paragraph.joins_next:
            self.carry += words
            return
        words, self.carry = self.carry + words, ""
        label = self.numbering.label(paragraph.numbering, paragraph.style)
        line = f"{label} {words.lstrip()}" if label and words.strip() else label or words
        inner = bool(self.paragraphs)  # a text box inside another paragraph: a line of its own
        if self.tables and self.tables[-1] and self.tables[-1][-1] and not inner:
            cells = self.tables[-1][-1]
            cells[-1] = f"{cells[-1]} {' '.join(line.split())}".strip()
        elif not line.strip():
            self.lines.append(None)
        else:
            if paragraph.outline or self.styles.is_heading(paragraph.style):
                self.lines.append(None)
            self.lines.append(line)

    def _row(self) -> None:
        cells = self.tables[-1].pop() if self.tables[-1] else []
        if self.skip_row or not any(cell.strip() for cell in cells):
            return
        row = "\t".join(" ".join(cell.split()) for cell in cells)
        if len(self.tables) > 1 and self.tables[-2] and self.tables[-2][-1]:
            outer = self.tables[-2][-1]  # a table inside a cell joins that cell
            outer[-1] = f"{outer[-1]} {' '.join(row.split())}".strip()
        else:
            self.lines.append(row)

    def _table(self) -> None:
        """A table stands apart from the paragraphs around it."""
        if not self.tables:
            self.lines.append(None)


def _child(element: Element | None, name: str) -> Element | None:
    if element is None:
        return None
    for child in element:
        if _name(child.tag) == name:
            return child
    return None


def _has_child(element: Element, name: str) -> bool:
    found = _child(element, name)
    return found is not None and _attribute(found, "val") not in ("0", "false", "off")


def _symbol(code: str | None) -> str:
    """A w:sym character: symbol fonts put their glyphs at U+F020..U+F0FF."""
    try:
        value = int(code or "", 16)
    except ValueError:
        return ""
    if 0xF020 <= value <= 0xF0FF:
        value -= 0xF000
    return "\u2022" if value == 0xB7 else chr(value) if 0 < value < 0x110000 else ""
