"""The HTML report, without a browser: escaping, determinism, self-containment, counts, anchors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from legdiff import render as render_module
from legdiff.errors import LegdiffError
from legdiff.models import (Alignment, Change, Difference, Evidence, Finding, Grade, Relation, Report,
                            Role, Status)
from legdiff.pipeline import render_report, segment_file
from legdiff.redline import redline
from legdiff.render import anchors, render, slug
from legdiff.serialize import DIFF_SCHEMA, report_json


class _Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_render_html_escapes_hostile_text(hostile_report):
    html = render(hostile_report, "html")
    # the payloads are there, as text
    assert "&lt;script&gt;window.__pwned = 1; alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "[x](javascript:alert(1))" in html
    # and nothing of them became markup
    tags = _tags(html)
    assert [t for t, _ in tags].count("script") == 1  # the report's own filter script
    assert not [a for t, a in tags if t == "img"]
    assert not [a for _, a in tags if any(k.startswith("on") for k in a)]
    assert not [a for _, a in tags if "javascript:" in (a.get("href") or "")]


def test_render_html_same_documents_same_bytes(hostile_report, report_from_texts, hostile_texts):
    again = report_from_texts(**hostile_texts)
    assert render(hostile_report, "html").encode() == render(again, "html").encode()


def test_render_html_same_bytes_across_processes(tmp_path, hostile_texts):
    # set and dict order must not leak into the page: render in two processes, hash seeds differ
    (tmp_path / "ordinance.txt").write_text(hostile_texts["ordinance"], encoding="utf-8")
    (tmp_path / "memo.txt").write_text(hostile_texts["practice"][0], encoding="utf-8")
    code = ("import sys; from legdiff.pipeline import build_report, render_report; "
            "report = build_report('ordinance.txt', practice=['memo.txt'], model='none'); "
            "texts = [render_report(report, f).encode() for f in ('html', 'md', 'csv')]; "
            "sys.stdout.buffer.write(b'\\0'.join(texts))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, cwd=tmp_path,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outputs) == 1
    assert [len(text) > 500 for text in next(iter(outputs)).split(b"\0")] == [True, True, True]


def test_render_html_is_deterministic(denver_report):
    first = render(denver_report, "html").encode("utf-8")
    second = render(denver_report, "html").encode("utf-8")
    assert first == second


def test_render_html_loads_nothing_from_outside(denver_report):
    html = render(denver_report, "html")
    tags = _tags(html)
    external = re.compile(r"^\s*(https?:|//|ftp:|data:)", re.I)
    # no script src, no stylesheet link, no image or frame of any kind
    assert not [a for t, a in tags if t == "script" and "src" in a]
    assert not [t for t, _ in tags if t in ("link", "img", "iframe", "object", "embed")]
    assert not [a for _, a in tags for k in ("src", "href") if external.match(a.get(k) or "")]
    assert not re.search(r"url\(|@import", html)
    assert "http://" not in html and "https://" not in html


def test_render_html_has_no_inline_styles(denver_report):
    tags = _tags(render(denver_report, "html"))
    assert not [a for _, a in tags if "style" in a]


def test_render_html_summary_counts_equal_json(denver_report):
    html = render(denver_report, "html")
    summary = report_json(denver_report)["summary"]
    cells = re.findall(r'<td class="num[^"]*" data-document="([^"]*)" data-status="([^"]+)">(\d+)</td>', html)
    shown = {(document, status): int(n) for document, status, n in cells}
    statuses = {status for counts in summary["documents"].values() for status in counts}
    expected = {(document, status): counts.get(status, 0)
                for document, counts in summary["documents"].items() for status in statuses}
    expected.update({("", status): n for status, n in summary["total"].items()})
    assert shown == expected
    assert len(cells) == len(shown)  # one cell per document and status, none twice


def test_render_html_anchors_are_unique_and_named_by_citation(denver_report):
    html = render(denver_report, "html")
    ids = [a["id"] for _, a in _tags(html) if "id" in a]
    assert len(ids) == len(set(ids))
    anchor = "ordinance-final-2017-08-28-txt--sec-28-252-a"
    assert f'id="{anchor}"' in html
    assert f'<a class="permalink" href="#{anchor}"' in html
    assert anchors(denver_report) == anchors(denver_report)


@pytest.mark.parametrize("text, expected", [
    ("Sec. 28-252(b)(3)", "sec-28-252-b-3"),  # an ordinance citation
    ("ordinance-final-2017-08-28.txt", "ordinance-final-2017-08-28-txt"),  # a document id
    ("\u00b6 1, sentence 2", "1-sentence-2"),  # a memo paragraph's sentence
    ("\u00a7 1-601.01 Caf\u00e9", "1-601-01-cafe"),  # section sign and an accent (DC Code)
    ("<script>", "script"),  # markup never reaches an id
])
def test_render_slug_keeps_letters_and_digits(text, expected):
    assert slug(text) == expected


def test_render_html_redline_marks_changes_in_words(hostile_report):
    html = render(hostile_report, "html")
    assert re.search(r'<del><span class="vh">\[deleted: </span>[^<]+<span class="vh">\]</span></del>', html)
    assert re.search(r'<ins><span class="vh">\[inserted: </span>[^<]+<span class="vh">\]</span></ins>', html)


def test_render_html_labels_findings_in_words(hostile_report):
    html = render(hostile_report, "html")
    assert '<span class="label label-codified">Codified</span>' in html
    assert '<span class="label label-missing">Missing</span>' in html


def _diff_report(tmp_path) -> Report:
    """A draft-against-draft report, built by hand as `legdiff diff` would."""
    (tmp_path / "old.txt").write_text(
        "Sec. 1. Reports.\n(a) The Sheriff shall report within sixty (60) days.\n"
        "(b) No city agency shall notify federal officers of a release.\n", encoding="utf-8")
    (tmp_path / "new.txt").write_text(
        "Sec. 1. Reports.\n(a) The Sheriff shall report within thirty (30) days.\n"
        "(b) The Sheriff shall publish the count of requests.\n", encoding="utf-8")
    old = segment_file(str(tmp_path / "old.txt"), Role.OLD, doc_id="old.txt")
    new = segment_file(str(tmp_path / "new.txt"), Role.NEW, doc_id="new.txt")
    body = {p.id: p.body for s in (old, new) for p in s.provisions}
    pair = Alignment("old.txt:sec-1-a", "new.txt:sec-1-a", 0.93, Relation.SAME,
                     Evidence(0.95, 0.9, ("sheriff", "report"), (),
                              (Difference(Change.NUMBER, "sixty (60) -> thirty (30)"),)),
                     ("renumbered",), Grade.SUBSTANTIVE, ("the deadline changed",))
    findings = (Finding("old.txt:sec-1-a", Status.AMENDED, ("new.txt:sec-1-a",)),
                Finding("old.txt:sec-1-b", Status.DELETED),
                Finding("new.txt:sec-1-a", Status.AMENDED, ("old.txt:sec-1-a",)),
                Finding("new.txt:sec-1-b", Status.ADDED))
    return Report(DIFF_SCHEMA, (old, new), (pair,), findings, (),
                  {(pair.a, pair.b): redline(body[pair.a], body[pair.b])}, "Reports ordinance, two drafts")


def test_render_html_draft_diff_uses_its_own_words(tmp_path):
    html = render(_diff_report(tmp_path), "html")
    assert "What changed between drafts" in html
    assert "codifies" not in html
    for label in ("Amended", "Deleted", "Added"):
        assert f">{label}</span>" in html
    assert '<option value="renumbered">Renumbered</option>' in html
    assert '<span class="relation relation-matched">matched</span>' in html  # not "linked"
    assert "Aligned, but the substance differs" in html
    assert '<option value="number">Number</option>' in html
    assert "Codified" not in html and "Missing" not in html


def test_render_md_and_csv_work_for_a_draft_diff(tmp_path):
    report = _diff_report(tmp_path)
    assert "| Document | Role | Amended | Deleted | Added | Total |" in render(report, "md")
    assert "| old.txt | old | 1 | 1 | 0 | 2 |" in render(report, "md")
    assert "new.txt,Sec. 1(b),Reports,added" in render(report, "csv")


def test_render_unknown_format_is_an_error(hostile_report):
    with pytest.raises(LegdiffError, match="unknown report format 'pdf'"):
        render(hostile_report, "pdf")


def test_render_report_dispatches_to_render(hostile_report):
    assert render_report(hostile_report, "html") == render(hostile_report, "html")


def test_render_templates_can_be_overridden_by_env(hostile_report, tmp_path, monkeypatch):
    (tmp_path / "report.css").write_text("/* house style of the clerk's office */\n", encoding="utf-8")
    monkeypatch.setenv(render_module.TEMPLATE_ENV, str(tmp_path))
    html = render(hostile_report, "html")
    assert "/* house style of the clerk's office */" in html
    assert "Provisions by document" in html  # the other templates still come from the package


def test_render_templates_found_after_install(repo_root, tmp_path, hostile_texts):
    # a non-editable install must ship the templates (setup.cfg maps templates/ to legdiff.templates)
    source = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("legdiff", "templates"):
        shutil.copytree(repo_root / folder, source / folder, ignore=ignore)
    for name in ("setup.cfg", "pyproject.toml"):
        shutil.copy(repo_root / name, source / name)
    (source / "README.md").write_text("legdiff\n", encoding="utf-8")
    target = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                              "--target", str(target), str(source)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-2000:]
    (tmp_path / "ordinance.txt").write_text(hostile_texts["ordinance"], encoding="utf-8")
    code = ("from legdiff import pipeline, render\n"
            "report = pipeline.build_report('ordinance.txt', model='none')\n"
            "html = pipeline.render_report(report, 'html')\n"
            "print(render.environment().get_template('report.html.j2').filename)\n"
            "print('filter-count' in html and 'What the ordinance codifies' in html)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", render_module.TEMPLATE_ENV)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env={**env, "PYTHONPATH": str(target)})
    assert run.returncode == 0, run.stderr[-2000:]
    filename, works = run.stdout.split()
    assert filename.startswith(str(target / "legdiff" / "templates")), filename
    assert works == "True"
