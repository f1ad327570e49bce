"""Evaluation: a report run against a case's gold labels, as numbers.

A gold item is matched to the smallest provision of its document whose text contains its quote
(case-folded, white space collapsed). Status accuracy counts items whose provision has the gold
status. Alignment precision / recall / F1 compare the report's linked pairs with the gold links,
both as pairs of provisions; precision counts only predicted pairs whose two provisions carry a
gold label (a pair touching an unlabelled provision can be neither right nor wrong).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from legdiff.case import read_gold
from legdiff.classify import Thresholds
from legdiff.errors import CaseError
from legdiff.models import Report
from legdiff.pipeline import build_report


@dataclass(frozen=True, slots=True)
class CaseScore:
    name: str
    items: int
    status_correct: int
    gold_links: int
    predicted_links: int
    correct_links: int
    errors: tuple[str, ...] = field(default=())
    unlabelled_links: int = 0  # predicted pairs touching a provision the gold does not label

    @property
    def status_accuracy(self) -> float:
        return self.status_correct / self.items if self.items else 0.0

    @property
    def precision(self) -> float:
        return self.correct_links / self.predicted_links if self.predicted_links else 0.0

    @property
    def recall(self) -> float:
        return self.correct_links / self.gold_links if self.gold_links else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def evaluate_case(case_dir: str | Path, *, model: str = "wordllama",
                  thresholds: Thresholds = Thresholds()) -> CaseScore:
    """Run the report on a labelled case's documents and score it against its gold.json."""
    root = Path(case_dir)
    gold_path = root / "gold.json" if root.is_dir() else root
    if not gold_path.exists():
        raise CaseError(f"{root}: no gold.json; 'legdiff eval' needs a labelled case")
    gold = read_gold(gold_path)
    documents = gold["documents"]
    base = gold_path.parent
    report = build_report(str(base / documents["ordinance"]),
                          practice=[str(base / p) for p in documents.get("practice", [])],
                          order=[str(base / p) for p in documents.get("order", [])],
                          concerns=[str(base / p) for p in documents.get("concerns", [])],
                          model=model, thresholds=thresholds)
    return score(report, gold, name=gold.get("case", root.name))


def score(report: Report, gold: dict, *, name: str) -> CaseScore:
    """Score a finished report against gold labels."""
    locate = _Locator(report)
    statuses = {f.provision: str(f.status) for f in report.findings}
    errors: list[str] = []
    correct = 0
    gold_pairs: set[tuple[str, str]] = set()
    labelled: set[str] = set()
    for item in gold["items"]:
        pid = locate(item["doc"], item["quote"])
        if pid is None:
            errors.append(f"{item['doc']}: quote not found in any provision: \u201c{item['quote']}\u201d")
            continue
        labelled.add(pid)
        got = statuses.get(pid)
        if got == item["status"]:
            correct += 1
        else:
            errors.append(f"status {item['doc']} {locate.citation(pid)}: expected {item['status']}, "
                          f"got {got} \u2014 \u201c{item['quote']}\u201d")
        for link in item.get("aligned_with", []):
            other = locate(link["doc"], link["quote"])
            if other is not None:
                gold_pairs.add(locate.ordered(pid, other))
    predicted = {(a.a, a.b) for a in report.alignments if a.a in labelled and a.b in labelled}
    for pair in sorted(gold_pairs - predicted):
        errors.append(f"missed link {locate.citation(pair[0])} <-> {locate.citation(pair[1])}")
    for pair in sorted(predicted - gold_pairs):
        errors.append(f"extra link {locate.citation(pair[0])} <-> {locate.citation(pair[1])}")
    unlabelled = sum(1 for a in report.alignments if a.a not in labelled or a.b not in labelled)
    return CaseScore(name, len(gold["items"]), correct, len(gold_pairs), len(predicted),
                     len(predicted & gold_pairs), tuple(errors), unlabelled)


class _Locator:
    """Finds the smallest provision of a document containing a quote."""

    def __init__(self, report: Report) -> None:
        self.by_name: dict[str, list] = {}
        self.role: dict[str, str] = {}
        self.cite: dict[str, str] = {}
        for segmented in report.documents:
            document = segmented.document
            names = {document.id, Path(document.path).name, document.path}
            entries = [(len(p.text), _normal(p.text), p.id) for p in segmented.provisions]
            entries.sort()
            for name in names:
                self.by_name[name] = entries
            for p in segmented.provisions:
                self.role[p.id] = str(document.role)
                self.cite[p.id] = f"{document.id} {p.citation}"

    def __call__(self, doc: str, quote: str) -> str | None:
        needle = _normal(quote)
        for _, text, pid in self.by_name.get(doc, self.by_name.get(Path(doc).name, [])):
            if needle in text:
                return pid
        return None

    def ordered(self, x: str, y: str) -> tuple[str, str]:
        return (x, y) if self.role[x] == "ordinance" else (y, x)

    def citation(self, pid: str) -> str:
        return self.cite.get(pid, pid)


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())
