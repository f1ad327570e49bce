"""JSON output, produced from the models in one place, with versioned schemas."""

from __future__ import annotations

import json
from pathlib import Path

from legdiff.models import Alignment, Document, Finding, Provision, Report, Segmented, Status

SEGMENT_SCHEMA = "legdiff/segment-1"
REPORT_SCHEMA = "legdiff/report-1"
DIFF_SCHEMA = "legdiff/diff-1"
SCHEMAS = Path(__file__).parent / "schemas"


def dumps(data: dict) -> str:
    """Deterministic JSON text: same input, same bytes. One top-level key per line and one list
    item (a provision, an alignment) per line: readable, diffable, and written by the fast C
    encoder rather than the indenting one."""
    lines = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n  ".join(_compact(item) for item in value)
            lines.append(f"{_compact(key)}: [\n  {items}\n ]")
        else:
            lines.append(f"{_compact(key)}: {_compact(value)}")
    return "{\n " + ",\n ".join(lines) + "\n}\n"


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def schema(name: str) -> dict:
    """The checked-in JSON Schema for ``name`` ("segment-1", "report-1", "diff-1")."""
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


def document_json(document: Document) -> dict:
    return {"id": document.id, "role": str(document.role), "path": document.path,
            "title": document.title, "format": document.format}


def provision_json(provision: Provision, document: Document) -> dict:
    source_start, source_end = document.source_span(provision.start, provision.end)
    return {
        "id": provision.id,
        "doc": provision.doc,
        "kind": str(provision.kind),
        "citation": provision.citation,
        "heading": provision.heading,
        "text": provision.text,
        "start": provision.start,
        "end": provision.end,
        "source_start": source_start,
        "source_end": source_end,
        "parent": provision.parent,
        "children": list(provision.children),
        "leaf": provision.is_leaf,
    }


def segment_json(segmented: list[Segmented]) -> dict:
    return {
        "schema": SEGMENT_SCHEMA,
        "documents": [document_json(s.document) for s in segmented],
        "provisions": [provision_json(p, s.document) for s in segmented for p in s.provisions],
    }


def alignment_json(alignment: Alignment) -> dict:
    evidence = alignment.evidence
    data = {
        "a": alignment.a,
        "b": alignment.b,
        "score": round(alignment.score, 4),
        "relation": str(alignment.relation),
        "evidence": {
            "semantic": round(evidence.semantic, 4),
            "lexical": round(evidence.lexical, 4),
            "shared_terms": list(evidence.shared_terms),
            "citations": list(evidence.citations),
            "differences": [{"change": str(d.change), "detail": d.detail}
                            for d in evidence.differences],
        },
        "flags": list(alignment.flags),
    }
    if alignment.grade is not None:
        data["grade"] = str(alignment.grade)
        data["reasons"] = list(alignment.reasons)
    return data


def finding_fields(finding: Finding | None) -> dict:
    if finding is None:
        return {"status": None}
    return {
        "status": str(finding.status),
        "partial": finding.partial,
        "counterparts": list(finding.counterparts),
        "near_misses": [{"provision": m.provision, "score": round(m.score, 4), "reason": m.reason}
                        for m in finding.near_misses],
    }


def report_json(report: Report) -> dict:
    findings = {f.provision: f for f in report.findings}
    provisions = []
    for segmented in report.documents:
        for provision in segmented.provisions:
            data = provision_json(provision, segmented.document)
            data.update(finding_fields(findings.get(provision.id)))
            provisions.append(data)
    return {
        "schema": report.schema,
        "title": report.title,
        "documents": [document_json(s.document) for s in report.documents],
        "provisions": provisions,
        "alignments": [alignment_json(a) for a in report.alignments],
        "conflicts": [alignment_json(a) for a in report.conflicts],
        "summary": summary(report),
        "model": report.model,
        "warnings": list(report.warnings),
    }


def summary(report: Report) -> dict:
    """Counts of each status per document, and in all."""
    findings = {f.provision: f for f in report.findings}
    per_document = {}
    total: dict[str, int] = {}
    for segmented in report.documents:
        counts: dict[str, int] = {}
        for provision in segmented.leaves():
            finding = findings.get(provision.id)
            if finding is not None:
                counts[str(finding.status)] = counts.get(str(finding.status), 0) + 1
                total[str(finding.status)] = total.get(str(finding.status), 0) + 1
        per_document[segmented.document.id] = dict(sorted(counts.items()))
    return {"documents": per_document, "total": dict(sorted(total.items())),
            "alignments": len(report.alignments)}


def diff_json(report: Report) -> dict:
    """A draft comparison (schema legdiff/diff-1): each provision's status, each alignment with
    both citations, its flags, grade, reasons and word-level redline."""
    findings = {f.provision: f for f in report.findings}
    citations = {p.id: p.citation for s in report.documents for p in s.provisions}
    provisions = []
    for segmented in report.documents:
        for provision in segmented.provisions:
            data = provision_json(provision, segmented.document)
            data.update(finding_fields(findings.get(provision.id)))
            del data["near_misses"]
            provisions.append(data)
    alignments = []
    for alignment in report.alignments:
        segments = report.redlines.get((alignment.a, alignment.b))
        alignments.append({
            "a": alignment.a, "b": alignment.b, "score": round(alignment.score, 4),
            "relation": str(alignment.relation), "flags": list(alignment.flags),
            "grade": str(alignment.grade) if alignment.grade is not None else None,
            "reasons": list(alignment.reasons),
            "old_citation": citations[alignment.a], "new_citation": citations[alignment.b],
            "redline": None if segments is None else [{"op": s.op, "text": s.text} for s in segments],
        })
    return {"schema": DIFF_SCHEMA, "title": report.title,
            "documents": [document_json(s.document) for s in report.documents],
            "provisions": provisions, "alignments": alignments,
            "summary": _diff_summary(report), "warnings": list(report.warnings)}


def _diff_summary(report: Report) -> dict:
    """Leaf counts by status per draft, alignments by flag and by grade, and whether anything
    differs at all."""

    counts = summary(report)
    flags: dict[str, int] = {}
    grades: dict[str, int] = {}
    for alignment in report.alignments:
        for flag in alignment.flags:
            flags[flag] = flags.get(flag, 0) + 1
        if alignment.grade is not None:
            grades[str(alignment.grade)] = grades.get(str(alignment.grade), 0) + 1
    differences = any(f.status != Status.UNCHANGED for f in report.findings) or bool(flags)
    return {"documents": counts["documents"], "total": counts["total"],
            "alignments": counts["alignments"], "flags": dict(sorted(flags.items())),
            "grades": dict(sorted(grades.items())), "differences": differences}
