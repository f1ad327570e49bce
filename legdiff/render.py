"""Render a Report for people: a self-contained HTML page, a Markdown memo, or a CSV sheet.

Only this module imports jinja2. Python prepares plain data (the view model below); the
templates in legdiff.templates (templates/ in a checkout) turn it into HTML and Markdown, with
autoescaping on and StrictUndefined. Users can override any template by pointing the
LEGDIFF_TEMPLATES environment variable at a folder holding a file of the same name.
The same report always renders to the same bytes: no timestamps, document order throughout.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from legdiff.errors import LegdiffError
from legdiff.models import (Alignment, Change, Finding, Grade, Provision, Relation, Report, Role, Segment,
                            Segmented, Status)
from legdiff.serialize import DIFF_SCHEMA, summary

FORMATS = ("html", "md", "csv")
TEMPLATE_ENV = "LEGDIFF_TEMPLATES"

#: (status, label, what it means). Statuses not listed here are shown by their own name.
STATUS_TEXT = (
    (Status.CODIFIED, "Codified", "the ordinance writes down existing practice"),
    (Status.NEW, "New", "no existing practice says this"),
    (Status.COVERED, "Covered", "an ordinance provision addresses this"),
    (Status.MISSING, "Missing", "no ordinance provision addresses this"),
    (Status.UNCHANGED, "Unchanged", "the same in both drafts"),
    (Status.AMENDED, "Amended", "worded differently in the new draft"),
    (Status.DELETED, "Deleted", "in the old draft only"),
    (Status.ADDED, "Added", "in the new draft only"),
)
#: How an aligned pair's relation reads, and what it means: per schema, and by default.
RELATION_TEXT = {
    DIFF_SCHEMA: {Relation.SAME: ("matched", "the same provision, unchanged or reworded"),
                  Relation.PARTIAL: ("partial", "part of a provision that was split or merged"),
                  Relation.CONFLICT: ("changed", "the same provision, its substance changed")},
}
DEFAULT_RELATION_TEXT = {
    Relation.SAME: ("linked", "same substance"),
    Relation.PARTIAL: ("partial", "covers part of it"),
    Relation.CONFLICT: ("conflict", "looks alike, says something different; not counted as coverage"),
}
#: (roles, or () for any; status; title; note): the findings the summary lists first.
CONSEQUENTIAL = (
    ((Role.CONCERNS, Role.ORDER), Status.MISSING, "Left out",
     "Concerns and executive-order items that no provision answers."),
    ((), Status.DELETED, "Deleted", "Provisions of the old draft with no counterpart in the new."),
    ((), Status.ADDED, "Added", "Provisions of the new draft with no counterpart in the old."),
)
#: schema: (heading, what the report compares).
SCHEMA_TEXT = {
    DIFF_SCHEMA: ("What changed between drafts",
                  "Each provision of the old draft is aligned with the new draft, word by word."),
}
DEFAULT_TEXT = ("What the ordinance codifies, adds and leaves out",
                "Each provision of the ordinance is aligned with the documents around it: "
                "existing practice, executive orders and community concerns.")
HIGHLIGHT_LIMIT = 12
EXCERPT_CHARS = 180


@dataclass(frozen=True, slots=True)
class Ref:
    """A provision as a link target: anchor is "" when the report has no section for it."""
    id: str
    anchor: str
    document: str
    citation: str


@dataclass(frozen=True, slots=True)
class StatusView:
    key: str
    label: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Pair:
    """One aligned (or conflicting) pair, seen from one of its two provisions."""
    other: Ref
    a: Ref
    b: Ref
    relation: str
    score: str
    semantic: str  # "" when no similarity model measured it
    lexical: str
    shared_terms: tuple[str, ...]
    differences: tuple[tuple[str, str], ...]
    flags: tuple[str, ...]
    grade: str
    reasons: tuple[str, ...]
    redline: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Miss:
    other: Ref
    score: str
    reason: str


@dataclass(frozen=True, slots=True)
class ProvisionView:
    ref: Ref
    heading: str
    text: str
    status: StatusView
    partial: bool
    pairs: tuple[Pair, ...]
    conflicts: tuple[Pair, ...]
    near_misses: tuple[Miss, ...]
    changes: tuple[str, ...]  # kinds of difference and flags, for the filters
    changed: bool  # some aligned pair differs in substance
    unchanged: bool  # unchanged status, or every counterpart has the very same words


@dataclass(frozen=True, slots=True)
class DocumentView:
    id: str
    anchor: str
    title: str
    role: str
    path: str
    provisions: tuple[ProvisionView, ...]
    counts: tuple[int, ...]  # per status, in Page.statuses order
    total: int


@dataclass(frozen=True, slots=True)
class Highlight:
    """A provision left out (status set), or a pair whose substance differs (other set)."""
    ref: Ref
    excerpt: str
    status: StatusView | None = None
    other: Ref | None = None
    score: str = ""


@dataclass(frozen=True, slots=True)
class HighlightGroup:
    key: str
    title: str
    note: str
    items: tuple[Highlight, ...]
    more: int


@dataclass(frozen=True, slots=True)
class MatrixRow:
    ref: Ref
    status: StatusView
    cells: tuple[tuple[tuple[str, int], ...], ...]  # per column: (relation word, count)


@dataclass(frozen=True, slots=True)
class Page:
    title: str
    schema: str
    heading: str
    intro: str
    model: str
    warnings: tuple[str, ...]
    statuses: tuple[StatusView, ...]
    totals: tuple[int, ...]
    total: int
    alignments: int
    documents: tuple[DocumentView, ...]
    highlights: tuple[HighlightGroup, ...]
    relations: tuple[tuple[str, str], ...]  # (word, meaning) for each relation
    matrix: tuple[MatrixRow, ...]  # the first document's provisions against documents[1:]
    unlinked: tuple[int, ...]  # per other document: provisions linked to none of the first's
    change_kinds: tuple[str, ...]


def render(report: Report, fmt: str) -> str:
    """The report as text in ``fmt``: "html", "md" or "csv"."""
    if fmt not in FORMATS:
        raise LegdiffError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    page = build_page(report)
    if fmt == "csv":
        return csv_text(page)
    template = environment(markdown=fmt == "md").get_template(f"report.{fmt}.j2")
    return template.render(page=page)


def environment(*, markdown: bool = False) -> jinja2.Environment:
    """The template environment: LEGDIFF_TEMPLATES first, then the installed templates."""
    loaders: list[jinja2.BaseLoader] = []
    override = os.environ.get(TEMPLATE_ENV)
    if override:
        loaders.append(jinja2.FileSystemLoader(override))
    loaders.append(jinja2.FunctionLoader(_packaged_template))
    loaders.append(jinja2.FileSystemLoader(Path(__file__).resolve().parent.parent / "templates"))
    options = dict(loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
                   keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    if markdown:
        env = jinja2.Environment(autoescape=False, finalize=escape_markdown, **options)
    else:
        env = jinja2.Environment(autoescape=True, **options)
    env.filters["excerpt"] = excerpt
    return env


def _packaged_template(name: str) -> tuple[str, str, object] | None:
    """A template shipped in the installed legdiff.templates package (works from a wheel too)."""
    try:
        source = resources.files("legdiff.templates").joinpath(*split_template_path(name))
        return source.read_text("utf-8"), str(source), lambda: True
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return None


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~])")


def escape_markdown(value) -> str:
    """Document text as inert Markdown: one line, no links, images, HTML or table breaks."""
    text = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def anchors(report: Report) -> dict[str, str]:
    """A unique, stable HTML id for each provision the report shows (a leaf with a finding):
    slug of document id + "--" + slug of citation; then of its provision id; then numbered."""
    found = {f.provision for f in report.findings}
    result: dict[str, str] = {}
    taken: set[str] = set()
    for segmented in report.documents:
        document = slug(segmented.document.id) or "document"
        for provision in segmented.leaves():
            if provision.id not in found:
                continue
            local = provision.id.rsplit(":", 1)[-1]
            choices = [f"{document}--{slug(text)}" for text in (provision.citation, local) if slug(text)]
            result[provision.id] = _unique(choices or [f"{document}--provision"], taken)
    return result


def _unique(choices: list[str], taken: set[str]) -> str:
    numbered = (f"{choices[0]}-{n}" for n in itertools.count(2))
    anchor = next(c for c in itertools.chain(choices, numbered) if c not in taken)
    taken.add(anchor)
    return anchor


def status_view(status: str) -> StatusView:
    for key, label, meaning in STATUS_TEXT:
        if key == status:
            return StatusView(str(key), label, meaning)
    return StatusView(str(status), str(status).replace("_", " ").capitalize(), "")


class _Index:
    """Look-ups over one report, built once: provisions, findings, pairs, anchors."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.provisions = {p.id: p for s in report.documents for p in s.provisions}
        self.findings = {f.provision: f for f in report.findings}
        self.anchors = anchors(report)
        self.relations = RELATION_TEXT.get(report.schema, DEFAULT_RELATION_TEXT)
        self.counted = _by_provision(report.alignments)
        self.uncounted = _by_provision(report.conflicts)  # look alike, not counted as coverage

    def ref(self, pid: str) -> Ref:
        provision = self.provisions.get(pid)
        if provision is None:
            return Ref(pid, "", "", pid)
        return Ref(pid, self.anchors.get(pid, ""), provision.doc, provision.citation)

    def heading(self, provision: Provision) -> str:
        """Its own heading, or the nearest enclosing provision's."""
        current: Provision | None = provision
        while current is not None and not current.heading:
            current = self.provisions.get(current.parent) if current.parent else None
        return current.heading if current is not None else ""


def _by_provision(alignments: tuple[Alignment, ...]) -> dict[str, list[Alignment]]:
    result: dict[str, list[Alignment]] = {}
    for alignment in alignments:
        for pid in dict.fromkeys((alignment.a, alignment.b)):
            result.setdefault(pid, []).append(alignment)
    return result


def build_page(report: Report) -> Page:
    """The view model the templates read: plain data, in document order."""
    index = _Index(report)
    counts = summary(report)
    statuses = _statuses(counts["total"])
    documents = tuple(_document_view(index, s, counts["documents"], statuses) for s in report.documents)
    heading, intro = SCHEMA_TEXT.get(report.schema, DEFAULT_TEXT)
    relations = tuple(index.relations.values())
    kinds = sorted({k for d in documents for p in d.provisions for k in p.changes}, key=_change_order)
    return Page(report.title or (documents[0].title if documents else ""), report.schema, heading, intro,
                report.model, report.warnings, statuses,
                tuple(counts["total"].get(s.key, 0) for s in statuses), sum(counts["total"].values()),
                counts["alignments"], documents, _highlights(index, documents),
                relations, *_matrix(documents, relations), tuple(kinds))


def _statuses(total: dict[str, int]) -> tuple[StatusView, ...]:
    known = [str(key) for key, _, _ in STATUS_TEXT]
    ordered = [k for k in known if k in total] + sorted(k for k in total if k not in known)
    return tuple(status_view(k) for k in ordered)


def _change_order(kind: str) -> tuple[int, str]:
    order = [str(c) for c in Change]
    return (order.index(kind), kind) if kind in order else (len(order), kind)


def _document_view(index: _Index, segmented: Segmented, counts: dict[str, dict[str, int]],
                   statuses: tuple[StatusView, ...]) -> DocumentView:
    document = segmented.document
    own = counts.get(document.id, {})
    provisions = tuple(_provision_view(index, p) for p in segmented.leaves() if p.id in index.findings)
    return DocumentView(document.id, "document-" + (slug(document.id) or "document"), document.title,
                        str(document.role), document.path, provisions,
                        tuple(own.get(s.key, 0) for s in statuses), sum(own.values()))


def _provision_view(index: _Index, provision: Provision) -> ProvisionView:
    finding: Finding = index.findings[provision.id]
    pairs, conflicts = (tuple(_pair(index, provision.id, a) for a in sorted(
        table.get(provision.id, []), key=lambda a: -a.score)) for table in (index.counted, index.uncounted))
    alignments = pairs + conflicts
    changes = {d for p in alignments for d, _ in p.differences} | {f for p in pairs for f in p.flags}
    changed = any(p.differences or p.grade == Grade.SUBSTANTIVE for p in alignments)
    same_words = bool(pairs) and all(all(s.op == "equal" for s in p.redline) for p in pairs)
    misses = tuple(Miss(index.ref(m.provision), f"{m.score:.2f}", m.reason) for m in finding.near_misses)
    return ProvisionView(index.ref(provision.id), index.heading(provision), provision.text.strip(),
                         status_view(finding.status), finding.partial, pairs, conflicts, misses,
                         tuple(sorted(changes, key=_change_order)), changed,
                         finding.status == Status.UNCHANGED or same_words)


def _pair(index: _Index, pid: str, alignment: Alignment) -> Pair:
    evidence = alignment.evidence
    other = alignment.b if alignment.a == pid else alignment.a
    return Pair(index.ref(other), index.ref(alignment.a), index.ref(alignment.b),
                index.relations.get(alignment.relation, (str(alignment.relation), ""))[0],
                f"{alignment.score:.2f}", f"{evidence.semantic:.2f}" if evidence.semantic else "",
                f"{evidence.lexical:.2f}",
                evidence.shared_terms, tuple((str(d.change), d.detail) for d in evidence.differences),
                alignment.flags, str(alignment.grade or ""), alignment.reasons,
                index.report.redlines.get((alignment.a, alignment.b), ()))


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0] + " \u2026"


def _highlights(index: _Index, documents: tuple[DocumentView, ...]) -> tuple[HighlightGroup, ...]:
    groups = [(str(status), title, note,
               [Highlight(p.ref, excerpt(p.text), p.status)  # concerns first, then orders
                for d in sorted(documents, key=lambda d: roles.index(d.role) if d.role in roles else 0)
                for p in d.provisions if p.status.key == status and (not roles or d.role in roles)])
              for roles, status, title, note in CONSEQUENTIAL]
    changed = [_pair_highlight(index, a) for a in index.report.alignments
               if a.evidence.differences or a.grade == Grade.SUBSTANTIVE]
    by_score = sorted(index.report.conflicts, key=lambda a: -a.score)  # stable: ties keep report order
    conflicts = [_pair_highlight(index, a) for a in by_score]
    groups += [
        ("changed", "Aligned, but the substance differs", "Pairs counted as a match whose "
         "negation, modality, exceptions, scope or numbers differ, or whose change is substantive.",
         changed),
        ("conflicts", "Look alike, but say something different", "Similar wording, different "
         "substance. These are not counted as coverage.", conflicts),
    ]
    return tuple(HighlightGroup(key, title, note, tuple(items[:HIGHLIGHT_LIMIT]),
                                max(0, len(items) - HIGHLIGHT_LIMIT))
                 for key, title, note, items in groups if items)


def _pair_highlight(index: _Index, alignment: Alignment) -> Highlight:
    detail = "; ".join([f"{d.change}: {d.detail}" for d in alignment.evidence.differences]
                       or alignment.reasons)
    return Highlight(index.ref(alignment.a), excerpt(detail), other=index.ref(alignment.b),
                     score=f"{alignment.score:.2f}")


def _matrix(documents: tuple[DocumentView, ...],
            relations: tuple[tuple[str, str], ...]) -> tuple[tuple[MatrixRow, ...], tuple[int, ...]]:
    """Rows: the first document's provisions; columns: every other document."""
    if not documents:
        return (), ()
    first, columns = documents[0], documents[1:]
    rows = []
    for provision in first.provisions:
        cells = []
        for column in columns:
            words = [p.relation for p in provision.pairs + provision.conflicts
                     if p.other.document == column.id]
            cells.append(tuple((w, words.count(w)) for w, _ in relations if w in words))
        rows.append(MatrixRow(provision.ref, provision.status, tuple(cells)))
    unlinked = tuple(sum(1 for p in c.provisions if not any(x.other.document == first.id for x in p.pairs))
                     for c in columns)
    return tuple(rows), unlinked


CSV_HEADER = ("document", "citation", "heading", "finding", "partial", "counterparts", "best score",
              "differences", "provision", "anchor", "text")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: formulas get a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_text(page: Page) -> str:
    """One row per provision with a finding."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for document in page.documents:
        for p in document.provisions:
            counterparts = "; ".join(f"{x.other.citation} ({x.other.document})" for x in p.pairs)
            best = max((float(x.score) for x in p.pairs), default=None)
            differences = "; ".join(f"{kind}: {detail}" for x in p.pairs for kind, detail in x.differences)
            row = (document.id, p.ref.citation, p.heading, p.status.key, "yes" if p.partial else "",
                   counterparts, "" if best is None else f"{best:.2f}", differences, p.ref.id, p.ref.anchor,
                   p.text)
            writer.writerow([csv_cell(" ".join(str(cell).split())) for cell in row])
    return out.getvalue()
