"""Readers for Word (DOCX) and PDF documents: every reader yields the same provisions as the
plain text of the same document; Word's own numbering, headings, tables and tracked changes;
PDF line wraps, hyphenation, running headers and page numbers; offsets back into the source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from documents import (Printer, chromium_missing, copy_as, docx_package, paragraph, text_pdf,
                       to_html, write_docx)
from legdiff.errors import InputError
from legdiff.load import load_document, load_revisions
from legdiff.models import Document, Role
from legdiff.readers import pdf as pdf_reader
from legdiff.readers.docx_numbering import format_number
from legdiff.segment import segment

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "corpora" / "denver-2017").glob("*.txt")) + [
    ROOT / "corpora" / "riverton-tenant-protections" / "ordinance.txt"]
#: Multi-page documents printed with a running header and "Page N of M" footers.
LONG = [ROOT / "corpora" / "denver-2017" / "ordinance-final-2017-08-28.txt",
        ROOT / "corpora" / "riverton-tenant-protections" / "ordinance.txt"]
NO_CHROMIUM = chromium_missing()


def leaves(document: Document) -> list[tuple[str, str]]:
    """(citation, text with white space collapsed) of each leaf provision, in order."""
    return [(leaf.citation, " ".join(leaf.text.split())) for leaf in segment(document).leaves()]


def uncovered_and_unmapped(document: Document) -> tuple[list[int], list[int]]:
    """Characters of the text outside exactly one leaf, and characters not found at their
    offset in the source (ligatures written as letters are at their ligature)."""
    counts = [0] * (len(document.text) + 1)
    for leaf in segment(document).leaves():
        for i in range(leaf.start, leaf.end):
            counts[i] += 1
    uncovered = [i for i, c in enumerate(document.text) if not c.isspace() and counts[i] != 1]
    offsets = document.offsets or range(len(document.text) + 1)
    unmapped = [i for i, c in enumerate(document.text) if not c.isspace()
                and document.source[offsets[i]] != c and ord(document.source[offsets[i]]) < 0xFB00]
    return uncovered, unmapped


def corpus_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


# --- Word numbering formats ---------------------------------------------------------------------

@pytest.mark.parametrize("value, form, expected", [
    (1, "lowerLetter", "a"),  # "(a)" subsections
    (27, "lowerLetter", "aa"),  # Word repeats the letter after z
    (4, "upperLetter", "D"),
    (4, "lowerRoman", "iv"),  # "(iv)" clauses
    (14, "upperRoman", "XIV"),
    (7, "decimal", "7"),
    (7, "decimalZero", "07"),
    (3, "none", ""),
    (5, "cardinalText", "5"),  # formats Word spells out are written as digits
])
def test_readers_docx_number_formats(value, form, expected):
    assert format_number(value, form) == expected


# --- the same provisions from every reader ------------------------------------------------------

@pytest.mark.parametrize("path", CORPUS, ids=corpus_id)
def test_readers_docx_typed_numbers_give_the_text_provisions(path, tmp_path):
    text = path.read_text(encoding="utf-8")
    document = load_document(write_docx(text, tmp_path / "typed.docx"))
    assert document.format == "docx" and document.source == document.text
    assert leaves(document) == leaves(load_document(path))
    assert uncovered_and_unmapped(document) == ([], [])


@pytest.mark.parametrize("path", CORPUS, ids=corpus_id)
def test_readers_docx_word_numbering_gives_the_text_provisions(path, tmp_path):
    # the "(a)", "(1)", "(A)", "(i)" numbers are drawn by Word from numbering.xml, not typed
    text = path.read_text(encoding="utf-8")
    made = write_docx(text, tmp_path / "numbered.docx", word_numbering=True)
    xml = _document_xml(made)
    assert (xml.count("<w:numPr>") > 0) == bool(re.search(r"^\([a-z]\) ", text, re.M))
    assert not re.search(r">\((?:b|2|B|ii)\) ", xml)
    assert leaves(load_document(made)) == leaves(load_document(path))


@pytest.mark.parametrize("path", CORPUS, ids=corpus_id)
def test_readers_html_gives_the_text_provisions(path, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(to_html(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert leaves(load_document(page)) == leaves(load_document(path))


def _document_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode()


# --- Word ---------------------------------------------------------------------------------------

def test_readers_docx_list_number_style_numbers_lines(tmp_path):
    import docx

    made = docx.Document()
    made.add_paragraph("Procedure", style="Heading 1")
    for step in ("Book the person.", "Check the warrant.", "Release the person."):
        made.add_paragraph(step, style="List Number")
    made.add_paragraph("Notes follow.")
    made.save(str(tmp_path / "steps.docx"))
    document = load_document(tmp_path / "steps.docx")
    assert document.text == ("Procedure\n1. Book the person.\n2. Check the warrant.\n"
                             "3. Release the person.\nNotes follow.")
    assert [p.citation.split(",")[0] for p in segment(document).leaves()][1:4] == ["para. 1", "para. 2", "para. 3"]


NUMBERING = f"""<?xml version="1.0"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Sec. %1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/><w:isLgl/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>""".encode()
RELS = ('<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/numbering" Target="numbering.xml"/>')


def _numbered(num: int, level: int) -> str:
    return f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'


def test_readers_docx_numbering_definitions_levels_restarts_and_bullets(tmp_path):
    body = "".join([
        paragraph("Definitions.", props=_numbered(1, 0)),
        paragraph("Agency means a city agency.", props=_numbered(1, 1)),
        paragraph("Detainer means a request.", props=_numbered(1, 1)),
        paragraph("Scope.", props=_numbered(1, 0)),  # level 1 restarts after level 0
        paragraph("Applies to every agency.", props=_numbered(1, 1)),
        paragraph("Legal number.", props=_numbered(1, 2)),  # isLgl: "2.1.1", letters as digits
        paragraph("Continues at (d).", props=_numbered(2, 1)),  # startOverride 4
        paragraph("A bullet.", props=_numbered(3, 0)),
        paragraph("Unnumbered.", props='<w:numPr><w:numId w:val="0"/></w:numPr>'),
    ])
    path = tmp_path / "defs.docx"
    path.write_bytes(docx_package(body, extra={"word/numbering.xml": NUMBERING}, rels=RELS))
    assert load_document(path).text.split("\n") == [
        "Sec. 1. Definitions.", "(a) Agency means a city agency.", "(b) Detainer means a request.",
        "Sec. 2. Scope.", "(a) Applies to every agency.", "2.1.1 Legal number.",
        "(d) Continues at (d).", "\u2022 A bullet.", "Unnumbered."]


def test_readers_docx_headings_tables_and_breaks(tmp_path):
    import docx

    made = docx.Document()
    made.add_paragraph("Memorandum to staff about detainers.")
    made.add_paragraph("Fees", style="Heading 2")
    table = made.add_table(rows=2, cols=2)
    for (row, col), words in {(0, 0): "Service", (0, 1): "Fee", (1, 0): "Copy", (1, 1): "$5"}.items():
        table.cell(row, col).text = words
    made.add_paragraph("Line one").add_run().add_break()
    made.paragraphs[-1].add_run("line two")
    made.save(str(tmp_path / "memo.docx"))
    assert load_document(tmp_path / "memo.docx").text == (
        "Memorandum to staff about detainers.\n\nFees\n\nService\tFee\nCopy\t$5\n\nLine one\nline two")


DEL = '<w:del w:id="1" w:author="Clerk"><w:r><w:delText xml:space="preserve">{}</w:delText></w:r></w:del>'
INS = '<w:ins w:id="2" w:author="Clerk"><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:ins>'
TRACKED = "".join([
    paragraph("Sec. 1. Detainers."),
    paragraph("(a) No person shall be held ", DEL.format("for 48 hours "), INS.format("at all "),
              "on a detainer."),
    # an inserted paragraph: its mark is inserted, so in the old text it is not there
    paragraph(INS.format("(b) The Sheriff shall give the person a copy."),
              props='<w:rPr><w:ins w:id="3" w:author="Clerk"/></w:rPr>'),
    paragraph("(c) Reports are public."),
])


@pytest.mark.parametrize("revisions, expected", [
    ("accepted", "(a) No person shall be held at all on a detainer.\n(b) The Sheriff shall give "
                 "the person a copy.\n(c) Reports are public."),  # the default
    ("new", "(a) No person shall be held at all on a detainer.\n(b) The Sheriff shall give the "
            "person a copy.\n(c) Reports are public."),
    ("old", "(a) No person shall be held for 48 hours on a detainer.\n(c) Reports are public."),
])
def test_readers_docx_tracked_changes(revisions, expected, tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(docx_package(TRACKED))
    assert load_document(path, revisions=revisions).text == "Sec. 1. Detainers.\n" + expected


def test_readers_docx_tracked_paragraph_marks_numbering_and_rows(tmp_path):
    deleted_mark = '<w:rPr><w:del w:id="4" w:author="Clerk"/></w:rPr>'
    numbering_added = _numbered(1, 1) + '<w:pPrChange w:id="5" w:author="Clerk"><w:pPr/></w:pPrChange>'
    row = ('<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Fee</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:trPr>'
           '<w:del w:id="6" w:author="Clerk"/></w:trPr><w:tc><w:p>' + DEL.format("Old fee") +
           '</w:p></w:tc></w:tr></w:tbl>')
    body = "".join([
        paragraph("The first half ", props=deleted_mark),  # accepted: runs on into the next
        paragraph("and the second half."),
        paragraph("Now numbered.", props=numbering_added),  # the number came with the change
        row,
    ])
    path = tmp_path / "marks.docx"
    path.write_bytes(docx_package(body, extra={"word/numbering.xml": NUMBERING}, rels=RELS))
    assert load_document(path).text == "The first half and the second half.\n(a) Now numbered.\n\nFee"
    assert load_document(path, revisions="old").text == (
        "The first half\nand the second half.\nNow numbered.\n\nFee\nOld fee")


def test_readers_docx_load_revisions_gives_old_and_new(tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(docx_package(TRACKED))
    old, new = load_revisions(path)
    assert (old.role, new.role) == (Role.OLD, Role.NEW)
    assert (old.id, new.id) == ("old/draft.docx", "new/draft.docx")
    assert "48 hours" in old.text and "48 hours" not in new.text
    assert "Sec. 1(b)" in {p.citation for p in segment(new).provisions}


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_text("Sec. 1. Text.\n"), re.escape("only Word (.docx) documents have tracked")),
    (lambda p: p.write_bytes(docx_package(paragraph("Sec. 1. Text."))), "has no tracked changes"),
])
def test_readers_docx_load_revisions_refuses_files_without_changes(make, message, tmp_path):
    path = tmp_path / "draft.docx"
    make(path)
    with pytest.raises(InputError, match=message):
        load_revisions(path)


def test_readers_docx_old_revision_of_text_file_is_an_error(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Sec. 1. Text.\n")
    with pytest.raises(InputError, match=r"plain\.txt: only Word"):
        load_document(path, revisions="old")


def test_readers_docx_hidden_text_fields_and_text_boxes(tmp_path):
    box = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
           '<w:p><w:r><w:t>Boxed note.</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>'
           '<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Boxed note.</w:t></w:r></w:p>'
           '</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    body = "".join([
        paragraph("Visible ", '<w:r><w:rPr><w:vanish/></w:rPr><w:t>secret </w:t></w:r>', "text."),
        paragraph('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                  '<w:r><w:instrText> HYPERLINK "http://example.invalid" </w:instrText></w:r>',
                  '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', "the link",
                  '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        paragraph("Body with a box.", box),
    ])
    path = tmp_path / "parts.docx"
    path.write_bytes(docx_package(body))
    assert load_document(path).text == "Visible text.\nthe link\nBoxed note.\nBody with a box."


def test_readers_docx_renamed_txt_is_read_as_word(tmp_path):
    made = write_docx("Sec. 1. Rules.\n(a) No agency shall hold a person.", tmp_path / "a.docx")
    document = load_document(copy_as(made, tmp_path / "renamed.txt"))
    assert document.format == "docx" and "(a) No agency shall hold a person." in document.text


# --- PDF: joining lines ---------------------------------------------------------------------------

def _line(content: str, right: float, *, row: int = 0, page: int = 0, gap: bool = False):
    return pdf_reader._Line(page, row, 0, content, gap, 0.0 if right else None,
                            right or None)


@pytest.mark.parametrize("before, after, expected", [
    # a full line goes on; a short one ended its line
    (_line("No city agency shall use city funds, personnel, vehicles or", 98), _line("other city resources.", 40), "space"),
    (_line("Sec. 28-250. Definitions.", 30), _line("For the purposes of this article:", 50), "line"),
    # a new unit starts a line when the full line ended a clause ...
    (_line("to federal immigration authorities; or", 98), _line("(2) Condition eligibility on status.", 60), "line"),
    # ... but goes on where the number is part of the sentence
    (_line("shall complete language access training within ninety", 99), _line("(90) days after hire.", 40), "space"),
    (_line("by the authority vested in me by", 98), _line("Section 304 of the County Charter.", 60), "space"),
    # vertical space is a new paragraph
    (_line("the end of a paragraph.", 99), _line("The next one.", 30, row=2, gap=True), "blank"),
    # hyphens: a compound keeps its hyphen, a word the document writes whole loses it
    (_line("probation, pre-", 99), _line("trial services.", 30), "hyphen"),
    (_line("Section 28-", 99), _line("253(a) applies.", 30), "hyphen"),
    (_line("as otherwise pro-", 99), _line("vided by law; provided that", 50), "word"),
    (_line("as otherwise pro\u00ad", 99), _line("vided by law.", 30), "word"),  # a soft hyphen
])
def test_readers_pdf_joins_wrapped_lines(before, after, expected):
    from collections import Counter

    words = Counter(["provided", "vided"])
    edges = {0: 100.0}
    assert pdf_reader._join(before, after, edges, words) == expected


@pytest.mark.parametrize("line, furniture", [
    ("3", True), ("- 3 -", True), ("Page 3 of 9", True), ("3/9", True), ("[iv]", True),
    ("(3)", False),  # a paragraph number may stand alone on a line
    ("3. Release the person.", False), ("Sec. 3.", False),
])
def test_readers_pdf_page_numbers(line, furniture):
    assert bool(pdf_reader.PAGE_NUMBER.match(line)) == furniture


def test_readers_pdf_without_text_layer_says_run_ocr(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as file:
        writer.write(file)
    with pytest.raises(InputError, match=r"scan\.pdf: has no text layer .* run OCR on it first"):
        load_document(path)


# --- PDF printed by Chromium ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def printer():
    if NO_CHROMIUM:
        pytest.skip(NO_CHROMIUM)
    made = Printer()
    yield made
    made.close()


HEADER = ('<div style="font-size:9px; width:100%; text-align:center">City and County of Denver '
          '&mdash; Council Bill 17-0940</div>')
FOOTER = ('<div style="font-size:9px; width:100%; text-align:center">Page <span class="pageNumber">'
          '</span> of <span class="totalPages"></span></div>')


@pytest.mark.chromium
@pytest.mark.parametrize("font, size", [("serif", "12pt"), ("sans-serif", "11pt"), ("DejaVu Serif", "10pt")])
@pytest.mark.parametrize("path", CORPUS, ids=corpus_id)
def test_readers_pdf_gives_the_text_provisions(path, font, size, printer, tmp_path):
    page = to_html(path.read_text(encoding="utf-8"), path.stem, font=font, size=size)
    document = load_document(printer.pdf(page, tmp_path / "printed.pdf"))
    assert document.format == "pdf"
    assert leaves(document) == leaves(load_document(path))
    assert uncovered_and_unmapped(document) == ([], [])


@pytest.mark.chromium
@pytest.mark.parametrize("path", LONG, ids=corpus_id)
def test_readers_pdf_drops_running_headers_and_page_numbers(path, printer, tmp_path):
    page = to_html(path.read_text(encoding="utf-8"), path.stem)
    document = load_document(printer.pdf(page, tmp_path / "printed.pdf", header=HEADER, footer=FOOTER))
    assert document.source.count("Council Bill 17-0940") >= 3 and "Page 2 of" in document.source
    assert "Council Bill 17-0940" not in document.text and "Page 2 of" not in document.text
    assert leaves(document) == leaves(load_document(path))


@pytest.mark.chromium
def test_readers_pdf_ligatures_are_written_as_letters(printer, tmp_path):
    # DejaVu Serif draws "fi" and "ffi" as one glyph, extracted as U+FB01 / U+FB03
    text = ("Sec. 1. Definitions.\n(a) The office shall file the certification of every "
            "affidavit with the official in charge of the final filing.")
    page = to_html(text, font="DejaVu Serif", size="11pt")
    document = load_document(printer.pdf(page, tmp_path / "ligatures.pdf"))
    assert "\ufb01" in document.source and "\ufb01" not in document.text
    assert leaves(document) == leaves(Document("t", Role.DOCUMENT, "t", "", text, text))
    assert uncovered_and_unmapped(document) == ([], [])


def test_readers_pdf_text_inside_form_xobjects(tmp_path):
    # some producers draw each page's text from a form XObject: pypdf's layout mode misses it
    path = tmp_path / "form.pdf"
    path.write_bytes(text_pdf([["Sec. 1. Rules.", "(a) No agency shall hold a person."]], in_form=True))
    assert load_document(path).text == "Sec. 1. Rules.\n(a) No agency shall hold a person."


def test_readers_docx_tracked_changes_diff_from_the_command_line(tmp_path):
    """`legdiff diff draft.docx` compares the text before its tracked changes with the text after."""
    import json

    from click.testing import CliRunner

    from legdiff.cli import main

    path = tmp_path / "draft.docx"
    path.write_bytes(docx_package(TRACKED))
    result = CliRunner().invoke(main, ["diff", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    statuses = {(p["doc"], p["citation"]): p["status"] for p in data["provisions"] if p["leaf"]}
    assert statuses[("new/draft.docx", "Sec. 1(b)")] == "added"
    assert statuses[("old/draft.docx", "Sec. 1(a)")] == "amended"
    assert statuses[("old/draft.docx", "Sec. 1(c)")] == "unchanged"
