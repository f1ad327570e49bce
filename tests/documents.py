"""Builders of test documents: the same text as a Word document (numbers typed, or drawn by
Word's numbering definitions), as HTML, and as PDF printed by Chromium; and small hand-made
packages (tracked changes, zip bombs, external links). Used by the reader and hostile-input
tests."""

from __future__ import annotations

import html
import io
import shutil
import zipfile
from pathlib import Path

from legdiff import numbering

CHROMIUM = "/usr/bin/chromium"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: Word numbering levels for the enumerators of the corpora: (scheme, numFmt, lvlText).
LEVELS = (("lower-paren", "lowerLetter", "(%1)"), ("digit-paren", "decimal", "(%2)"),
          ("upper-paren", "upperLetter", "(%3)"), ("roman-paren", "lowerRoman", "(%4)"))


def chromium_missing() -> str | None:
    """Why the Chromium tests cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install '.[test]')"
    return None


# --- Word --------------------------------------------------------------------------------------

def write_docx(text: str, path: Path, *, word_numbering: bool = False) -> Path:
    """``text`` as a Word document: one paragraph per line, an empty paragraph per blank line,
    division and section lines in heading styles. With ``word_numbering`` the "(a)" / "(1)" /
    "(A)" / "(i)" numbers are not typed: Word draws them from numbering.xml, a list restarting
    at each division or section."""
    import docx

    document = docx.Document()
    lists = _Lists(document) if word_numbering else None
    for line in text.split("\n"):
        marker = numbering.division_marker(line.strip())
        style = None
        if marker is not None and len(line.split()) <= 12:
            style = "Heading 1" if marker.kind.value == "article" else "Heading 2"
        if marker is not None and lists is not None:
            lists.restart()
        numbered = lists.number(line.strip()) if lists is not None and marker is None else None
        if numbered is None:
            document.add_paragraph(line.strip(), style=style)
        else:
            level, num_id, rest = numbered
            paragraph = document.add_paragraph(rest)
            properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            properties.get_or_add_ilvl().val = level
            properties.get_or_add_numId().val = num_id
    document.save(str(path))
    return path


class _Lists:
    """Numbering definitions added to a python-docx document, and Word's counting of them."""

    def __init__(self, document) -> None:
        from docx.oxml import parse_xml

        self.parse = parse_xml
        self.numbering = document.part.numbering_part.element
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{pattern}"/><w:lvlJc w:val="left"/></w:lvl>'
            for i, (_, fmt, pattern) in enumerate(LEVELS))
        abstract = parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">{levels}</w:abstractNum>')
        first_num = self.numbering.find(f"{{{W_NS}}}num")
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        self.num_id = 900
        self.counters: list[int] = []
        self.restart()

    def restart(self) -> None:
        """A new list instance: Word starts every level again."""
        self.num_id += 1
        overrides = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="1"/></w:lvlOverride>'
                            for i in range(len(LEVELS)))
        self.numbering.append(self.parse(f'<w:num xmlns:w="{W_NS}" w:numId="{self.num_id}">'
                                         f'<w:abstractNumId w:val="90"/>{overrides}</w:num>'))
        self.counters = [0] * len(LEVELS)

    def number(self, line: str) -> tuple[int, int, str] | None:
        """(level, numId, text without its number) when Word would draw the line's number."""
        markers = numbering.enumerator_markers(line)
        if len(markers) != 1 or not markers[0].scheme.endswith("paren"):
            return None
        value = markers[0].value
        for level in self._levels(markers[0].scheme, value):
            expected = self.counters[level] + 1
            if _label(expected, LEVELS[level][1]) == value:
                self.counters[level] = expected
                self.counters[level + 1:] = [0] * (len(LEVELS) - level - 1)
                return level, self.num_id, line[markers[0].end:].strip()
        return None

    def _levels(self, scheme: str, value: str) -> list[int]:
        found = [i for i, (name, _, _) in enumerate(LEVELS) if name == scheme]
        if scheme == "lower-paren" and numbering.is_roman(value):
            found.append(3)  # "(i)": the letter after "(h)", or a clause
        return found


def _label(value: int, form: str) -> str:
    from legdiff.readers.docx_numbering import format_number

    return format_number(value, form)


def docx_package(document_body: str, *, extra: dict[str, bytes] | None = None,
                 rels: str = "") -> bytes:
    """A minimal Word package around ``document_body`` (the XML inside <w:body>)."""
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                               b'package/2006/content-types"><Default Extension="xml" ContentType='
                               b'"application/xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                       b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                       b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                       b'Target="word/document.xml"/></Relationships>',
        "word/document.xml": (f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}" xmlns:r="http://'
                              'schemas.openxmlformats.org/officeDocument/2006/relationships" '
                              'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                              f'<w:body>{document_body}</w:body></w:document>').encode(),
        "word/_rels/document.xml.rels": ('<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                                         f'openxmlformats.org/package/2006/relationships">{rels}'
                                         '</Relationships>').encode(),
    }
    parts.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


def paragraph(*runs: str, props: str = "") -> str:
    """<w:p> of plain runs (a run given as raw XML, starting with "<", is kept as it is)."""
    body = "".join(run if run.startswith("<") else f'<w:r><w:t xml:space="preserve">{html.escape(run)}'
                   "</w:t></w:r>" for run in runs)
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{body}</w:p>"


# --- HTML and PDF ---------------------------------------------------------------------------------

def to_html(text: str, title: str = "Document", *, font: str = "serif", size: str = "12pt") -> str:
    """``text`` as an HTML page: a <div> per block of lines and a <p> per line, except that the
    line after a division or section line ("Sec. 28-250. Definitions.") follows it after a
    <br>, as the section's own words."""
    blocks = []
    for block in text.split("\n\n"):
        paragraphs: list[list[str]] = []
        for line in (line.strip() for line in block.split("\n")):
            if not line:
                continue
            after_section = paragraphs and len(paragraphs[-1]) == 1 and (
                numbering.division_marker(paragraphs[-1][0]) and not numbering.enumerator_markers(line))
            if after_section:
                paragraphs[-1].append(line)
            else:
                paragraphs.append([line])
        if paragraphs:
            blocks.append('<div class="block">' + "".join(
                "<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>"
                for lines in paragraphs) + "</div>")
    style = ("body { font-family: %s; font-size: %s; } p { margin: 0; } .block { margin-bottom: 1em; }"
             % (font, size))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{style}</style></head><body>{''.join(blocks)}</body></html>")


class Printer:
    """Chromium, through playwright, printing HTML to PDF (one browser for many documents)."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM,
                                                         args=["--no-sandbox", "--disable-gpu"])
        self._page = self._browser.new_page()

    def pdf(self, page_html: str, path: Path, *, header: str = "", footer: str = "") -> Path:
        self._page.set_content(page_html)
        options = {"path": str(path), "format": "Letter"}
        if header or footer:
            options.update(display_header_footer=True, header_template=header or "<span></span>",
                           footer_template=footer or "<span></span>",
                           margin={"top": "1in", "bottom": "1in", "left": "0.8in", "right": "0.8in"})
        self._page.pdf(**options)
        return path

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()


def copy_as(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def text_pdf(pages: list[list[str]], *, compress: bool = False, in_form: bool = False) -> bytes:
    """A PDF written by hand: each page's lines in Helvetica, one under another (drawn by a form
    XObject the page calls, with ``in_form``)."""
    import zlib

    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        shown = "".join("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                        + ") Tj T* " for line in lines)
        content = f"BT /F1 11 Tf 14 TL 72 720 Td {shown}ET".encode("latin-1")
        filters = b""
        if compress:
            content, filters = zlib.compress(content), b" /Filter /FlateDecode"
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(content), filters) + content
                       + b"\nendstream")
        resources = b"/Resources << /Font << /F1 3 0 R >> >>"
        if in_form:
            objects[-1] = objects[-1].replace(b"<< /Length", b"<< /Type /XObject /Subtype /Form "
                                              b"/BBox [0 0 612 792] " + resources + b" /Length", 1)
            call = b"/Fm1 Do"
            objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(call), call))
            resources = b"/Resources << /XObject << /Fm1 %d 0 R >> >>" % (len(objects) - 1)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       % len(objects) + resources + b" >>")
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids), len(kids))
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
