"""Loading: a file on disk becomes a Document (source text, the text segmentation reads, and an
offset map between them).

The format is detected by content (a PDF header, a ZIP archive holding word/document.xml, a
byte-order mark, markup at the start), then by extension: a Word document renamed .txt is read
as Word, and a text file named .pdf as text. Every file is read within ``Limits``; a file
outside them, damaged, or of a kind legdiff does not read gives one InputError naming the file
and what to do.

Document.source is the decoded file for text, XML and HTML; the text extracted from a Word
document (which has no plain text of its own: offsets is None); and the pages' lines as
extracted from a PDF, which the offset map points into.
"""

from __future__ import annotations

import os
import re
import stat
from array import array
from dataclasses import dataclass, replace
from pathlib import Path

from legdiff.errors import InputError
from legdiff.models import Document, Role
from legdiff.readers import docx, markup, pdf
from legdiff.segment import title_of


@dataclass(frozen=True, slots=True)
class Limits:
    """What legdiff reads of one file. Larger inputs are refused before they are read."""

    file_bytes: int = 50 * 1024 * 1024  # the file on disk
    unzipped_bytes: int = 100 * 1024 * 1024  # DOCX: XML decompressed, over the parts read
    zip_ratio: int = 200  # DOCX: expansion of a part over 1 MB (a zip bomb expands far more)
    zip_members: int = 10_000  # DOCX: members of the archive
    pdf_pages: int = 1_000  # PDF: pages
    text_chars: int = 50 * 1024 * 1024  # characters of text taken out of a DOCX or PDF


#: The limits load_document uses when none are given.
LIMITS = Limits()
#: Kept for callers of the old keyword: the largest file read.
MAX_BYTES = LIMITS.file_bytes

#: The revisions of a Word document with tracked changes: "accepted" and "new" (insertions
#: kept, deletions dropped) are the same text; "old" is the text before the changes.
REVISIONS = ("accepted", "new", "old")

TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown", ""})
XML_EXTENSIONS = frozenset({".xml"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
#: Extensions of binary documents: a file so named whose content is text is read as text.
DOCUMENT_EXTENSIONS = frozenset({".pdf", ".docx", ".doc", ".docm", ".dotx", ".rtf", ".odt"})
#: What a file starts with, for kinds legdiff does not read, and what to do instead.
REFUSED = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "is an old Word (.doc) file or a password-protected "
     "Office file; save it as .docx without a password, or as PDF"),
    (b"{\\rtf", "is an RTF file; save it as .docx or as plain text"),
    (b"\x7fELF", "is a program, not a document; give a .txt, .md, .html, .xml, .docx or .pdf file"),
    (b"MZ", "is a program, not a document; give a .txt, .md, .html, .xml, .docx or .pdf file"),
)
ACCEPTED = "a .txt, .md, .html, .xml, .docx or .pdf file"


def load_document(path: str | os.PathLike, role: Role = Role.DOCUMENT, *, doc_id: str | None = None,
                  encoding: str | None = None, revisions: str = "accepted",
                  limits: Limits | None = None, max_bytes: int | None = None) -> Document:
    """Read ``path`` as a document of ``role``; raise InputError naming the file and the fix.

    ``revisions`` chooses the text of a Word document with tracked changes: "accepted" (the
    default, also "new") or "old". ``limits`` bounds what is read (``max_bytes`` overrides
    its file size).
    """
    if revisions not in REVISIONS:
        raise ValueError(f"revisions must be one of {', '.join(REVISIONS)}, not {revisions!r}")
    limits = limits or LIMITS
    if max_bytes is not None:
        limits = replace(limits, file_bytes=max_bytes)
    shown = os.fspath(path)
    raw = _read_bytes(Path(shown), shown, limits.file_bytes)
    kind = _detect_format(raw, Path(shown).suffix.lower(), shown)
    if revisions == "old" and kind != "docx":
        raise InputError(f"{shown}: only Word (.docx) documents have tracked changes; drop "
                         "--revision old or give the .docx file")
    return _document(raw, kind, shown, role, doc_id, encoding, revisions, limits)


def load_revisions(path: str | os.PathLike, *, doc_ids: tuple[str, str] | None = None,
                   limits: Limits | None = None) -> tuple[Document, Document]:
    """The two versions of a Word document with tracked changes: (old, new).

    The old version keeps deleted text and drops inserted text; the new one is the document
    with every change accepted. Compare them as two drafts. InputError when ``path`` is not a
    Word document or has no tracked changes.
    """
    shown = os.fspath(path)
    limits = limits or LIMITS
    raw = _read_bytes(Path(shown), shown, limits.file_bytes)
    if _detect_format(raw, Path(shown).suffix.lower(), shown) != "docx":
        raise InputError(f"{shown}: only Word (.docx) documents have tracked changes; give the "
                         "old and the new draft as two files")
    name = Path(shown).name
    old_id, new_id = doc_ids or (f"old/{name}", f"new/{name}")
    old = _document(raw, "docx", shown, Role.OLD, old_id, None, "old", limits)
    new = _document(raw, "docx", shown, Role.NEW, new_id, None, "new", limits)
    if old.text == new.text:
        raise InputError(f"{shown}: has no tracked changes; give the old and the new draft as "
                         "two files")
    return old, new


def _unix_lines(source: str) -> tuple[str, array | None]:
    """Windows (CR LF) and old Mac (CR) line ends read as LF, with an offset map back to the
    source; None when the source has none."""
    if "\r" not in source:
        return source, None
    offsets = array("q")
    parts = []
    at = 0
    for match in re.finditer(r"\r\n?", source):
        parts.append(source[at:match.start()] + "\n")
        offsets.extend(range(at, match.start() + 1))
        at = match.end()
    parts.append(source[at:])
    offsets.extend(range(at, len(source) + 1))
    return "".join(parts), offsets


def _document(raw: bytes, kind: str, shown: str, role: Role, doc_id: str | None,
              encoding: str | None, revisions: str, limits: Limits) -> Document:
    offsets, outline = None, ()
    if kind == "docx":
        zip_limits = docx.ZipLimits(limits.unzipped_bytes, limits.zip_ratio, limits.zip_members)
        source, _ = docx.read_docx(raw, shown, zip_limits, revision="old" if revisions == "old" else "new")
        text, title = source, title_of(source)
    elif kind == "pdf":
        source, text, offsets = pdf.read_pdf(raw, shown, max_pages=limits.pdf_pages,
                                             max_chars=limits.text_chars)
        title = title_of(text)
    else:
        source = _decode(raw, shown, encoding, Path(shown).suffix.lower())
        if not source.strip():
            raise InputError(f"{shown}: the file has no text; check that it is the right file")
        if kind == "xml":
            text, offsets, outline, title = markup.read_xml(source, shown)
        elif kind == "html":
            text, offsets, outline, title = markup.read_html(source, shown)
        else:
            text, offsets = _unix_lines(source)
            title = title_of(text)
    if len(source) > limits.text_chars:
        raise InputError(f"{shown}: holds {len(source) // (1 << 20)} M characters of text, over "
                         f"the limit of {limits.text_chars // (1 << 20)} M; split it into smaller documents")
    if not text.strip():
        raise InputError(f"{shown}: no text was found in the document body; check that it is the "
                         "right file")
    return Document(doc_id or Path(shown).name, role, shown, title, source, text, kind, offsets,
                    outline)


def _read_bytes(path: Path, shown: str, max_bytes: int) -> bytes:
    try:
        status = path.stat()
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file; check the path") from None
    except OSError as error:
        raise InputError(f"{shown}: cannot be read ({error.strerror}); check the path and its "
                         "permissions") from error
    if stat.S_ISDIR(status.st_mode):
        raise InputError(f"{shown}: is a directory; give a document file (or a case folder to "
                         "'legdiff report')")
    if not stat.S_ISREG(status.st_mode):
        raise InputError(f"{shown}: is not a regular file (a device or a pipe); save the document "
                         "to a file and give that")
    if status.st_size > max_bytes:
        raise _too_large(shown, status.st_size, max_bytes)
    try:
        with path.open("rb") as file:
            raw = file.read(max_bytes + 1)
    except OSError as error:
        raise InputError(f"{shown}: cannot be read ({error.strerror}); check its permissions") from error
    if len(raw) > max_bytes:  # the file grew after it was measured
        raise _too_large(shown, len(raw), max_bytes)
    return raw


def _too_large(shown: str, size: int, max_bytes: int) -> InputError:
    return InputError(f"{shown}: the file is {size // (1024 * 1024)} MB, over the "
                      f"{max_bytes // (1024 * 1024)} MB limit; split it into smaller documents")


def _detect_format(raw: bytes, suffix: str, shown: str) -> str:
    head = raw[:4096]
    if head.startswith(b"%PDF-") or b"%PDF-" in raw[:1024] and b"startxref" in raw[-4096:]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx"
    for magic, message in REFUSED:
        if head.startswith(magic):
            raise InputError(f"{shown}: {message}")
    utf16 = _utf16(head)
    if utf16:
        return _format_of_text(head.decode(utf16, errors="ignore"), suffix, shown)
    if b"\x00" in head:
        raise InputError(f"{shown}: this is a binary file, not a document; give {ACCEPTED}")
    return _format_of_text(head.decode("utf-8", errors="ignore"), suffix, shown)


def _utf16(head: bytes) -> str | None:
    """The UTF-16 codec of text with a byte-order mark, or of ASCII-range text without one
    (a NUL beside every other byte)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[:len(head) // 2 * 2]
    if len(sample) < 8:
        return None
    odd, even = sample[1::2], sample[0::2]
    if odd.count(0) == len(odd) and 0 not in even:
        return "utf-16-le"
    if even.count(0) == len(even) and 0 not in odd:
        return "utf-16-be"
    return None


def _format_of_text(head: str, suffix: str, shown: str) -> str:
    start = head.lstrip("\ufeff \t\r\n").lower()
    if start.startswith(("<!doctype html", "<html")) or suffix in HTML_EXTENSIONS:
        return "html"
    if start.startswith("<?xml") or suffix in XML_EXTENSIONS:
        return "xml"
    if suffix in TEXT_EXTENSIONS or suffix in DOCUMENT_EXTENSIONS:
        return "text"
    raise InputError(f"{shown}: unknown file type '{suffix}'; give {ACCEPTED} (rename a "
                     "plain-text file to .txt)")


def _decode(raw: bytes, shown: str, encoding: str | None, suffix: str = "") -> str:
    if encoding:
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError) as error:
            raise InputError(f"{shown}: cannot be decoded as {encoding} ({error}); "
                             "check the --encoding value") from error
    utf16 = _utf16(raw[:4096])
    if utf16:
        try:
            return raw.decode(utf16)
        except UnicodeDecodeError as error:
            raise InputError(f"{shown}: is not valid UTF-16 text (bad bytes at offset "
                             f"{error.start}); re-save it as UTF-8") from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if suffix in DOCUMENT_EXTENSIONS:
            raise InputError(f"{shown}: is not a readable {suffix} file (its start is damaged) "
                             "and not text either; save or export the document again") from error
        raise InputError(f"{shown}: is not UTF-8 text (bad byte at offset {error.start}); "
                         "re-save it as UTF-8 or pass --encoding latin-1") from error
