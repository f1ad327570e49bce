"""Readers for legislative XML (USLM, DC Code and DC law XML, Akoma Ntoso) and for HTML pages of
codes. Each returns the text segmentation reads (one unit per line), an offset map back into the
source, the outline marks of the numbered units, and the document's title."""

from __future__ import annotations

from array import array

from legdiff.models import OutlineMark
from legdiff.readers import html_markup, xml_markup
from legdiff.segment import title_of

Read = tuple[str, array, tuple[OutlineMark, ...], str]


def read_xml(source: str, path: str) -> Read:
    """Lay out an XML document; InputError (naming ``path``) when it is malformed or unsafe."""
    text, offsets, outline, title = xml_markup.read_xml(source, path)
    return text, offsets, outline, title or title_of(text)


def read_html(source: str, path: str) -> Read:
    """Lay out the body of an HTML page, without its navigation, scripts and styles."""
    text, offsets, outline, title = html_markup.read_html(source, path)
    return text, offsets, outline, title or title_of(text)
