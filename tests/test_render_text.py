"""The Markdown memo and the CSV sheet."""

from __future__ import annotations

import csv
import io
import re

import pytest

from legdiff.render import csv_cell, escape_markdown, render
from legdiff.serialize import summary


def test_render_md_contains_summary_counts(denver_report):
    md = render(denver_report, "md")
    counts = summary(denver_report)
    statuses = [s for s in ("codified", "new", "covered", "missing") if s in counts["total"]]
    for document, own in counts["documents"].items():
        row = " | ".join(str(own.get(s, 0)) for s in statuses)
        assert f"| {document} | " in md
        assert f" | {row} | {sum(own.values())} |" in md, document
    total = " | ".join(str(counts["total"][s]) for s in statuses)
    assert f"| All documents | | {total} | {sum(counts['total'].values())} |" in md


def test_render_md_lists_missing_items_with_near_misses(denver_report):
    md = render(denver_report, "md")
    assert "## concerns-letter.txt (concerns)" in md
    assert ": Missing. " in md
    assert "  - near miss: " in md


def test_render_md_document_text_cannot_inject(hostile_report):
    md = render(hostile_report, "md")
    assert r"\<script\>window" in md
    assert not re.search(r"(?<!\\)[<>\[\]]", md)  # every < > [ ] is escaped: no tag, no link
    assert r"\[x\](javascript:alert(1))" in md


@pytest.mark.parametrize("text, expected", [
    ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),  # a link becomes text
    ("<b>bold</b>", r"\<b\>bold\</b\>"),  # inline HTML becomes text
    ("![img](x.png)", r"\!\[img\](x.png)"),  # an image becomes text
    ("a | b", r"a \| b"),  # a pipe cannot end a table cell
    ("Sec. 28-252(b)\n\n# Heading", r"Sec. 28-252(b) \# Heading"),  # one line: no new block
    ("thirty (30) days", "thirty (30) days"),  # ordinary legal text is left alone
])
def test_render_md_escape(text, expected):
    assert escape_markdown(text) == expected


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_render_csv_neutralises_formula_cells(hostile_report):
    rows = _rows(render(hostile_report, "csv"))
    cells = [cell for row in rows for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells  # the heading of Sec. 1-102
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


@pytest.mark.parametrize("value, expected", [
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),  # DDE formula
    ("+1+1", "'+1+1"),  # plus starts a formula
    ("-2+3", "'-2+3"),  # so does minus
    ("@SUM(1,1)", "'@SUM(1,1)"),  # and at
    ("\tx", "'\tx"),  # a tab
    ("\rx", "'\rx"),  # a carriage return
    ("Sec. 28-252(a)", "Sec. 28-252(a)"),  # a citation is left alone
    ("", ""),  # an empty cell stays empty
])
def test_render_csv_cell(value, expected):
    assert csv_cell(value) == expected


def test_render_csv_one_row_per_finding(denver_report):
    rows = _rows(render(denver_report, "csv"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["document", "citation", "heading", "finding"]
    assert len(body) == sum(summary(denver_report)["total"].values())
    assert all(len(row) == len(header) for row in body)
    codified = [row for row in body if row[3] == "codified"]
    assert codified and all(row[header.index("counterparts")] for row in codified)
    assert all(row[header.index("best score")] for row in codified)


def test_render_file_names_are_data_in_every_format(tmp_path):
    """A hostile file name is escaped in HTML and neutralised in CSV, like document text."""
    import csv
    import io

    from legdiff import pipeline

    ordinance = tmp_path / "<img src=x onerror=alert(1)>.txt"
    ordinance.write_text("Sec. 1. Rule.\n(a) No agency shall hold any person on a detainer.\n")
    memo = tmp_path / "=HYPERLINK(1).txt"
    memo.write_text("The jail does not hold any person on a detainer.\n")
    report = pipeline.build_report(str(ordinance), practice=[str(memo)])
    html = pipeline.render_report(report, "html")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    rows = list(csv.reader(io.StringIO(pipeline.render_report(report, "csv"))))
    documents = {row[0] for row in rows[1:]}
    assert "'=HYPERLINK(1).txt" in documents and "=HYPERLINK(1).txt" not in documents
