"""Draft against draft: provisions are aligned by what they say, not by their numbers.

Each test writes two small drafts and checks what legdiff.drafts.compare_drafts makes of them:
an inserted section, a moved section, a split, a merge, an amendment, identical drafts.
"""

from __future__ import annotations

import json

from legdiff.drafts import compare_drafts
from legdiff.models import Kind, Relation, Report, Role, Status
from legdiff.pipeline import build_diff, segment_file
from legdiff.serialize import diff_json, dumps

HEAD = "ORDINANCE NO. 7\n\nBE IT ORDAINED BY THE COUNCIL OF THE CITY OF LAKEPORT:\n\n"
RECORDS = ("Sec. 2. Records.\n(a) The clerk shall keep a record of every permit issued under this "
           "chapter for seven years.\n(b) The record shall be open to public inspection during "
           "business hours.\n\n")
FEES = ("Sec. 3. Fees.\n(a) The fee for a permit is fifty dollars, payable when the application "
        "is filed.\n(b) The Director may waive the fee for a nonprofit organization.\n\n")
APPEALS = ("Sec. 4. Appeals.\n(a) An applicant may appeal a denial to the hearing officer within "
           "thirty (30) days.\n(b) The hearing officer shall decide each appeal in writing.\n\n")
PURPOSE = ("Sec. 1. Purpose.\n(a) This chapter regulates street vending permits so that "
           "sidewalks stay open to pedestrians.\n\n")
NOTICE = ("Sec. 2. Notice to vendors.\n(a) The Director shall mail each permit holder a notice "
          "of any change to the vending rules at least sixty days before it takes effect.\n\n")


def diff_texts(tmp_path, old: str, new: str) -> Report:
    (tmp_path / "old.txt").write_text(old, encoding="utf-8")
    (tmp_path / "new.txt").write_text(new, encoding="utf-8")
    return build_diff(str(tmp_path / "old.txt"), str(tmp_path / "new.txt"))


def status_of(report: Report, side: int, citation: str, kind: Kind | None = None) -> Status:
    statuses = {f.provision: f.status for f in report.findings}
    found = [p for p in report.documents[side].provisions
             if p.citation == citation and (kind is None or p.kind == kind)]
    assert found, f"no provision {citation} in draft {side}"
    return statuses[found[0].id]


def pair(report: Report, old_citation: str, new_citation: str, kind: Kind | None = None):
    old_ids = {p.id: p for p in report.documents[0].provisions if p.citation == old_citation}
    new_ids = {p.id: p for p in report.documents[1].provisions if p.citation == new_citation}
    found = [a for a in report.alignments if a.a in old_ids and a.b in new_ids
             and (kind is None or old_ids[a.a].kind == kind)]
    assert found, f"{old_citation} is not aligned with {new_citation}"
    return found[0]


def leaf_statuses(report: Report, side: int) -> list[Status]:
    statuses = {f.provision: f.status for f in report.findings}
    return [statuses[p.id] for p in report.documents[side].leaves()]


def test_drafts_inserted_section_is_one_addition_and_renumbers_the_rest(tmp_path):
    old = HEAD + PURPOSE + RECORDS + FEES + APPEALS
    new = HEAD + PURPOSE + NOTICE + RECORDS.replace("Sec. 2.", "Sec. 3.") \
        + FEES.replace("Sec. 3.", "Sec. 4.") + APPEALS.replace("Sec. 4.", "Sec. 5.")
    report = diff_texts(tmp_path, old, new)
    assert status_of(report, 1, "Sec. 2", Kind.SECTION) == Status.ADDED
    assert status_of(report, 1, "Sec. 2(a)") == Status.ADDED
    # nothing of the old draft changed: every old leaf is unchanged
    assert set(leaf_statuses(report, 0)) == {Status.UNCHANGED}
    assert leaf_statuses(report, 1).count(Status.ADDED) == 2  # the heading and (a) of Sec. 2
    for before, after in (("Sec. 2", "Sec. 3"), ("Sec. 3", "Sec. 4"), ("Sec. 4", "Sec. 5")):
        alignment = pair(report, before, after, Kind.SECTION)
        assert alignment.flags == ("renumbered",)
        assert pair(report, f"{before}(a)", f"{after}(a)").flags == ("renumbered",)
    assert not any("moved" in a.flags for a in report.alignments)


def test_drafts_moved_section_is_unchanged_and_flagged_moved(tmp_path):
    old = HEAD + PURPOSE + RECORDS + FEES + APPEALS
    new = HEAD + PURPOSE + FEES + APPEALS + RECORDS
    report = diff_texts(tmp_path, old, new)
    assert set(leaf_statuses(report, 0)) == {Status.UNCHANGED}
    section = pair(report, "Sec. 2", "Sec. 2", Kind.SECTION)
    assert section.flags == ("moved",)
    assert pair(report, "Sec. 2(a)", "Sec. 2(a)").flags == ("moved",)
    assert pair(report, "Sec. 3(a)", "Sec. 3(a)").flags == ()


def test_drafts_split_subsection_is_reported_as_split(tmp_path):
    old = HEAD + ("Sec. 5. Annual report.\n(a) The Manager shall publish the annual report on the city "
                  "website, and the Manager shall deliver a printed copy of the report to each member "
                  "of the Council.\n(b) The report shall omit personal information.\n")
    new = HEAD + ("Sec. 5. Annual report.\n(a) The Manager shall publish the annual report on the city "
                  "website.\n(b) The Manager shall deliver a printed copy of the report to each member "
                  "of the Council.\n(c) The report shall omit personal information.\n")
    report = diff_texts(tmp_path, old, new)
    first, second = pair(report, "Sec. 5(a)", "Sec. 5(a)"), pair(report, "Sec. 5(a)", "Sec. 5(b)")
    assert "split" in first.flags and "split" in second.flags
    assert first.relation == second.relation == Relation.PARTIAL
    assert status_of(report, 0, "Sec. 5(a)") == Status.AMENDED
    assert first.grade is not None and first.reasons[0] == "split into 2 provisions"
    assert pair(report, "Sec. 5(b)", "Sec. 5(c)").flags == ("renumbered",)
    assert Status.ADDED not in leaf_statuses(report, 1)


def test_drafts_merged_subsections_are_reported_as_merged(tmp_path):
    old = HEAD + ("Sec. 5. Annual report.\n(a) The Manager shall publish the annual report on the city "
                  "website.\n(b) The Manager shall deliver a printed copy of the report to each member "
                  "of the Council.\n")
    new = HEAD + ("Sec. 5. Annual report.\n(a) The Manager shall publish the annual report on the city "
                  "website, and the Manager shall deliver a printed copy of the report to each member "
                  "of the Council.\n")
    report = diff_texts(tmp_path, old, new)
    assert "merged" in pair(report, "Sec. 5(a)", "Sec. 5(a)").flags
    assert "merged" in pair(report, "Sec. 5(b)", "Sec. 5(a)").flags
    assert Status.DELETED not in leaf_statuses(report, 0)


def test_drafts_amendment_is_graded_and_redlined(tmp_path):
    old = HEAD + PURPOSE + APPEALS
    new = HEAD + PURPOSE + APPEALS.replace("thirty (30)", "fifteen (15)").replace("shall decide",
                                                                                  "must decide")
    report = diff_texts(tmp_path, old, new)
    deadline = pair(report, "Sec. 4(a)", "Sec. 4(a)")
    assert deadline.grade == "substantive"
    assert deadline.reasons[0] == "number changed: thirty (30) -> fifteen (15)"
    assert deadline.relation == Relation.CONFLICT
    decide = pair(report, "Sec. 4(b)", "Sec. 4(b)")
    assert (decide.grade, decide.reasons) == ("trivial", ("equivalent wording: shall -> must",))
    segments = report.redlines[deadline.a, deadline.b]
    old_words = "".join(s.text for s in segments if s.op != "insert")
    new_words = "".join(s.text for s in segments if s.op != "delete")
    assert "thirty (30) days" in old_words and "fifteen (15) days" in new_words
    changed = [(s.op, s.text) for s in segments if s.op != "equal"]
    assert [op for op, _ in changed] == ["delete", "insert"]  # one change, however punctuated
    assert changed[0][1].startswith("thirty (30") and changed[1][1].startswith("fifteen (15")


def test_drafts_identical_drafts_have_no_differences(tmp_path):
    text = HEAD + PURPOSE + RECORDS + FEES
    report = diff_texts(tmp_path, text, text.replace("\n(b)", "\n\n(b)"))  # spacing only
    assert {f.status for f in report.findings} == {Status.UNCHANGED}
    assert not any(a.flags for a in report.alignments)
    assert diff_json(report)["summary"]["differences"] is False


def test_drafts_same_input_gives_the_same_bytes(tmp_path):
    old = HEAD + PURPOSE + RECORDS + FEES + APPEALS
    new = HEAD + NOTICE + FEES.replace("fifty", "seventy-five") + APPEALS + RECORDS
    first = dumps(diff_json(diff_texts(tmp_path, old, new)))
    second = dumps(diff_json(diff_texts(tmp_path, old, new)))
    assert first == second
    assert json.loads(first)["schema"] == "legdiff/diff-1"


def test_drafts_compare_drafts_takes_segmented_drafts(tmp_path):
    (tmp_path / "a.txt").write_text(HEAD + RECORDS, encoding="utf-8")
    (tmp_path / "b.txt").write_text(HEAD + RECORDS.replace("seven years", "ten years"), encoding="utf-8")
    old = segment_file(str(tmp_path / "a.txt"), Role.OLD, doc_id="a")
    new = segment_file(str(tmp_path / "b.txt"), Role.NEW, doc_id="b")
    report = compare_drafts(old, new, title="Records")
    assert report.schema == "legdiff/diff-1" and report.title == "Records"
    assert [s.document.role for s in report.documents] == [Role.OLD, Role.NEW]
    amended = pair(report, "Sec. 2(a)", "Sec. 2(a)")
    assert amended.grade == "substantive" and amended.reasons == ("number changed: seven -> ten",)


def test_drafts_different_kinds_of_document_warn(tmp_path):
    memo = ("MEMORANDUM\n\nTO: All staff\nFROM: The Clerk\n\n1. The clerk keeps a record of every "
            "permit issued for seven years.\n")
    report = diff_texts(tmp_path, HEAD + RECORDS, memo)
    assert len(report.warnings) == 1
    assert "reads as legislation" in report.warnings[0] and "as a memorandum" in report.warnings[0]
