"""The pipeline, wired: load -> segment -> align -> classify -> redline -> render.

Each stage lives in its own module with one public function; this module only calls them in
order. The CLI and scripts use these functions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from legdiff import similarity
from legdiff.align import align, units_by_document
from legdiff.classify import Thresholds, classify, parent_status
from legdiff.errors import CaseError
from legdiff.load import load_document, load_revisions
from legdiff.models import Finding, Report, Role, Segmented
from legdiff.redline import redline
from legdiff.segment import segment
from legdiff.serialize import REPORT_SCHEMA, dumps, report_json


def segment_file(path: str, role: Role = Role.DOCUMENT, *, encoding: str | None = None,
                 doc_id: str | None = None, revisions: str = "accepted") -> Segmented:
    """Load and segment one file (``revisions``: "accepted"/"new" or "old", for a Word document
    with tracked changes)."""
    return segment(load_document(path, role, encoding=encoding, doc_id=doc_id, revisions=revisions))


def outline_text(segmented: Segmented) -> str:
    """A readable outline of a segmented document: one provision per line, indented."""
    by_id = {p.id: p for p in segmented.provisions}
    lines = [f"{segmented.document.path}: {segmented.document.title}"]
    for provision in segmented.provisions:
        depth = 0
        parent = provision.parent
        while parent is not None:
            depth += 1
            parent = by_id[parent].parent
        head = provision.citation + (f" \u2014 {provision.heading}" if provision.heading else "")
        if provision.is_leaf:
            words = " ".join(provision.text.split())
            lines.append(f"{'  ' * depth}{head} [{provision.kind}]: {words}")
        else:
            lines.append(f"{'  ' * depth}{head} [{provision.kind}]")
    return "\n".join(lines) + "\n"


def build_report(ordinance: str, *, practice: Sequence[str] = (), order: Sequence[str] = (),
                 concerns: Sequence[str] = (), model: str = "wordllama",
                 thresholds: Thresholds = Thresholds(), title: str = "",
                 encoding: str | None = None,
                 progress: Callable[[str], None] | None = None) -> Report:
    """The codified / new / missing report of an ordinance against the documents around it."""
    say = progress or (lambda message: None)
    roles = [(ordinance, Role.ORDINANCE)] + [(p, Role.PRACTICE) for p in practice] + \
            [(p, Role.ORDER) for p in order] + [(p, Role.CONCERNS) for p in concerns]
    _check_inputs(roles)
    ids = _document_ids([path for path, _ in roles])
    say(f"Reading {len(roles)} documents")
    segmented = [segment_file(path, role, doc_id=ids[path], encoding=encoding) for path, role in roles]
    warnings = tuple(_empty_warnings(segmented))
    if not practice:
        warnings += ("no practice documents given: every ordinance provision will be reported "
                     "new; add --practice FILE (or practice = [...] in case.toml)",)
    if len(roles) == 1:
        warnings += ("only an ordinance was given: nothing to compare it with; add --practice, "
                     "--order or --concerns",)
    say("Aligning provisions")
    encoder = similarity.encoder(model)
    units = units_by_document(segmented)
    candidates = align(segmented[0], segmented[1:], model=encoder, units=units)
    say(f"Classifying {len(candidates)} candidate pairs")
    classified = classify(segmented[0], segmented[1:], candidates, thresholds=thresholds, units=units)
    findings = _with_parents(segmented, classified.findings)
    bodies = {p.id: p.body for s in segmented for p in s.provisions}
    redlines = {(a.a, a.b): redline(bodies[a.a], bodies[a.b])
                for a in classified.alignments + classified.conflicts}
    return Report(REPORT_SCHEMA, tuple(segmented), classified.alignments, findings,
                  classified.conflicts, redlines, title or segmented[0].document.title, warnings,
                  encoder.name)


def _check_inputs(roles: list[tuple[str, Role]]) -> None:
    if not roles or not roles[0][0]:
        raise CaseError("no ordinance given; pass --ordinance FILE or a case folder")
    seen: dict[str, str] = {}
    for path, role in roles:
        key = os.path.realpath(path)
        if key in seen:
            raise CaseError(f"{path}: given twice (as {seen[key]} and as {role}); give each "
                            "document once")
        seen[key] = str(role)


def _document_ids(paths: list[str]) -> dict[str, str]:
    """Each document's id: its file name, or as much of its path as tells it from the others."""
    ids: dict[str, str] = {}
    for path in paths:
        parts = Path(path).parts
        for size in range(1, len(parts) + 1):
            candidate = "/".join(parts[-size:])
            clash = [p for p in paths if p != path and "/".join(Path(p).parts[-size:]) == candidate]
            if not clash:
                break
        ids[path] = candidate
    return ids


def _empty_warnings(segmented: list[Segmented]):
    for s in segmented:
        if not any(p.is_substantive for p in s.leaves()):
            yield f"{s.document.path}: no provisions with substance were found; nothing in it is compared"


def _with_parents(segmented: list[Segmented], findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    by_id = {f.provision: f for f in findings}
    result = list(findings)
    for s in segmented:
        for pid, status in parent_status(s, by_id).items():
            result.append(Finding(pid, status))
    return tuple(result)


def render_report(report: Report, fmt: str) -> str:
    """The report as text in ``fmt``: "json", "html", "md" or "csv"."""
    if fmt == "json":
        return dumps(report_json(report))
    from legdiff import render

    return render.render(report, fmt)


def build_diff(old: str, new: str | None = None, *, encoding: str | None = None, title: str = "",
               progress: Callable[[str], None] | None = None) -> Report:
    """What changed from the draft at ``old`` to the draft at ``new``, provision by provision;
    with no ``new``, from the text of the Word document ``old`` before its tracked changes to
    the text with them accepted."""
    from legdiff.drafts import compare_drafts

    say = progress or (lambda message: None)
    if new is None:
        say("Reading the tracked changes of 1 draft")
        drafts = [segment(document) for document in load_revisions(old)]
    else:
        ids = _document_ids([old, new])
        old_id, new_id = ids[old], ids[new]
        if old_id == new_id:  # the same file twice
            old_id, new_id = f"old/{Path(old).name}", f"new/{Path(new).name}"
        say("Reading 2 drafts")
        drafts = _segment_pair((old, Role.OLD, old_id), (new, Role.NEW, new_id), encoding)
    say("Comparing provisions")
    report = compare_drafts(drafts[0], drafts[1], title=title)
    warnings = tuple(_empty_warnings(drafts)) + report.warnings
    return Report(report.schema, report.documents, report.alignments, report.findings,
                  report.conflicts, report.redlines, report.title, warnings, report.model)


#: Drafts at least this large (both together) are read in two processes, one each.
PARALLEL_BYTES = 1_000_000


def _segment_pair(first: tuple[str, Role, str], second: tuple[str, Role, str],
                  encoding: str | None) -> list[Segmented]:
    """Segment two drafts; large ones side by side in a forked process (two cores halve the
    reading time of a 1.3 MB code chapter pair). Results are the same either way."""
    def one(job: tuple[str, Role, str]) -> Segmented:
        return segment_file(job[0], job[1], encoding=encoding, doc_id=job[2])

    sizes = sum(os.path.getsize(path) for path, _, _ in (first, second) if os.path.isfile(path))
    if sizes < PARALLEL_BYTES or (os.cpu_count() or 1) < 2 or "fork" not in get_all_start_methods():
        return [one(first), one(second)]
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as pool:
        pending = pool.submit(segment_file, first[0], first[1], encoding=encoding, doc_id=first[2])
        later = one(second)
        return [pending.result(), later]
