"""Readers for legislative XML (USLM, DC Code XML) and HTML pages of codes (placeholder)."""

from __future__ import annotations

from legdiff.errors import InputError


def read_xml(source: str, path: str):
    raise InputError(f"{path}: XML input is not supported yet; convert it to text")


def read_html(source: str, path: str):
    raise InputError(f"{path}: HTML input is not supported yet; convert it to text")
