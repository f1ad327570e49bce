"""Loading: a file on disk becomes a Document (source text, the text segmentation reads, and an
offset map between them). The format is detected by content, then by extension.
"""

from __future__ import annotations

import os
from pathlib import Path

from legdiff.errors import InputError
from legdiff.models import Document, Role
from legdiff.readers import markup
from legdiff.segment import title_of

#: The largest file read. Larger files are refused rather than read into memory.
MAX_BYTES = 50 * 1024 * 1024

TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown", ""})
XML_EXTENSIONS = frozenset({".xml"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})


def load_document(path: str | os.PathLike, role: Role = Role.DOCUMENT, *, doc_id: str | None = None,
                  encoding: str | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Read ``path`` as a document of ``role``; raise InputError naming the file and the fix."""
    shown = os.fspath(path)
    raw = _read_bytes(Path(shown), shown, max_bytes)
    kind = _detect_format(raw, Path(shown).suffix.lower(), shown)
    if kind == "binary":
        raise InputError(f"{shown}: this is a binary file, not a document; give a .txt, .md, "
                         ".html or .xml file")
    source = _decode(raw, shown, encoding)
    if not source.strip():
        raise InputError(f"{shown}: the file has no text; check that it is the right file")
    if kind == "xml":
        text, offsets, outline, title = markup.read_xml(source, shown)
    elif kind == "html":
        text, offsets, outline, title = markup.read_html(source, shown)
    else:
        text, offsets, outline, title = source, None, (), title_of(source)
    if not text.strip():
        raise InputError(f"{shown}: no text was found in the document body; check that it is the "
                         "right file")
    return Document(doc_id or Path(shown).name, role, shown, title, source, text, kind, offsets,
                    outline)


def _read_bytes(path: Path, shown: str, max_bytes: int) -> bytes:
    if not path.exists():
        raise InputError(f"{shown}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{shown}: is a directory; give a document file (or a case folder to "
                         "'legdiff report')")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{shown}: the file is {size // (1024 * 1024)} MB, over the "
                         f"{max_bytes // (1024 * 1024)} MB limit; split it into smaller documents")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{shown}: cannot be read ({error.strerror}); check its permissions") from error


def _detect_format(raw: bytes, suffix: str, shown: str) -> str:
    head = raw[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _format_of_text(head.decode("utf-16", errors="ignore"), suffix, shown)
    if b"\x00" in head or head.startswith((b"%PDF", b"PK\x03\x04", b"\x7fELF", b"MZ")):
        return "binary"
    return _format_of_text(head.decode("utf-8", errors="ignore"), suffix, shown)


def _format_of_text(head: str, suffix: str, shown: str) -> str:
    start = head.lstrip("\ufeff \t\r\n").lower()
    if start.startswith(("<!doctype html", "<html")) or suffix in HTML_EXTENSIONS:
        return "html"
    if start.startswith("<?xml") or suffix in XML_EXTENSIONS:
        return "xml"
    if suffix in TEXT_EXTENSIONS:
        return "text"
    raise InputError(f"{shown}: unknown file type '{suffix}'; give a .txt, .md, .html or .xml file "
                     "(rename a plain-text file to .txt)")


def _decode(raw: bytes, shown: str, encoding: str | None) -> str:
    if encoding:
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError) as error:
            raise InputError(f"{shown}: cannot be decoded as {encoding} ({error}); "
                             "check the --encoding value") from error
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{shown}: is not UTF-8 text (bad byte at offset {error.start}); "
                         "re-save it as UTF-8 or pass --encoding latin-1") from error
