"""Fixtures shared by the tests: the repository root, the Denver report, and reports built from
small documents written to a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from legdiff.case import load_case
from legdiff.models import Report
from legdiff.pipeline import build_report

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def denver_report() -> Report:
    """The default report of corpora/denver-2017 (final ordinance against everything else)."""
    case = load_case(REPO / "corpora" / "denver-2017")
    return build_report(case.ordinance, practice=case.practice, order=case.order,
                        concerns=case.concerns, title=case.title)


@pytest.fixture
def report_from_texts(tmp_path):
    """Build a report from texts: ``report_from_texts(ordinance, practice=[...], ...)``.

    Each text is written to its own .txt file under tmp_path; roles are keyword arguments.
    """

    def build(ordinance: str, *, model: str = "none", **roles: list[str]) -> Report:
        paths: dict[str, list[str]] = {}
        for role, texts in roles.items():
            for n, text in enumerate(texts, 1):
                path = tmp_path / f"{role}-{n}.txt"
                path.write_text(text, encoding="utf-8")
                paths.setdefault(role, []).append(str(path))
        ordinance_path = tmp_path / "ordinance.txt"
        ordinance_path.write_text(ordinance, encoding="utf-8")
        return build_report(str(ordinance_path), model=model, **paths)

    return build


HOSTILE_ORDINANCE = """Sec. 1-101. Release dates.
(a) No city agency shall give federal officers a person's release date <script>window.__pwned = 1; alert(1)</script> unless a judge signs a warrant.
(b) Each city agency shall report to the Council every quarter the number of detainers <img src=x onerror=alert(1)> <img src=x onerror="window.__pwned = 2"> it receives.
(c) The request form is at [x](javascript:alert(1)) and [form](javascript:window.__pwned=3).
Sec. 1-102. =cmd|' /C calc'!A0.
(a) No city agency shall ask a person about immigration status at a courthouse.
"""
HOSTILE_PRACTICE = """MEMORANDUM

1. Staff do not give federal officers a person's release date <script>window.__pwned = 4</script> unless a judge signs a warrant.
2. =cmd|' /C calc'!A0 @SUM(1+1) the records unit counts detainers every month.
3. -2+3 Court clerks do not ask about immigration status.
"""


@pytest.fixture
def hostile_texts() -> dict:
    """Documents carrying script, markup, link and spreadsheet-formula payloads, as
    keyword arguments for report_from_texts."""
    return {"ordinance": HOSTILE_ORDINANCE, "practice": [HOSTILE_PRACTICE]}


@pytest.fixture
def hostile_report(report_from_texts, hostile_texts) -> Report:
    return report_from_texts(**hostile_texts)
