"""Hostile and broken input: every bad file gives a correct result or one line "Error: ..."
naming the file and what to do, with exit status 2: never a traceback, a hang, unbounded memory,
or a fetch from the network."""

from __future__ import annotations

import io
import os
import socket
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import docx_package, paragraph, text_pdf, write_docx
from legdiff import load
from legdiff.cli import main
from legdiff.errors import InputError
from legdiff.load import Limits, load_document
from legdiff.models import Document, Role
from legdiff.segment import segment

REGRESSIONS = Path(__file__).resolve().parent / "regressions"
XXE = '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><s><text>&x;</text></s>'
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
          '<s><text>&d;</text></s>')
ORDINANCE = "Sec. 1. Rules.\n(a) No agency shall hold a person on a detainer.\n(b) Reports are public.\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def uncovered(segmented) -> list[int]:
    """Non-white-space characters of the text not in exactly one leaf."""
    counts = [0] * (len(segmented.document.text) + 1)
    for leaf in segmented.leaves():
        for i in range(leaf.start, leaf.end):
            counts[i] += 1
    return [i for i, c in enumerate(segmented.document.text) if not c.isspace() and counts[i] != 1]


# --- makers of bad files --------------------------------------------------------------------------

def _write(name: str, data: bytes | str):
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path
    return make


def _truncated_docx(folder: Path) -> Path:
    whole = write_docx(ORDINANCE, folder / "whole.docx").read_bytes()
    return _write("truncated.docx", whole[:len(whole) // 2])(folder)


def _zip_bomb(folder: Path) -> Path:
    """word/document.xml expands to 110 MB of spaces (about 230 times its packed size)."""
    path = folder / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("_rels/.rels", docx_package_part("_rels/.rels"))
        with package.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document xmlns:w="x">')
            for _ in range(110):
                member.write(b" " * (1 << 20))
    return path


def _lying_zip(folder: Path) -> Path:
    """The archive says document.xml is 100 bytes; it expands to 2 MB."""
    data = bytearray(docx_package(paragraph("x" * 10) * 20_000))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature, 0 if signature == b"PK\x03\x04" else len(data) - 2000)
        while at >= 0:
            name_length = int.from_bytes(data[at + (26 if signature == b"PK\x03\x04" else 28):][:2], "little")
            start = at + (30 if signature == b"PK\x03\x04" else 46)
            if bytes(data[start:start + name_length]) == info.filename.encode():
                data[at + size_at:at + size_at + 4] = (100).to_bytes(4, "little")
            at = data.find(signature, at + 4)
    return _write("lying.docx", bytes(data))(folder)


def docx_package_part(name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx_package(""))) as package:
        return package.read(name)


def _sparse(folder: Path) -> Path:
    path = folder / "huge.txt"
    with path.open("wb") as file:
        file.truncate(200 * 1024 * 1024)
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _encrypted_pdf(folder: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf([[ORDINANCE]]))))
    writer.encrypt("secret", algorithm="RC4-128")
    path = folder / "locked.pdf"
    with path.open("wb") as file:
        writer.write(file)
    return path


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _blank_pdf(folder: Path) -> Path:
    return _write("scan.pdf", text_pdf([[], []]))(folder)


BAD_INPUTS = [
    # (case, maker, words the one error line must contain)
    ("empty", _write("empty.txt", b""), "has no text"),
    ("blank lines only", _write("blank.txt", "\n \n\t\n"), "has no text"),
    ("binary", _write("binary.txt", bytes(range(256)) * 8), "binary file"),
    ("program", _write("tool.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 64), "is a program"),
    ("old Word .doc", _write("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512), "save it as .docx"),
    ("RTF", _write("memo.rtf", "{\\rtf1\\ansi Sec. 1. Rules.}"), "RTF file"),
    ("truncated DOCX", _truncated_docx, "not a complete Word document"),
    ("ZIP that is not Word", _write("sheet.docx", _zip({"xl/workbook.xml": b"<x/>"})), "not a Word document"),
    ("zip bomb in a DOCX", _zip_bomb, "zip bomb"),
    ("DOCX whose sizes lie", _lying_zip, "not a complete Word document"),
    ("DOCX nested 5,000 deep", _write("deep.docx", docx_package("<w:sdt>" * 5000 + "</w:sdt>" * 5000)),
     "nests elements over 2000 deep"),
    ("external entity in a DOCX", _write("xxe.docx", docx_package("", extra={"word/document.xml": (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="x"><w:body>&x;</w:body></w:document>')})), "declares XML entities"),
    ("external entity in XML", _write("xxe.xml", XXE), "remove the <!DOCTYPE"),
    ("billion laughs in XML", _write("laughs.xml", LAUGHS), "remove the <!DOCTYPE"),
    ("truncated PDF", _write("truncated.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pa"), "cannot be read as a PDF"),
    ("PDF without text layer", _blank_pdf, "no text layer"),
    ("password-protected PDF", _encrypted_pdf, "protected by a password"),
    ("200 MB of text", _sparse, "over the 50 MB limit"),
    ("Latin-1 text", _write("latin.txt", "Caf\xe9 rules apply.".encode("latin-1")), "--encoding latin-1"),
    ("UTF-16 with a broken tail", _write("broken16.txt", "\ufeffSec. 1.".encode("utf-16-le") + b"\x00\xd8"), "UTF-16"),
    ("unknown extension", _write("notes.xyz", "Some text."), "unknown file type"),
    ("a named pipe", _fifo, "not a regular file"),
]
@pytest.mark.parametrize("case, maker, words", BAD_INPUTS, ids=[case for case, _, _ in BAD_INPUTS])
def test_hostile_bad_input_gives_one_error_line(case, maker, words, tmp_path):
    path = maker(tmp_path)
    started = time.monotonic()
    result = run("segment", str(path))
    assert time.monotonic() - started < 10, case
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2, (case, result.output)
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert str(path) in lines[0] and words in lines[0], lines[0]
    assert "Traceback" not in result.output


def test_hostile_page_limit(tmp_path, monkeypatch):
    # the page limit, lowered so that the test stays small
    monkeypatch.setattr(load, "LIMITS", Limits(pdf_pages=2))
    path = tmp_path / "long.pdf"
    path.write_bytes(text_pdf([[ORDINANCE]] * 3))
    result = run("segment", str(path))
    assert result.exit_code == 2
    assert result.output.strip() == (f"Error: {path}: has 3 pages, over the limit of 2; split it "
                                     "into smaller documents")


def test_hostile_zip_member_limit(tmp_path):
    # the member count comes from the archive's end record, before zipfile reads its directory
    path = tmp_path / "many.docx"
    path.write_bytes(_zip({f"word/media/{n}.png": b"" for n in range(5)}))
    with pytest.raises(InputError, match=r"many\.docx: the archive has 5 members, over the limit of 3"):
        load_document(path, limits=Limits(zip_members=3))


def test_hostile_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    path = _write("big.txt", ORDINANCE * 100)(tmp_path)
    monkeypatch.setattr(load, "LIMITS", Limits(file_bytes=1024))
    with pytest.raises(InputError, match=r"big\.txt: the file is 0 MB, over the 0 MB limit"):
        load_document(path)


# --- inputs that must be read ---------------------------------------------------------------------

GOOD_INPUTS = [
    # (case, file name, bytes, extra CLI arguments, words the outline must show)
    ("UTF-16 with BOM", "u16.txt", ("\ufeff" + ORDINANCE).encode("utf-16-le"), (), "Sec. 1(b)"),
    ("UTF-16 big-endian with BOM", "u16be.txt", ORDINANCE.encode("utf-16"), (), "Sec. 1(a)"),
    ("UTF-16 without BOM", "u16nobom.txt", ORDINANCE.encode("utf-16-le"), (), "Sec. 1(b)"),
    ("Latin-1 with --encoding", "latin.txt", "Sec. 1. Café rules apply.\n".encode("latin-1"),
     ("--encoding", "latin-1"), "Café rules"),
    ("Spanish", "es.txt", "Artículo 1. Ámbito.\n(a) Ninguna agencia retendrá a una persona "
     "por una orden de detención migratoria.\n(b) Los informes son públicos.\n".encode(), (), "Ninguna agencia"),
    ("Chinese", "zh.txt", "第一条 总则\n（一）任何机关不得因移民身份扣留任何人。\n（二）报告应当公开。\n".encode(),
     (), "任何机关不得"),
    ("unbalanced numbering", "gap.txt", b"Sec. 1. Rules.\n(a) One.\n(b) Two.\n(d) Four.\n", (), "Sec. 1(d)"),
    ("numbering restarts", "restart.txt", b"Sec. 1. Rules.\n(a) One.\n(b) Two.\nNext list:\n(a) Again.\n"
     b"(b) And again.\n", (), "And again."),
    ("text named .pdf", "plain.pdf", ORDINANCE.encode(), (), "Sec. 1(a)"),
    ("text named .docx", "plain.docx", ORDINANCE.encode(), (), "Sec. 1(b)"),
    ("XML named .txt", "bill.txt", b'<?xml version="1.0"?><section><num>1-101</num><text>Rules.</text></section>',
     (), "1-101"),
]


@pytest.mark.parametrize("case, name, data, args, words", GOOD_INPUTS, ids=[c[0] for c in GOOD_INPUTS])
def test_hostile_odd_but_valid_input_is_read(case, name, data, args, words, tmp_path):
    path = tmp_path / name
    path.write_bytes(data)
    result = run("segment", str(path), *args)
    assert result.exit_code == 0, result.output
    assert words in result.output
    assert uncovered(segment(load_document(path, encoding=args[1] if args else None))) == []


def test_hostile_docx_named_txt_is_read_as_word(tmp_path):
    made = write_docx(ORDINANCE, tmp_path / "made.docx")
    renamed = tmp_path / "renamed.txt"
    renamed.write_bytes(made.read_bytes())
    result = run("segment", str(renamed))
    assert result.exit_code == 0 and "Sec. 1(b)" in result.output


def test_hostile_enormous_single_line_finishes_quickly(tmp_path):
    words = ("the council shall not hold any person on a detainer unless a judge signs " * 70_000)
    path = tmp_path / "line.txt"
    path.write_text(words[:5_000_000])
    started = time.monotonic()
    segmented = segment(load_document(path))
    assert time.monotonic() - started < 30
    assert uncovered(segmented) == []


# --- nothing is fetched ----------------------------------------------------------------------------

EXTERNAL_RELS = (
    '<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/image" Target="http://example.invalid/tracker.png" TargetMode="External"/>'
    '<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/hyperlink" Target="http://example.invalid/" TargetMode="External"/>'
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="http://example.invalid/styles.xml" TargetMode="External"/>')
SETTINGS_RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/attachedTemplate" Target="http://example.invalid/remote.dotx" '
    b'TargetMode="External"/></Relationships>')
LINKED_IMAGE = ('<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/'
                '2006/wordprocessingDrawing"><a:graphic xmlns:a="http://schemas.openxmlformats.org/'
                'drawingml/2006/main"><a:graphicData><pic:pic xmlns:pic="http://schemas.'
                'openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:link="rId7"/>'
                '</pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


def test_hostile_docx_external_links_are_never_fetched(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a reader tried to use the network")

    for target, name in ((socket, "socket"), (socket, "create_connection"),
                         (socket, "getaddrinfo"), (urllib.request, "urlopen")):
        monkeypatch.setattr(target, name, refuse)
    body = paragraph("Sec. 1. Cameras.", LINKED_IMAGE) + paragraph(
        '<w:hyperlink r:id="rId8"><w:r><w:t>the camera policy</w:t></w:r></w:hyperlink>')
    path = tmp_path / "linked.docx"
    path.write_bytes(docx_package(body, rels=EXTERNAL_RELS,
                                  extra={"word/_rels/settings.xml.rels": SETTINGS_RELS}))
    assert load_document(path).text == "Sec. 1. Cameras.\nthe camera policy"


# --- regressions: inputs that found bugs -----------------------------------------------------------

#: What each regression input (tests/regressions/README.md says what it broke) must read as.
REGRESSION_TEXT = {
    "split-runs.docx": "(a) No person shall be held for 48 hours on a detainer.",
    "section-number-across-lines.pdf": "pursuant to Section 28-253(a) of this article.",
    "capitals-hyphenated-across-lines.pdf": 'ADDING ARTICLE IX, "BODY-WORN CAMERAS"',
    "number-words-across-lines.pdf": "training within ninety (90) days after hire.\n(b)",
    "utf16-without-bom.txt": "(a) No agency shall hold a person.",
}


@pytest.mark.parametrize("path", sorted(p for p in REGRESSIONS.glob("*") if p.name != "README.md"),
                         ids=lambda p: p.name)
def test_hostile_regressions(path):
    try:
        document = load_document(path)
    except InputError as error:
        assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
        return
    assert uncovered(segment(document)) == []
    assert REGRESSION_TEXT.get(path.name, "") in document.text


# --- fuzzing --------------------------------------------------------------------------------------

SUFFIXES = (".docx", ".pdf", ".txt", ".xml", ".html", ".md", "")
SAMPLES = {".docx": docx_package(paragraph("Sec. 1. Rules.") + paragraph("(a) No agency shall hold.")),
           ".pdf": text_pdf([["Sec. 1. Rules.", "(a) No agency shall hold a person."], ["(b) More."]],
                            compress=True)}


def _load_or_refuse(folder: Path, name: str, data: bytes) -> None:
    """Only InputError may come out of reading any bytes under any name."""
    path = folder / name
    path.write_bytes(data)
    try:
        document = load_document(path)
    except InputError as error:
        assert str(error).startswith(str(path)) and "\n" not in str(error)
        return
    assert uncovered(segment(document)) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_hostile_fuzz_random_bytes(data, suffix, tmp_path):
    _load_or_refuse(tmp_path, f"fuzz{suffix}", data)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(SAMPLES)), edits=st.lists(
    st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=8)), min_size=1, max_size=4),
    cut=st.floats(0.05, 1))
def test_hostile_fuzz_damaged_documents(kind, edits, cut, tmp_path):
    # real DOCX and PDF bytes with a few spans overwritten and the tail cut off
    data = bytearray(SAMPLES[kind])
    for where, patch in edits:
        at = int(where * (len(data) - 1))
        data[at:at + len(patch)] = patch
    _load_or_refuse(tmp_path, f"damaged{kind}", bytes(data[:max(1, int(cut * len(data)))]))


_LINE_STARTS = st.sampled_from(["", "(a) ", "(b) ", "(1) ", "(i) ", "(A) ", "Sec. 2. ", "§ 3 ",
                                "1. ", "- ", "ARTICLE V. ", "WHEREAS, ", "# ", "Step 1: ", "2.1 "])
_WORDS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=80, deadline=None)
@given(lines=st.lists(st.tuples(_LINE_STARTS, _WORDS, st.sampled_from(["\n", "\n\n", " ", "\r\n"])),
                      max_size=12))
def test_hostile_fuzz_segmenter_covers_every_character(lines):
    text = "".join(start + words + end for start, words, end in lines)
    assert uncovered(segment(Document("fuzz", Role.DOCUMENT, "fuzz", "", text, text))) == []
