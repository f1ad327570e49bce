"""Segmentation: structure, citations, sentences, and the coverage invariant."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legdiff import nlp
from legdiff.load import load_document
from legdiff.models import Document, Kind, Role
from legdiff.segment import lead_ins, segment

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
REALDATA = ROOT.parent / "shared" / "realdata"
DEV_CASES = ROOT.parent / "shared" / "dev-cases"


def uncovered(segmented) -> list[int]:
    """Offsets of non-white-space characters not in exactly one leaf."""
    text = segmented.document.text
    counts = [0] * len(text)
    for provision in segmented.leaves():
        for i in range(provision.start, provision.end):
            counts[i] += 1
    return [i for i, ch in enumerate(text) if not ch.isspace() and counts[i] != 1]


def make(text: str) -> Document:
    return Document("doc.txt", Role.DOCUMENT, "doc.txt", "", text, text)


def by_citation(segmented) -> dict[str, object]:
    """Provisions by citation; where a node and its own-text leaf share one, the node."""
    result = {}
    for provision in segmented.provisions:
        result.setdefault(provision.citation, provision)
    return result


def corpus_files() -> list[Path]:
    files = [p for p in CORPORA.rglob("*") if p.suffix in {".txt", ".md"} and p.name != "README.md"]
    if DEV_CASES.exists():
        files += [p for p in DEV_CASES.rglob("*.txt")]
    return sorted(files)


def realdata_text_files() -> list[Path]:
    if not REALDATA.exists():
        return []
    return sorted(p for p in REALDATA.rglob("*.md") if p.name != "SOURCES.md")


@pytest.mark.realdata
@pytest.mark.skipif(not REALDATA.exists(), reason="../shared/realdata is not present")
@pytest.mark.parametrize("path", realdata_text_files(), ids=lambda p: p.name)
def test_segment_covers_every_character_of_realdata_markdown(path):
    segmented = segment(load_document(path))
    assert uncovered(segmented) == []
    assert sum(p.is_substantive for p in segmented.leaves()) > 10


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_segment_covers_every_character_of_corpus_documents(path):
    segmented = segment(load_document(path))
    assert uncovered(segmented) == []
    assert any(p.is_substantive for p in segmented.leaves())


ORDINANCE = """CITY OF TESTVILLE

ORDINANCE NO. 1

WHEREAS, the council finds things; and

NOW, THEREFORE, BE IT ORDAINED BY THE COUNCIL:

Sec. 28-252. Status inquiries.
(a) No employee shall ask about immigration status.
(b) An agency shall not:
(1) Record status; or
(2) Share status, except as required by 8 U.S.C. § 1373.
(A) Subparagraph one.
(i) Clause one.
(ii) Clause two.
(c) Exigent circumstances.
(1) A department may act. It shall report within thirty (30) days.

Section 2. Effective date. This ordinance takes effect on passage.

PASSED AND ADOPTED on May 1.
"""


# (citation, kind, text it contains) — Denver/Oakridge municipal code style
CITATIONS = [
    ("Sec. 28-252", Kind.SECTION, "Status inquiries"),
    ("Sec. 28-252(a)", Kind.SUBSECTION, "No employee shall ask"),
    ("Sec. 28-252(b)(1)", Kind.PARAGRAPH, "Record status"),
    ("Sec. 28-252(b)(2)(A)", Kind.SUBPARAGRAPH, "Subparagraph one"),
    ("Sec. 28-252(b)(2)(A)(i)", Kind.CLAUSE, "Clause one"),
    ("Sec. 28-252(b)(2)(A)(ii)", Kind.CLAUSE, "Clause two"),
    ("Sec. 28-252(c)(1), sentence 2", Kind.SENTENCE, "report within thirty"),
    ("Section 2", Kind.SECTION, "takes effect"),
    ("Recital 1", Kind.RECITAL, "WHEREAS"),
    ("Enacting clause", Kind.ENACTING, "BE IT ORDAINED"),
    ("Back matter", Kind.BACK, "PASSED AND ADOPTED"),
    ("Front matter", Kind.FRONT, "ORDINANCE NO. 1"),
]


@pytest.mark.parametrize("citation,kind,words", CITATIONS)
def test_segment_gives_clerk_citations(citation, kind, words):
    provisions = by_citation(segment(make(ORDINANCE)))
    assert citation in provisions, sorted(provisions)
    assert provisions[citation].kind == kind
    assert words in provisions[citation].text


def test_segment_reads_headings_inside_numbered_lines():
    provisions = by_citation(segment(make(ORDINANCE)))
    assert provisions["Sec. 28-252"].heading == "Status inquiries"
    assert provisions["Sec. 28-252(c)"].heading == "Exigent circumstances"
    assert provisions["Section 2"].heading == "Effective date"


def test_segment_ends_the_last_section_at_an_enacted_line():
    """"Section 3. Effective date. This ordinance ..." keeps its sentence as its text, not as a
    heading, and the "ENACTED by ..." line after it opens the back matter."""
    text = ("ORDINANCE NO. 7\n\nBE IT ORDAINED by the Council:\n\nSection 1. Rule. No officer shall "
            "record.\n\nSection 2. Effective date. This ordinance shall take effect ninety (90) days "
            "after it becomes law.\n\nENACTED by the County Council on March 11, 2025.\n\n_____\nClerk\n")
    provisions = by_citation(segment(make(text)))
    section = provisions["Section 2"]
    assert section.heading == "Effective date" and section.is_leaf
    assert "ninety (90) days" in section.body
    assert "ENACTED" in provisions["Back matter"].text


def test_segment_reads_rules_after_an_adopted_by_line_and_a_dotted_chapter():
    text = ("WATER UTILITY RULES\n\nCHAPTER 7.2\nCUSTOMER SERVICE LINES\n\nAdopted by the Board "
            "of Water Commissioners on May 1, 2019\n\nRule 7.1 Ownership.\nThe Utility owns the "
            "line to the curb stop.\n\nRule 7.2 Notice.\nThe Utility mails a notice within 30 "
            "days.\n")
    segmented = segment(make(text))
    provisions = by_citation(segmented)
    assert provisions["Chapter 7.2"].heading == "CUSTOMER SERVICE LINES"
    leaves = [p for p in segmented.provisions if p.is_leaf and p.is_substantive]
    assert any("mails a notice within 30 days" in p.text for p in leaves)
    assert all(p.kind != Kind.BACK for p in segmented.provisions)


def test_segment_splits_a_field_list_into_one_provision_a_field():
    text = ("CONTRACT SUMMARY\n\nThis summary restates the contract terms.\n\nRATES\n\n"
            "Domestic voice calls: $0.21 per minute, prepaid or collect\n"
            "Deposit fee: $3.00 for each deposit made online\n"
            "Recording retention: one (1) year on the vendor's servers, then deleted\n\n"
            "Q: Can we keep the recordings longer?\nA: No. The contract sets one year.\n")
    segmented = segment(make(text))
    leaves = [p.text for p in segmented.provisions if p.is_leaf and p.is_substantive]
    for field in ("Domestic voice calls:", "Deposit fee:", "Recording retention:"):
        assert sum(t.startswith(field) for t in leaves) == 1, leaves
        assert not any(field in t and not t.startswith(field) for t in leaves), leaves
    assert any(t.startswith("Q: Can we keep") and "A: No." in t for t in
               (p.text for p in segmented.provisions))  # a question keeps its answer


def test_segment_takes_a_division_title_from_the_next_line():
    text = ("BE IT ORDAINED by the Council:\n\nARTICLE III\nSnow and Ice Removal\n\n"
            "§ 230-14. Duty of owners.\nA. The owner shall clear the sidewalk.\n")
    provisions = by_citation(segment(make(text)))
    assert provisions["Article III"].heading == "Snow and Ice Removal"
    assert not any("Snow and Ice Removal" in p.body for p in provisions.values()
                   if p.citation != "Article III")


def test_segment_gives_each_table_row_a_provision():
    text = ("### Fees\n\n| Service | Fee |\n|---|---|\n| Copies | $0.25 per page |\n"
            "| Staff time | $20.00 per hour |\n")
    segmented = segment(make(text))
    rows = [p.text for p in segmented.provisions if p.is_leaf and p.text.startswith("|")]
    assert rows == ["| Service | Fee |\n|---|---|", "| Copies | $0.25 per page |",
                    "| Staff time | $20.00 per hour |"]


# (text, expected sentences) — abbreviations and citations that a plain sentencizer breaks
SENTENCES = [
    ("See Sec. 28-252(b)(3). Then stop.", ["See Sec. 28-252(b)(3).", "Then stop."]),
    ("Share only as 8 U.S.C. § 1373 requires. Nothing more.",
     ["Share only as 8 U.S.C. § 1373 requires.", "Nothing more."]),
    ("The Dept. of Justice v. Smith case, No. 5, held so. Next.",
     ["The Dept. of Justice v. Smith case, No. 5, held so.", "Next."]),
    ("Under subsection (a)(1). Then (b) applies.", ["Under subsection (a)(1).", "Then (b) applies."]),
    ("Signed by Michael B. Hancock, Mayor. Done.", ["Signed by Michael B. Hancock, Mayor.", "Done."]),
    ("He said no. It ended.", ["He said no.", "It ended."]),
]


@pytest.mark.parametrize("text,expected", SENTENCES)
def test_segment_sentences_respect_legal_abbreviations(text, expected):
    assert [text[s:e] for s, e in nlp.sentence_spans(text)] == expected


def test_segment_memo_has_headings_bullets_and_sentences():
    memo = ("MEMORANDUM\n\nTO: All staff\nFROM: The Sheriff\n\nThe Department keeps records. "
            "It shares them with the FBI.\n\nWhat we do now\n\n- We do not hold people.\n"
            "- We answer fax requests.\n")
    segmented = segment(make(memo))
    kinds = [p.kind for p in segmented.leaves()]
    assert kinds.count(Kind.BULLET) == 2
    assert kinds.count(Kind.SENTENCE) == 2
    assert Kind.HEADING in kinds and kinds[0] == Kind.FRONT
    assert uncovered(segmented) == []


def test_segment_order_keeps_recitals_apart_from_directives():
    order = ("EXECUTIVE ORDER NO. 9\n\nWHEREAS, a reason; and\n\nWHEREAS, another reason;\n\n"
             "NOW, THEREFORE, I hereby order:\n\n1. Defense fund. A fund is created.\n\n"
             "2. Training. Staff shall be trained.\n")
    provisions = by_citation(segment(make(order)))
    assert provisions["Recital 2"].kind == Kind.RECITAL
    assert provisions["para. 1"].heading == "Defense fund"
    assert provisions["para. 2"].body == "Staff shall be trained."


def test_segment_decimal_procedure_nests_by_depth():
    text = "5.3.1 PURPOSE\n\nThis order applies.\n\n5.3.2 USES\n\n5.3.2.1 Members may act.\n5.3.2.2 Members may not.\n"
    segmented = segment(make(text))
    provisions = by_citation(segmented)
    assert provisions["5.3.2.1"].parent == provisions["5.3.2"].id
    assert provisions["5.3.1"].heading == "PURPOSE"
    assert uncovered(segmented) == []


def test_segment_letter_in_roman_after_h_is_a_letter():
    text = "".join(f"({c}) Item {c}.\n" for c in "abcdefghij")
    provisions = by_citation(segment(make(text)))
    assert provisions["(i)"].kind == Kind.SUBSECTION
    assert provisions["(i)"].parent is None


_LINE = st.one_of(
    st.sampled_from(["Sec. 1-101. Title.", "(a)", "(1)", "(A)", "(i)", "1.", "- ", "5.3.1", "WHEREAS,",
                     "ARTICLE II.", "§ 2-3.", "PASSED", "Dear Sir:", "# Heading", "TO: x"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_LINE, st.text(alphabet="abc .;:()\"'", max_size=40), st.booleans()), max_size=25))
def test_segment_covers_every_character_of_generated_documents(lines):
    text = "".join(f"{marker} {words}\n" + ("\n" if blank else "") for marker, words, blank in lines)
    if not text.strip():
        return
    segmented = segment(make(text))
    assert uncovered(segmented) == []
    ids = [p.id for p in segmented.provisions]
    assert len(ids) == len(set(ids))


def test_segment_is_deterministic():
    assert segment(make(ORDINANCE)).provisions == segment(make(ORDINANCE)).provisions


def test_segment_windows_line_ends_give_the_same_provisions(tmp_path):
    """CR LF and CR files read like LF ones; offsets still point into the source as written."""
    text = (ROOT / "corpora" / "lakeport-wage-theft" / "practice-ols.txt").read_text(encoding="utf-8")
    unix = tmp_path / "unix.txt"
    unix.write_bytes(text.encode("utf-8"))
    windows = tmp_path / "windows.txt"
    windows.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    old_mac = tmp_path / "mac.txt"
    old_mac.write_bytes(text.replace("\n", "\r").encode("utf-8"))
    expected = [(p.citation, p.heading, p.text) for p in segment(load_document(unix)).provisions]
    for path in (windows, old_mac):
        document = load_document(path)
        segmented = segment(document)
        assert [(p.citation, p.heading, p.text) for p in segmented.provisions] == expected
        leaf = segmented.leaves()[-1]
        start, end = document.source_span(leaf.start, leaf.end)
        assert document.source[start:end].replace("\r\n", "\n").replace("\r", "\n") == leaf.text


# (line, citation, kind) — numbering forms met in codes and ordinances
FORMS = [
    ("§ 5-101(a)(1) The Director shall adopt rules.", "§ 5-101(a)(1)", Kind.SECTION),  # pinpoint
    ("Sec. 28-252(b) No agency shall ask.", "Sec. 28-252(b)", Kind.SECTION),
    ("Art. 3 ENFORCEMENT", "Article 3", Kind.ARTICLE),  # abbreviated article
    ("Section 1.01. Scope. This applies.", "Section 1.01", Kind.SECTION),
]


@pytest.mark.parametrize("line,citation,kind", FORMS)
def test_segment_numbering_forms(line, citation, kind):
    provisions = by_citation(segment(make(line + "\n")))
    assert citation in provisions, sorted(provisions)
    assert provisions[citation].kind == kind


def test_segment_numbered_list_after_bullets_is_not_nested_in_them():
    segmented = segment(make("\u2022 one\n\u2022 two\n\n(a) first\n(b) second\n"))
    provisions = by_citation(segmented)
    assert provisions["(a)"].parent is None and provisions["(b)"].parent is None


def test_segment_short_last_bullet_is_an_item_not_a_heading_over_the_next_paragraph():
    memo = ("What a card captures today:\n- Date, time, and place of the stop\n"
            "- Outcome: warning, ticket, or arrest\n\nWhat it does not capture is force.\n")
    segmented = segment(make(memo))
    bullets = [p for p in segmented.leaves() if p.kind == Kind.BULLET]
    assert [p.body for p in bullets] == ["Date, time, and place of the stop", "warning, ticket, or arrest"]
    prose = next(p for p in segmented.provisions if p.body.startswith("What it does not"))
    assert prose.parent is None and uncovered(segmented) == []


def test_segment_roman_parts_hold_their_lettered_items_and_cite_them_apart():
    directive = ("I. PURPOSE\n\nThis directive guides stops.\n\nII. POLICY\n\nA. Members shall be courteous.\n\n"
                 "III. PROCEDURE\n\nA. Initiating a Stop\n\n1. A member may stop a vehicle.\n\n"
                 "H. Eighth item.\n\nI. Ninth item.\n")
    provisions = by_citation(segment(make(directive)))
    assert provisions["Part II(A)"].parent == provisions["Part II"].id
    assert provisions["Part III(A)(1)"].body == "A member may stop a vehicle."
    assert provisions["Part III(I)"].body == "Ninth item."  # the letter after "H.", not a roman one


def test_segment_phone_number_in_a_signature_is_no_enumerator():
    letter = ("Dear Council,\n\nPlease ban face recognition at every branch.\n\nWith thanks,\n\n"
              "Priya Vandermeer\nPolicy Director\n(555) 014-2288\n")
    segmented = segment(make(letter))
    assert all(p.kind != Kind.PARAGRAPH for p in segmented.provisions)
    assert segmented.provisions[-1].kind == Kind.BACK and "(555) 014-2288" in segmented.provisions[-1].text


def test_segment_lead_ins_leave_out_a_chapter_note_and_keep_a_section_lead_in():
    manual = ("Chapter 4: Delinquent Accounts\nRevision 7, issued August 2022\n\n4.1 NOTICES\n\n"
              "4.1.1 A notice is mailed.\n\nSec. 5. Rules.\n(a) No agency shall:\n(1) hold any person.\n")
    segmented = segment(make(manual))
    leads = set(lead_ins(segmented).values())
    assert "No agency shall:" in leads
    assert not any("Revision 7" in lead for lead in leads)


def test_segment_salutation_is_not_a_heading():
    segmented = segment(make("Dear Council Members,\n\nWe ask you to act now.\n"))
    assert all(p.kind != Kind.HEADING for p in segmented.provisions)


def test_segment_a_schedule_after_the_signatures_is_body_again():
    bylaw = ("BY-LAW NUMBER 7\n\n1.1 A landlord must hold a licence.\n\n1.2 The fee is set out in Schedule A.\n\n"
             "ENACTED AND PASSED this 14th day of October, 2025.\n\n____________\nHelen Achterberg, Mayor\n\n"
             "SCHEDULE A \u2013 FEES\n\n| Item | Fee |\n|---|---|\n| New licence | $250.00 |\n")
    segmented = segment(make(bylaw))
    back = [p for p in segmented.provisions if p.kind == Kind.BACK]
    assert len(back) == 1 and "Achterberg" in back[0].text and "$250" not in back[0].text
    row = next(p for p in segmented.provisions if p.is_leaf and "$250.00" in p.text)
    assert row.is_substantive
    assert any(p.citation == "Schedule A" for p in segmented.provisions)
    # a sentence that names a schedule is no schedule heading
    assert not any(p.citation == "Schedule A" for p in segment(make(
        "Sec. 1. Fees.\n(a) Schedule A lists the fees.\n")).provisions)


def test_segment_a_subdivision_on_the_line_of_its_section_title_is_its_own():
    law = ("\u00a7 26-1306 Duties of landlords. a. A landlord shall serve the notice.\n\n"
           "b. A landlord shall file proof of service.\n\n"
           "\u00a7 26-1307 Outreach. The coordinator shall conduct outreach.\n")
    segmented = segment(make(law))
    provisions = {p.citation: p for p in segmented.provisions if p.kind != Kind.HEADING}
    assert provisions["\u00a7 26-1306(a)"].body == "A landlord shall serve the notice."
    assert provisions["\u00a7 26-1306(b)"].parent == provisions["\u00a7 26-1306"].id
    lead = lead_ins(segmented).get(provisions["\u00a7 26-1306"].id, "")
    assert "serve the notice" not in lead  # (a) is no lead-in of (b)
    assert "\u00a7 26-1307(a)" not in provisions  # a title then plain prose opens nothing


def test_segment_an_emphasised_title_is_the_items_heading_and_its_own_sentence():
    text = "*Cover working families now.* Anyone who earns less should get a lawyer. **Act.** Then more."
    assert [text[a:b] for a, b in nlp.sentence_spans(text)] == [
        "*Cover working families now.*", "Anyone who earns less should get a lawyer.", "**Act.**", "Then more."]
    letter = "Dear Council,\n\n1. **No paperwork wall.** A tenant's own word about income should be enough.\n"
    item = next(p for p in segment(make(letter)).provisions if p.kind == Kind.ITEM)
    assert item.heading == "No paperwork wall"
    assert item.body == "A tenant's own word about income should be enough."


def test_segment_a_bare_county_code_section_number_is_a_section():
    """Maryland county bills number sections "25-41. Definitions."; each is cited by its number."""
    bill = ("Part IV - School Resource Officers\n\n25-41. Definitions.\n\n(a) In this Part, words mean.\n\n"
            "25-42. Role.\n\n(a) An officer may not enforce school rules.\n")
    citations = [p.citation for p in segment(make(bill)).provisions]
    assert "\u00a7 25-42(a)" in citations and "\u00a7 25-41(a)" in citations
    # a range of numbers in prose is no section
    assert not any(c.startswith("\u00a7") for c in
                   [p.citation for p in segment(make("Pages 10-15. see the annex.\n")).provisions])


@pytest.mark.parametrize("text", ["(a)(1) x\nmore words\n", "Sec. 5. Rules.\n(a)(1) x\nmore words\n",
                                  "Sec. 1-101. Title. (a)\n0 \n", "Sec. 1-101. Title. (a)(1) x\nmore words\n"])
def test_segment_a_wrapped_line_after_two_enumerators_belongs_to_the_inner(text):
    segmented = segment(make(text))
    assert uncovered(segmented) == []
    assert segmented.leaves()[-1].text.endswith(text.strip().splitlines()[-1].strip())


def test_segment_a_numbered_title_of_seven_words_is_a_heading():
    text = "II. Role of the SRO in the School\n\nThe SRO supports the school's discipline program.\n"
    assert not [p for p in segment(make(text)).leaves() if p.citation == "Part II" and p.is_substantive]


def test_segment_schedules_and_county_numbers_only_where_they_are_titles():
    wrapped = ("ORDINANCE NO. 5\n\nSection 1. Fees. The fees are set out in the table in\n"
               "Schedule A. Each applicant shall pay the fee.\n\nSection 2. Forms. The applicant shall sign.\n")
    citations = [p.citation for p in segment(make(wrapped)).provisions]
    assert "Schedule A" not in citations and "Section 2" in citations
    two = ("Section 1. Fees. The fees are in the schedules.\n\nPASSED AND ADOPTED this 1st day of May.\n\n"
           "____________\nMayor\n\nSCHEDULE A \u2013 PERMIT FEES\n\n1. Building permit: $100.\n\n"
           "SCHEDULE B \u2013 LICENSE FEES\n\n1. Vendor license: $75.\n")
    segmented = segment(make(two))
    back = [p for p in segmented.provisions if p.kind == Kind.BACK]
    assert len(back) == 1 and "PASSED" in back[0].text and uncovered(segmented) == []
    ranges = "Section 1. Fees. The fee depends on units:\n1-4. One hundred dollars.\n12-103. The Director shall act.\n"
    assert not any(p.citation.startswith("\u00a7") for p in segment(make(ranges)).provisions)
    text = "Holders of Permit No. *1234* shall renew it annually."
    assert [text[a:b] for a, b in nlp.sentence_spans(text)] == [text]


def test_segment_an_english_byelaw_restates_its_number_before_its_first_paragraph():
    """English byelaws and statutory instruments: "3. Operator permits" then "3.\u2014(1) ..."; the
    seal and its signatory ("A. J. Pennington") are back matter after the schedule."""
    byelaw = ("3. Operator permits\n3.\u2014(1) No person shall operate a scheme without a permit.\n"
              "(2) An application shall be made in writing.\n\n4.\u2014(1) No person shall park on a footway.\n\n"
              "SCHEDULE 1\n1. The operator shall keep a base.\n\n"
              "THE COMMON SEAL of the COUNCIL was affixed in the presence of\u2014\n\nA. J. Pennington\n"
              "Authorised Signatory\n")
    segmented = segment(make(byelaw))
    provisions = {p.citation: p for p in segmented.provisions if p.kind != Kind.HEADING}
    assert provisions["para. 3(1)"].body == "No person shall operate a scheme without a permit."
    assert provisions["para. 3(2)"].parent == provisions["para. 3(1)"].parent == "doc.txt:para-3"
    assert provisions["para. 4(1)"].body == "No person shall park on a footway."
    assert not [p for p in segmented.leaves() if p.is_substantive and not any(c.isalpha() for c in p.body)]
    back = [p for p in segmented.provisions if p.kind == Kind.BACK]
    assert len(back) == 1 and "Pennington" in back[0].text and uncovered(segmented) == []
    assert "Schedule 1(1)" in provisions


def test_segment_title_chapter_section_numbers_are_sections():
    """Chicago's code numbers sections "8-42-010" inside "CHAPTER 8-42"; each cites its own (a)."""
    code = ("CHAPTER 8-42\nSERVICE OF WARRANTS\n\n8-42-010 Definitions.\n(a) \"Daytime\" means 7 a.m. to 8 p.m.\n\n"
            "8-42-020 No-knock entries prohibited.\n(a) No member shall make a no-knock entry.\n")
    citations = [p.citation for p in segment(make(code)).provisions]
    assert "\u00a7 8-42-020(a)" in citations and "\u00a7 8-42-010(a)" in citations
    county = "Chapter 6-14 TOBACCO\n\n6-14-3. License Required.\nA. No person shall sell tobacco without a license.\n"
    assert "\u00a7 6-14-3(A)" in [p.citation for p in segment(make(county)).provisions]
    assert any(c.startswith("Chapter 8-42") for c in citations)
    # a telephone number is no section
    assert not any(c.startswith("\u00a7") for c in
                   [p.citation for p in segment(make("555-014-2288 Call the clerk.\n")).provisions])


def test_segment_a_phrase_ending_in_an_abbreviation_is_no_title():
    text = "(d) The magistrate may:\n1. Reduce the fine;\n2. Establish a payment plan in accordance with Sec. 14-73; or\n"
    item = next(p for p in segment(make(text)).provisions if p.citation.endswith("(2)"))
    assert item.heading == ""
    assert item.body == "Establish a payment plan in accordance with Sec. 14-73; or"


def test_segment_a_second_numbered_list_under_its_own_heading_is_cited_apart():
    """A joint letter: each group's heading, then its own "1.", "2.": a clerk must cite each."""
    letter = ("## Access Forum\n\n1. Ban pavement riding.\n2. Mark the bays.\n\n"
              "## Residents\n\n1. Cap the fleet at 400.\n2. Fine riders on the spot.\n")
    segmented = segment(make(letter))
    items = [p.citation for p in segmented.provisions if p.kind == Kind.ITEM]
    assert len(items) == len(set(items)) == 4
    assert items[:2] == ["para. 1", "para. 2"] and items[2].endswith(", para. 1")


MARYLAND_BILL = ("SECTION 1. BE IT ENACTED BY THE COUNTY COUNCIL, That the Laws read as follows:\n\n"
                 "22-104. Towing from private property.\n\n"
                 "(a) (1) In this section the following words have the meanings indicated.\n"
                 "(2) A lot shall have [10] 5 or more spaces.\n"
                 "(b) (1) Each sign shall state:\n(i) the address of the storage facility; [and]\n"
                 "(ii) THE MAXIMUM TOW FEE; AND\n(III) THE TELEPHONE NUMBER OF THE OFFICE.\n"
                 "(C) A TOWING COMPANY SHALL TAKE PHOTOGRAPHS BEFORE A TOW.\n\n"
                 "EXPLANATION: CAPITALS INDICATE MATTER ADDED TO EXISTING LAW.\n"
                 "[Brackets] indicate matter deleted from existing law.\n")


def test_segment_a_maryland_amending_bill_numbers_its_new_matter_as_the_law_does():
    """New matter in capitals carries capitalised labels ("(III)", "(C)"); "(a) (1)" opens two."""
    segmented = segment(make(MARYLAND_BILL))
    provisions = {p.citation: p for p in segmented.provisions if p.kind not in (Kind.HEADING, Kind.LEAD)}
    assert provisions["\u00a7 22-104(a)(1)"].body == "In this section the following words have the meanings indicated."
    assert provisions["\u00a7 22-104(b)(1)(iii)"].body == "THE TELEPHONE NUMBER OF THE OFFICE."
    assert provisions["\u00a7 22-104(b)(1)(iii)"].heading == ""  # new matter in capitals, not a title
    assert provisions["\u00a7 22-104(c)"].body.startswith("A TOWING COMPANY")
    assert uncovered(segmented) == []
    # without the convention, capitals are only capitals
    plain = segment(make(MARYLAND_BILL.split("EXPLANATION")[0]))
    assert "\u00a7 22-104(b)(1)(iii)" not in [p.citation for p in plain.provisions]


@pytest.mark.parametrize("text", ["(4) Access to justice.\n(A) (1) IN THIS SECTION WORDS HAVE MEANINGS.\n(2) MORE.\n",
                                  "(4) Access to justice.\n(A)(1) In this section words have meanings.\n"])
def test_segment_a_second_label_of_an_open_scheme_stays_text(text):
    """"(A) (1)" under an open "(4)": the "(1)" would close "(A)" it follows; it stays its text."""
    segmented = segment(make(text))
    assert uncovered(segmented) == []


@pytest.mark.parametrize("clause, rule", [
    ("NOW, THEREFORE, BE IT RESOLVED by the City Council that ", "the Police Department shall not use face recognition."),
    ("IT IS HEREBY ORDERED that ", "all City departments shall stop reporting tickets to the state."),
])
def test_segment_a_resolving_clause_that_states_a_rule_keeps_the_rule(clause, rule):
    """A resolution's first "BE IT RESOLVED ... that the Department shall ..." is a rule, not only
    the formula before it; "BE IT ORDAINED ... that Section 2 is amended ..." stays a formula."""
    text = f"WHEREAS, residents asked.\n\n{clause}{rule}\n\nBE IT FURTHER RESOLVED that the Chief shall report.\n"
    segmented = segment(make(text))
    assert [p.body for p in segmented.leaves() if p.kind == Kind.BLOCK][:2] == [
        rule, "BE IT FURTHER RESOLVED that the Chief shall report."]
    assert uncovered(segmented) == []
    amending = segment(make("BE IT ORDAINED by the Council that Section 2 shall be amended to read as follows:\n"))
    assert not [p for p in amending.leaves() if p.kind == Kind.BLOCK]


def test_segment_exported_bullets_and_steps_with_sub_steps():
    """Word and PDF exports bullet with "o", "\u27a2", "\u25e6"; a bullet that is a whole sentence over
    its sub-steps is a step, not a title."""
    text = ("Intake staff must follow these steps:\n\n\u2022 Check the bed list.\n  o Assign the lowest free bed.\n"
            "  o Record the bed number.\n\u27a2 Explain the house rules.\n")
    segmented = segment(make(text))
    bodies = [p.body for p in segmented.leaves()]
    assert "Assign the lowest free bed." in bodies and "Record the bed number." in bodies
    step = next(p for p in segmented.provisions if p.text.startswith("\u2022 Check"))
    assert step.heading == "" and any(p.body == "Check the bed list." and p.is_substantive for p in segmented.leaves())
    assert uncovered(segmented) == []
    # "o" is a bullet only before a capital, not a wrapped line starting with the letter
    assert len(segment(make("The owner shall\no not do that.\n")).leaves()) == 1


def test_segment_sentences_end_at_a_line_break_but_a_question_keeps_its_answer():
    text = "The owner shall post the notice.\nThe tenant may reply within ten days."
    assert [text[a:b] for a, b in nlp.sentence_spans(text)] == [
        "The owner shall post the notice.", "The tenant may reply within ten days."]
    faq = "I rent my apartment. Can I host?\nYes, if your landlord agrees in writing."
    assert [faq[a:b] for a, b in nlp.sentence_spans(faq)] == [
        "I rent my apartment.", "Can I host?\nYes, if your landlord agrees in writing."]


def test_segment_a_faq_in_q_and_a_lines_is_no_outline():
    text = "FAQ\n\nQ. Can I get a payment plan?\nA. Yes. Anyone who owes $100 can.\n\nQ. Is there a fee?\nA. No.\n"
    segmented = segment(make(text))
    assert not [p for p in segmented.provisions if p.citation.startswith("Part")]
    assert any(p.text.startswith("Q. Is there a fee?") for p in segmented.provisions)
    assert uncovered(segmented) == []


def test_segment_philadelphia_dot_paragraphs_nest_under_their_letter():
    code = ("\u00a7 20-1402. Registration.\n\n(1) Each lobbyist shall register.\n(a) The registration shall state:\n"
            "(.1) the name of the lobbyist;\n(.2) the name of each principal.\n(b) A lobbyist shall pay a fee.\n")
    citations = [p.citation for p in segment(make(code)).provisions]
    assert "\u00a7 20-1402(1)(a)(.2)" in citations and "\u00a7 20-1402(1)(b)" in citations


def test_segment_an_inserted_article_in_quotes_is_a_division():
    """Amending ordinances quote what they insert: "\u201cArticle 12. Drones." then its sections."""
    bill = ("SECTION 2. Chapter 14 is amended by adding a new article to read as follows:\n\n"
            "\u201cArticle 12. Unmanned Aircraft Systems.\n\nSec. 14-125.2 Authorized uses.\n"
            "(a) The department may fly a drone only for search and rescue.\n")
    segmented = segment(make(bill))
    article = next(p for p in segmented.provisions if p.citation == "Article 12")
    section = next(p for p in segmented.provisions if p.citation == "Sec. 14-125.2")
    assert section.parent == article.id and uncovered(segmented) == []
