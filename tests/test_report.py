"""The codified / new / missing report: the JSON contract, the Denver story, substance checks."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema
import pytest

from legdiff import align, pipeline, serialize
from legdiff.case import load_case
from legdiff.errors import LegdiffError
from legdiff.models import Relation, Status

ROOT = Path(__file__).resolve().parents[1]
DENVER = ROOT / "corpora" / "denver-2017"


@cache
def denver():
    case = load_case(DENVER)
    return pipeline.build_report(case.ordinance, practice=case.practice, order=case.order,
                                 concerns=case.concerns, title=case.title)


def status_of(report, doc_suffix: str, words: str) -> str:
    """The status of the smallest provision of a document containing ``words``."""
    findings = {f.provision: f for f in report.findings}
    for segmented in report.documents:
        if segmented.document.id.endswith(doc_suffix):
            matches = [p for p in segmented.provisions
                       if words.lower() in " ".join(p.text.lower().split()) and p.id in findings]
            smallest = min(matches, key=lambda p: len(p.text))
            return str(findings[smallest.id].status)
    raise AssertionError(f"no document {doc_suffix}")


def test_report_json_validates_against_the_schema():
    data = json.loads(serialize.dumps(serialize.report_json(denver())))
    jsonschema.validate(data, serialize.schema("report-1"))
    statuses = {p["status"] for p in data["provisions"]}
    assert statuses <= {"codified", "new", "covered", "missing", None}
    assert data["summary"]["total"]["missing"] > 0 and data["summary"]["total"]["codified"] > 0


def test_report_segment_json_validates_against_the_schema():
    segmented = pipeline.segment_file(str(DENVER / "practice-sheriff-memo.txt"))
    jsonschema.validate(serialize.segment_json([segmented]), serialize.schema("segment-1"))


# (document, words, expected status) — the Denver story the case must reproduce
DENVER_STORY = [
    ("concerns-letter.txt", "courthouse", "missing"),
    ("ordinance-final-2017-08-28.txt", "solely on the basis of a detainer", "codified"),
    ("ordinance-final-2017-08-28.txt", "inquire about, request or record the immigration", "codified"),
    ("ordinance-final-2017-08-28.txt", "conduct an in-person interview of any person", "new"),
    ("ordinance-final-2017-08-28.txt", "enter a secure area of any city detention facility", "new"),
]


@pytest.mark.parametrize("document,words,expected", DENVER_STORY)
def test_report_denver_story(document, words, expected):
    text = (DENVER / document).read_text(encoding="utf-8")
    if words.lower() not in " ".join(text.lower().split()):
        pytest.skip(f"the corpus no longer contains {words!r}")
    assert status_of(denver(), document, words) == expected


def test_report_is_byte_identical_on_rerun():
    first = serialize.dumps(serialize.report_json(denver()))
    case = load_case(DENVER)
    again = pipeline.build_report(case.ordinance, practice=case.practice, order=case.order,
                                  concerns=case.concerns, title=case.title)
    assert serialize.dumps(serialize.report_json(again)) == first


def test_report_never_counts_shall_not_as_the_same_substance(tmp_path):
    ordinance = tmp_path / "ordinance.txt"
    ordinance.write_text("Sec. 1. Release notices.\n(a) The sheriff shall not notify federal "
                         "immigration authorities of the release date of any inmate.\n")
    memo = tmp_path / "memo.txt"
    memo.write_text("The sheriff shall notify federal immigration authorities of the release "
                    "date of any inmate.\n")
    report = pipeline.build_report(str(ordinance), practice=[str(memo)])
    assert not report.alignments
    assert report.conflicts and report.conflicts[0].relation == Relation.CONFLICT
    assert {str(f.status) for f in report.findings if f.provision.startswith("memo")} == {"missing"}


def test_report_missing_items_list_near_misses():
    report = denver()
    missing = [f for f in report.findings if f.status == Status.MISSING and f.near_misses]
    assert missing, "no missing item explains its near misses"
    assert all(m.reason for f in missing for m in f.near_misses)


RULE = "Sec. 1. Rule.\n(a) No agency shall hold any person on a detainer.\n"


def test_report_document_with_no_provisions_warns(report_from_texts, tmp_path):
    report = report_from_texts(RULE, concerns=["Sincerely,\n\nA. Person\n"])
    assert any(str(tmp_path / "concerns-1.txt") in w for w in report.warnings)


def test_report_case_without_manifest_is_an_error(tmp_path):
    with pytest.raises(LegdiffError, match="no case.toml or gold.json"):
        load_case(tmp_path)


@pytest.mark.parametrize("manifest", [
    'name = "flat"\nordinance = "o.txt"\npractice = ["p.txt"]\n',
    'name = "flat"\nordinance = ["draft.txt", "o.txt"]\npractice = ["p.txt"]\n',
    '[case]\nname = "flat"\nordinance = "o.txt"\n\n[documents]\npractice = ["p.txt"]\n',
])
def test_report_case_manifest_may_be_flat_or_in_tables(tmp_path, manifest):
    (tmp_path / "case.toml").write_text(manifest, encoding="utf-8")
    case = load_case(tmp_path)
    assert (case.name, case.ordinance, case.practice) == ("flat", str(tmp_path / "o.txt"), (str(tmp_path / "p.txt"),))


@pytest.mark.parametrize("manifest", ['name = "x"\nordinance = ""\n', 'name = "x"\npractice = ["p.txt"]\n',
                                      '[case]\nordinance = ["a.txt"]\n'])
def test_report_case_manifest_without_a_usable_ordinance_is_an_error(tmp_path, manifest):
    (tmp_path / "case.toml").write_text(manifest, encoding="utf-8")
    with pytest.raises(LegdiffError, match="names no ordinance"):
        load_case(tmp_path)


def test_report_role_with_no_documents_warns(report_from_texts):
    report = report_from_texts(RULE, concerns=["1. No holds. Nobody should be held on a detainer.\n"])
    assert any(w.startswith("no practice documents given") for w in report.warnings)
    alone = report_from_texts(RULE)
    assert any(w.startswith("only an ordinance was given") for w in alone.warnings)


def test_report_never_matches_clauses_about_the_ordinance_itself(report_from_texts):
    """An effective date shares "ninety (90) days" with a retention rule, and nothing more."""
    ordinance = ("Sec. 1. Footage.\n(a) Each officer shall wear a camera on duty.\n"
                 "Sec. 2. Effective date. This ordinance shall take effect ninety (90) days "
                 "after it becomes law.\n")
    memo = ("1. Officers wear a camera on every shift.\n"
            "2. This directive takes effect on its date; footage is kept for ninety (90) days.\n")
    report = report_from_texts(ordinance, practice=[memo], model="wordllama")
    findings = {f.provision: f for f in report.findings}
    effective = next(p for s in report.documents for p in s.provisions
                     if p.citation == "Sec. 2" and p.is_leaf)
    assert findings[effective.id].status == Status.NEW
    assert all(effective.id not in (a.a, a.b) for a in report.alignments)
    assert any(findings[a.a].status == Status.CODIFIED for a in report.alignments)


def test_report_reads_bullets_with_the_paragraph_that_introduces_them(report_from_texts):
    """A memo's "Get a permit before removing any of these trees:" is the lead-in of the bullets
    after it, though Markdown does not nest them: the oak bullet means "a permit for oaks"."""
    ordinance = ("Sec. 1. Permits.\nA. No person shall remove any of the following trees without "
                 "first obtaining a tree removal permit:\n1. A native oak with a trunk of six (6) inches "
                 "or more.\n")
    memo = ("Owners must get a tree removal permit before removing any of these trees:\n\n"
            "- any native oak 6 inches or more in diameter, wherever it grows.\n")
    report = report_from_texts(ordinance, practice=[memo], model="wordllama")
    oak = next(p for s in report.documents for p in s.provisions if "native oak 6" in p.text)
    assert any(oak.id == a.b for a in report.alignments)


def test_report_reads_asks_in_a_letters_prose_as_well_as_its_numbered_ones(report_from_texts):
    letter = ("Dear Supervisors,\n\nOur members have waited years for this. We ask that the ordinance "
              "do the following:\n\n1. Make every call free.\n\nFamilies also told us about lawyers. "
              "Please write into the law that calls with lawyers are never recorded.\n\nSincerely,\n"
              "The Coalition\n")
    report = report_from_texts(RULE, concerns=[letter])
    statuses = {p.text.split(".")[0][:30]: f.status for s in report.documents for p in s.provisions
                for f in report.findings if f.provision == p.id}
    assert any(text.startswith("Please write into the law") for text in statuses)
    assert any(text.startswith("1") for text in statuses)
    assert not any(text.startswith(("Our members", "We ask that")) for text in statuses)


def test_report_never_matches_a_definitions_list(report_from_texts):
    ordinance = ("Sec. 1. Definitions.\nAs used in this article, the following terms shall have the "
                 "meanings indicated:\nCURB RAMP - A sloped transition between a sidewalk and the "
                 "roadway.\nSIDEWALK - Any paved pedestrian way.\n"
                 "Sec. 2. Ramps.\nA. The owner shall clear each curb ramp within one day.\n")
    memo = "Owners must clear the curb ramp, the sloped transition between sidewalk and roadway.\n"
    report = report_from_texts(ordinance, practice=[memo], model="wordllama")
    definitions = next(p for s in report.documents for p in s.provisions if p.citation == "Sec. 1")
    assert all(not a.a.startswith(definitions.id) for a in report.alignments)
    assert definitions.id not in {f.provision for f in report.findings}


#: A section whose lead-in outweighs its short items.
STOP_DATA = ("Sec. 1. Stop data.\n(A) For each stop, the officer shall record the following information "
             "in the Department's records management system before the end of the officer's shift")


def test_report_reads_a_list_item_on_its_own_words_as_well_as_under_its_lead_in(report_from_texts):
    """A long lead-in outweighs a short item's words: "(1) The date, time, and location of the
    stop" means what "the stop card captures the date, time, and place" means, not what the
    sentence matching its lead-in means."""
    ordinance = (STOP_DATA + ", and shall submit it for review:\n(1) The date, time, and location of the "
                 "stop;\n(2) Whether any officer used force during the stop.\n")
    memo = ("1. Officers enter every stop in the records management system before the end of the "
            "shift.\n2. The stop card captures the date, time, and place of the stop.\n"
            "3. Supervisors review force reports.\n")
    report = report_from_texts(ordinance, practice=[memo], model="wordllama")
    cited = {p.citation: p.id for s in report.documents for p in s.provisions}
    links = {(a.a, a.b) for a in report.alignments}
    assert (cited["Sec. 1(A)(1)"], cited["para. 2"]) in links
    assert (cited["Sec. 1(A)(1)"], cited["para. 1"]) not in links


def test_report_links_each_field_a_practice_sentence_lists(report_from_texts):
    """One sentence listing several fields covers each item that names one of them."""
    ordinance = (STOP_DATA + ":\n(1) The date, time, and location of the stop;\n(2) The reason for the "
                 "stop;\n(3) The perceived race and gender of the driver.\n")
    memo = ("1. The stop card captures the date, time, and place of the stop; the reason for the stop; "
            "and the driver's perceived race and gender, as the member sees them.\n"
            "2. Supervisors review each stop card every month.\n")
    report = report_from_texts(ordinance, practice=[memo], model="wordllama")
    cited = {p.citation: p.id for s in report.documents for p in s.provisions}
    linked = {a.a for a in report.alignments if a.b == cited["para. 1"]}
    assert {cited["Sec. 1(A)(1)"], cited["Sec. 1(A)(2)"], cited["Sec. 1(A)(3)"]} <= linked


def test_report_a_chapter_note_is_not_the_lead_in_of_its_sections(report_from_texts):
    """"Revision 7, issued August 2022" under a manual's chapter title precedes its sections; it is
    not part of what each says (it would hide "No late charges accrue" behind other words)."""
    ordinance = "Sec. 1. Plans.\n(a) The Department shall not charge late fees on a payment plan.\n"
    manual = ("Chapter 4: Delinquent Accounts\nRevision 7, issued August 2022\nPrepared by the Division "
              "for internal staff use\n\n4.1 PLANS\n\n4.1.1 Late fees are charged on every payment plan "
              "balance.\n")
    report = report_from_texts(ordinance, practice=[manual], model="wordllama")
    units = {u.provision.citation: u for s in report.documents for u in align.units_of(s)}
    assert units["4.1.1"].rule == "Late fees are charged on every payment plan balance."


def _judged_bodies(report) -> set[str]:
    """The words of every provision the report gives a finding."""
    judged = {f.provision for f in report.findings}
    return {p.body for s in report.documents for p in s.provisions if p.id in judged}


def test_report_reads_asks_worded_we_also_ask_or_we_would_like(report_from_texts):
    letter = ("Dear Supervisors,\n\nI would like to thank you for your work. We also ask that the jail "
              "stop charging for calls. We would like the law to forbid video-only visiting.\n\n"
              "Our asks:\n\n1. Make every call free.\n\nSincerely,\nThe Coalition\n")
    report = report_from_texts(RULE, concerns=[letter])
    judged = _judged_bodies(report)
    assert {"We also ask that the jail stop charging for calls.",
            "We would like the law to forbid video-only visiting."} <= judged
    assert "I would like to thank you for your work." not in judged


def test_report_reads_support_and_welcome_as_asks_and_below_only_at_the_end_as_an_introduction(
        report_from_texts):
    letter = ("Dear Board,\n\nWe fully support banning foam cups. The merchants would also welcome "
              "printed signs from the Town. The thermostat should never drop below 65 degrees at night."
              "\n\nOur asks:\n\n1. Make every call free.\n\nIn solidarity,\n\nThe Union\n")
    report = report_from_texts(RULE, concerns=[letter])
    judged = _judged_bodies(report)
    assert {"We fully support banning foam cups.", "The merchants would also welcome printed signs from "
            "the Town.", "The thermostat should never drop below 65 degrees at night."} <= judged
    assert not any("Union" in body for body in judged)


def test_report_courtesies_in_a_letter_are_not_asks():
    from legdiff.align import _ASKS
    assert not any(_ASKS.search(t) for t in ("I want to thank you for your work.",
                                              "I would like to take a moment to thank you.",
                                              "We believe every tenant deserves a safe home."))
