"""Draft against draft on real legislative text (../shared/realdata, see its SOURCES.md) and on
the Denver committee and final ordinances. Each test asserts what a clerk would say changed."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from legdiff import serialize
from legdiff.models import Kind, Report, Status
from legdiff.pipeline import build_diff

ROOT = Path(__file__).resolve().parents[1]
REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
DETAINER = REALDATA / "dc-detainer-24-211.07"
ACTS = DETAINER / "amending-acts"
BILLS = REALDATA / "us-bills-uslm"
DENVER = ROOT / "corpora" / "denver-2017"

needs_realdata = pytest.mark.skipif(not REALDATA.exists(), reason="../shared/realdata is not present")


class Diff:
    """A draft comparison, looked up by citation."""

    def __init__(self, old: Path, new: Path) -> None:
        self.report: Report = build_diff(str(old), str(new))
        self.status = {f.provision: f.status for f in self.report.findings}
        self.old, self.new = (s.provisions for s in self.report.documents)
        self.by_id = {p.id: p for p in self.old + self.new}

    def provisions(self, side: str, citation: str, kind: Kind | None = None):
        found = [p for p in (self.old if side == "old" else self.new)
                 if p.citation == citation and (kind is None or p.kind == kind)]
        assert found, f"no {citation} ({kind}) in the {side} draft"
        return found

    def status_of(self, side: str, citation: str, kind: Kind | None = None) -> set[Status]:
        return {self.status[p.id] for p in self.provisions(side, citation, kind)}

    def pairs(self, old_citation: str, new_citation: str, kind: Kind | None = None):
        return [a for a in self.report.alignments
                if self.by_id[a.a].citation == old_citation and self.by_id[a.b].citation == new_citation
                and (kind is None or self.by_id[a.a].kind == kind)]

    def leaves(self, side: str):
        return [p for p in (self.old if side == "old" else self.new) if p.is_leaf]

    def changed_leaves(self) -> int:
        leaves = self.leaves("old") + self.leaves("new")
        return sum(self.status[p.id] != Status.UNCHANGED for p in leaves)


@pytest.fixture(scope="module")
def denver() -> Diff:
    return Diff(DENVER / "ordinance-committee-2017-08-02.txt", DENVER / "ordinance-final-2017-08-28.txt")


def test_drafts_denver_release_notification_section_deleted(denver):
    # committee Sec. 28-255 "Notice of release" is gone from the final ordinance
    assert denver.status_of("old", "Sec. 28-255", Kind.SECTION) == {Status.DELETED}
    for citation in ("Sec. 28-255(a)", "Sec. 28-255(b)"):
        assert denver.status_of("old", citation) == {Status.DELETED}


def test_drafts_denver_reports_and_implementation_renumbered(denver):
    for before, after in (("Sec. 28-256", "Sec. 28-255"), ("Sec. 28-257", "Sec. 28-256")):
        (section,) = denver.pairs(before, after, Kind.SECTION)
        assert "renumbered" in section.flags and "moved" not in section.flags
        assert denver.pairs(f"{before}(b)", f"{after}(b)")[0].flags == ("renumbered",)
    # (3) of the reports list became (4) when a new (3) was inserted
    assert denver.pairs("Sec. 28-256(a)(3)", "Sec. 28-255(a)(4)")[0].flags == ("renumbered",)
    assert denver.status_of("new", "Sec. 28-255(a)(3)") == {Status.ADDED}


def test_drafts_denver_new_sections_added(denver):
    for citation in ("Sec. 28-257", "Sec. 28-258"):
        assert denver.status_of("new", citation, Kind.SECTION) == {Status.ADDED}
    assert "Advisement" in denver.provisions("new", "Sec. 28-257", Kind.SECTION)[0].heading
    assert denver.status_of("new", "Sec. 28-250(g)") == {Status.ADDED}  # "Release notification request"


def test_drafts_denver_report_deadline_is_a_substantive_number_change(denver):
    (lead,) = denver.pairs("Sec. 28-256(a)", "Sec. 28-255(a)", Kind.LEAD)
    assert lead.grade == "substantive"
    assert lead.reasons[0] == "number changed: sixty (60) -> thirty (30)"
    assert denver.report.redlines[lead.a, lead.b]


def test_drafts_denver_comma_fix_is_trivial(denver):
    (fix,) = denver.pairs("Sec. 28-251(b)", "Sec. 28-251(b)")
    assert (fix.grade, fix.reasons, fix.flags) == ("trivial", ("punctuation changed",), ())
    assert denver.status_of("old", "Sec. 28-251(b)") == {Status.AMENDED}


def test_drafts_denver_judicial_warrant_definition_moved(denver):
    # committee 28-253(c) defined "judicial warrant"; the final ordinance moved it to 28-250(f)
    (moved,) = denver.pairs("Sec. 28-253(c)", "Sec. 28-250(f)")
    assert {"moved", "renumbered"} <= set(moved.flags)
    # "Secure area" is unchanged, renumbered (f) -> (h)
    (secure,) = denver.pairs("Sec. 28-250(f)", "Sec. 28-250(h)")
    assert secure.flags == ("renumbered",) and secure.grade is None
    # the cross-reference that follows the renumbering is trivial
    (reference,) = denver.pairs("Sec. 28-257(c)", "Sec. 28-256(c)")
    assert reference.reasons == ("cross-reference updated for renumbering: 28-256 -> 28-255",)


def test_drafts_denver_json_validates(denver):
    data = json.loads(serialize.dumps(serialize.diff_json(denver.report)))
    jsonschema.validate(data, serialize.schema("diff-1"))
    assert data["summary"]["documents"]["ordinance-committee-2017-08-02.txt"] == \
        {"amended": 7, "deleted": 3, "unchanged": 44}


@pytest.mark.realdata
@needs_realdata
def test_drafts_dc_detainer_rewrite_keeps_the_moved_office_booth_clause():
    diff = Diff(DETAINER / "before.xml", DETAINER / "after.xml")
    (clause,) = diff.pairs("§ 24-211.07(d)(1)", "§ 24-211.07(a)(2)")
    assert {"moved", "renumbered"} & set(clause.flags)
    assert clause.grade == "substantive"
    assert "office, booth" in diff.by_id[clause.a].text and "office, booth" in diff.by_id[clause.b].text
    # "shall not be construed to establish a right to counsel": (d)(2) -> (e)
    assert "renumbered" in diff.pairs("§ 24-211.07(d)(2)", "§ 24-211.07(e)")[0].flags
    # a near-total rewrite: the 2012 detainer conditions are deleted, the 2021 prohibitions added
    for citation in ("§ 24-211.07(a)", "§ 24-211.07(b)(1)", "§ 24-211.07(b)(2)(A)", "§ 24-211.07(c)"):
        assert diff.status_of("old", citation) == {Status.DELETED}
    for citation in ("§ 24-211.07(a)(1)", "§ 24-211.07(a)(4)(D)", "§ 24-211.07(d)(3)", "§ 24-211.07(f)"):
        assert diff.status_of("new", citation) == {Status.ADDED}
    assert diff.pairs("§ 24-211.07", "§ 24-211.07", Kind.SECTION)[0].grade == "substantive"


CONSECUTIVE_ACTS = [
    # (older act, newer act, leaves that may differ: title, purpose, enacting clause, effective date)
    ("acts-23-131", "acts-23-207", {"Front matter", "¶ 1", "Enacting clause"}),
    ("acts-23-414", "acts-23-553", {"Front matter", "¶ 1", "Enacting clause", "Sec. 4"}),
    ("acts-23-553", "laws-23-284", {"Front matter", "¶ 1", "Enacting clause", "Sec. 4", "Sec. 4(a)",
                                    "Sec. 4(b)"}),
]


@pytest.mark.realdata
@needs_realdata
@pytest.mark.parametrize("older,newer,may_differ", CONSECUTIVE_ACTS,
                         ids=lambda v: v if isinstance(v, str) else "")
def test_drafts_sanctuary_acts_differ_only_in_titles_and_dates(older, newer, may_differ):
    # emergency, congressional-review and temporary versions of one act: the rewritten
    # 24-211.07 (the act's Sec. 2) is the same in each
    diff = Diff(ACTS / f"{older}.xml", ACTS / f"{newer}.xml")
    changed = {p.citation for p in diff.leaves("old") + diff.leaves("new")
               if diff.status[p.id] != Status.UNCHANGED}
    assert changed and changed <= may_differ
    (rewrite,) = diff.pairs("Sec. 2", "Sec. 2", Kind.SECTION)
    assert rewrite.grade is None and rewrite.flags == ()
    assert "Enacting clause" in changed  # each version names itself


@pytest.mark.realdata
@needs_realdata
def test_drafts_sanctuary_temporary_act_against_permanent_law():
    diff = Diff(ACTS / "laws-23-282.xml", ACTS / "laws-23-284.xml")
    # only the permanent law amends D.C. Code § 23-1321 (its Sec. 2)
    assert diff.status_of("old", "Sec. 2", Kind.SECTION) == {Status.DELETED}
    # its Sec. 3 (rewriting § 24-211.07) is the temporary act's Sec. 2
    assert "renumbered" in diff.pairs("Sec. 3", "Sec. 2", Kind.SECTION)[0].flags
    # only the temporary act expires after 225 days
    assert diff.status_of("new", "Sec. 4(b)") == {Status.ADDED}
    assert "225 days" in diff.provisions("new", "Sec. 4(b)")[0].text
    # quoted (f) "no private right of action" is the temporary act's (d): unchanged, renumbered
    private = [a for a in diff.report.alignments if "private right of action" in diff.by_id[a.a].text
               and diff.by_id[a.a].is_leaf]
    assert len(private) == 1 and private[0].grade is None and private[0].flags == ("renumbered",)
    front = diff.pairs("Front matter", "Front matter")[0]
    assert front.grade == "substantive" and "number changed: -282 -> -284" in front.reasons


@pytest.mark.realdata
@needs_realdata
def test_drafts_sanctuary_split_of_the_agreement_exception():
    # D.C. Law 23-56 (2) "Except as provided in Intergovernmental Agreement No. 16-00-0016 ...,
    # provide ..." became (4) "Except as provided in ...:" and (A) "Provide ..." in Act 23-414
    diff = Diff(ACTS / "laws-23-56.xml", ACTS / "acts-23-414.xml")
    split = [a for a in diff.report.alignments if "split" in a.flags]
    assert len(split) == 2 and len({a.a for a in split}) == 1
    assert "Intergovernmental Agreement No. 16-00-0016" in diff.by_id[split[0].a].text
    assert [diff.by_id[a.b].text[:3] for a in split] == ["(4)", "(A)"]


@pytest.mark.realdata
@needs_realdata
def test_drafts_hr2157_new_title_v_added_and_later_titles_renumbered():
    diff = Diff(BILLS / "hr2157-116-disaster-supplemental" / "H2157_IH.XML",
                BILLS / "hr2157-116-disaster-supplemental" / "h2157_enr.XML")
    gsa = diff.provisions("new", "Title V", Kind.ARTICLE)[0]
    assert gsa.heading.startswith("GENERAL SERVICES ADMINISTRATION")
    assert diff.status[gsa.id] == Status.ADDED
    title_v_leaves = [p for p in diff.leaves("new") if p.start >= gsa.start and p.end <= gsa.end]
    assert title_v_leaves and all(diff.status[p.id] == Status.ADDED for p in title_v_leaves)
    # IH titles V-XI (Homeland Security ... General Provisions) are ENR titles VI-XII
    numerals = ["V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    for before, after in zip(numerals, numerals[1:]):
        (title,) = diff.pairs(f"Title {before}", f"Title {after}", Kind.ARTICLE)
        assert "renumbered" in title.flags
    # the Homeland Security title's provisions align into new Title VI, flagged renumbered
    old_v = diff.provisions("old", "Title V", Kind.ARTICLE)[0]
    new_vi = diff.provisions("new", "Title VI", Kind.ARTICLE)[0]
    inside = [a for a in diff.report.alignments
              if old_v.start <= diff.by_id[a.a].start < old_v.end and diff.by_id[a.a].is_leaf]
    assert len(inside) >= 6
    assert all(new_vi.start <= diff.by_id[a.b].start < new_vi.end for a in inside)
    assert all("renumbered" in a.flags for a in inside)
    coast_guard = [a for a in inside if "Coast Guard" in diff.by_id[a.a].text]
    assert coast_guard and coast_guard[0].grade is None
    assert "renumbered" in diff.pairs("Sec. 601", "Sec. 701")[0].flags


@pytest.mark.realdata
@needs_realdata
def test_drafts_hjres37_inserted_sec_4_renumbers_4_and_5():
    diff = Diff(BILLS / "hjres37-116-yemen-war-powers" / "HJ37_RH.XML",
                BILLS / "hjres37-116-yemen-war-powers" / "HJ37_RFS.XML")
    added = [p for p in diff.new if p.kind == Kind.SECTION and diff.status[p.id] == Status.ADDED]
    assert [p.citation for p in added] == ["Sec. 4"]
    assert "INTELLIGENCE SHARING" in added[0].heading
    for before, after in (("Sec. 4", "Sec. 5"), ("Sec. 5", "Sec. 6")):
        (section,) = diff.pairs(before, after, Kind.SECTION)
        assert section.flags == ("renumbered",) and section.grade is None
        assert diff.status_of("old", before) == {Status.UNCHANGED}


@pytest.mark.realdata
@needs_realdata
def test_drafts_hr264_engrossed_and_placed_on_calendar_are_almost_identical():
    folder = BILLS / "hr264-116-fsgg-approps"
    diff = Diff(folder / "h264_eh.XML", folder / "H264_PCS.XML")
    leaves = diff.leaves("old") + diff.leaves("new")
    assert len(leaves) > 1000
    assert diff.changed_leaves() <= 0.02 * len(leaves)
    changed = {p.citation for p in leaves if diff.status[p.id] != Status.UNCHANGED}
    assert changed <= {"Front matter", "Back matter", "¶ 3", "¶ 4", "¶ 5"}  # stage metadata only


@pytest.mark.realdata
@needs_realdata
def test_drafts_dc_code_chapter_2021_against_2024():
    folder = REALDATA / "dc-code-title1-ch6-merit-personnel-html"
    diff = Diff(folder / "v2021-10-18.html", folder / "v2024-10-20.html")
    leaves = diff.leaves("old") + diff.leaves("new")
    assert len(leaves) > 8000 and diff.changed_leaves() < 0.1 * len(leaves)
    # (b)(25): the Criminal Code Reform Commission's personnel authority, amended
    (authority,) = diff.pairs("§ 1-604.06(b)(25)", "§ 1-604.06(b)(25)")
    assert authority.grade == "substantive"
    assert diff.status_of("new", "§ 1-604.06(b)(31)") == {Status.ADDED}
    assert "Not Funded" in diff.provisions("new", "§ 1-604.06(b)(31)")[0].text
    # every amended pair has a word-level redline
    amended = [a for a in diff.report.alignments if a.grade is not None and "split" not in a.flags
               and "merged" not in a.flags and diff.by_id[a.a].is_leaf
               and diff.status[a.a] == Status.AMENDED]
    assert amended and all((a.a, a.b) in diff.report.redlines for a in amended)
    jsonschema.validate(serialize.diff_json(diff.report), serialize.schema("diff-1"))
