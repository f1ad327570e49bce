"""Grading amendments: trivial or substantive, and the reason, one case a line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legdiff.grade import grade_amendment
from legdiff.models import Grade

T, S = Grade.TRIVIAL, Grade.SUBSTANTIVE

CASES = [
    # Denver committee -> final, 28-251(b): a comma fix
    ("county court administrative staff probation, pre-trial services and community corrections.",
     "county court administrative staff, probation, pre-trial services, and community corrections.",
     T, "punctuation changed"),
    # Denver 28-256(a) -> 28-255(a): the report deadline
    ("No later than sixty (60) days after the end of each calendar quarter",
     "No later than thirty (30) days after the end of each calendar quarter",
     S, "number changed: sixty (60) -> thirty (30)"),
    # plain-language drafting
    ("The clerk shall keep it.", "The clerk must keep it.", T, "equivalent wording: shall -> must"),
    # line wrapping and spacing
    ("The clerk shall keep\nthe record.", "The clerk shall  keep the record.", T, "white space only"),
    ("The Clerk Shall keep it.", "The clerk shall keep it.", T, "capitalisation changed"),
    ("pre-trial services", "pretrial services", T, "spacing or hyphenation changed: pre-trial -> pretrial"),
    ("file it with Council", "file it with the Council", T, "minor word changed: (none) -> the"),
    # Denver 28-256(a)(2): "; and" moves to the new last-but-one item
    ("the number of requests that were granted; and", "the number of requests that were granted;",
     T, "list connector removed: and"),
    # negation
    ("The clerk shall disclose the record.", "The clerk shall not disclose the record.",
     S, "negation changed: does not prohibit vs \"shall not\""),
    # modality
    ("The Director may waive it.", "The Director shall waive it.", S, "modality changed: may vs shall"),
    # an exception added
    ("No agency shall share the date.", "No agency shall share the date unless a judge orders it.",
     S, "exception added: \u201cunless a judge orders it.\u201d"),
    # actors
    ("The Manager of Safety shall report.", "The Sheriff shall report.",
     S, "name changed: Manager of Safety -> Sheriff"),
    # dates
    ("effective August 2, 2017, after", "effective August 28, 2017, after",
     S, "date changed: August 2 -> August 28"),
    # money
    ("a fee of $500 for each day", "a fee of $1,000 for each day", S, "number changed: $500 -> $1,000"),
    # list meaning
    ("a warrant and a court order", "a warrant or a court order", S, "conjunction changed: and -> or"),
    # any other word
    ("shall publish the report", "shall destroy the report", S, "wording changed: publish -> destroy"),
    ("publish the report", "publish the annual report", S, "wording changed: added \u201cannual\u201d"),
]


@pytest.mark.parametrize("old,new,grade,reason", CASES, ids=[c[3][:40] for c in CASES])
def test_drafts_grade_cases(old, new, grade, reason):
    found_grade, reasons, _ = grade_amendment(old, new)
    assert found_grade == grade
    assert reason in reasons, reasons


def test_drafts_grade_cross_reference_that_follows_the_renumbering_is_trivial():
    # Denver 28-257(c) -> 28-256(c): "the reports required by Section 28-256" follows 28-256 -> 28-255
    grade, reasons, _ = grade_amendment("the reports required by Section 28-256.",
                                     "the reports required by Section 28-255.",
                                     renumbering={"28-256": "28-255", "28-257": "28-256"})
    assert (grade, reasons) == (T, ("cross-reference updated for renumbering: 28-256 -> 28-255",))


def test_drafts_grade_renumbering_does_not_excuse_other_numbers():
    grade, reasons, _ = grade_amendment("sections 5 and 6 apply for 5 years",
                                     "sections 4 and 5 apply for 4 years", renumbering={"5": "4", "6": "5"})
    assert grade == S and "number changed: 5 -> 4" in reasons


def test_drafts_grade_lead_in_words_inform_the_substance_rules():
    # DC Code 24-211.07: (d)(1) "The District shall not provide ..." became (a)(2) "Provide ...",
    # under the lead-in "(a) ... the District of Columbia shall not:"
    old = "The District shall not provide an office or booth to any ICE agent."
    new = "Provide an office or booth to any federal immigration agency;"
    _, without, _ = grade_amendment(old, new)
    _, with_lead_in, _ = grade_amendment(old, new, lead_ins=("", "the District of Columbia shall not:"))
    assert any(r.startswith("negation") for r in without)
    assert not any(r.startswith("negation") for r in with_lead_in)


WORDS = st.lists(st.sampled_from("the clerk shall may not keep record, (a) 30 thirty days; and or. "
                                 "Sheriff".split(" ")), max_size=400)


@settings(max_examples=60, deadline=None)
@given(WORDS, WORDS)
def test_drafts_grade_redline_rebuilds_both_texts(old_words, new_words):
    # long texts (over 3,000 characters) are redlined clause by clause first
    old, new = " ".join(old_words), " ".join(new_words)
    grade, reasons, segments = grade_amendment(old, new)
    assert "".join(s.text for s in segments if s.op != "insert") == old
    assert "".join(s.text for s in segments if s.op != "delete") == new
    assert (grade, reasons, segments) == grade_amendment(old, new)
    assert reasons
