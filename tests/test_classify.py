"""Classification thresholds: what a pair's score must reach, by the kind of document."""

from __future__ import annotations

import dataclasses

from legdiff.align import align
from legdiff.classify import Thresholds, classify
from legdiff.models import Document, Role
from legdiff.segment import segment

ORDINANCE = "Sec. 1. Notice.\n(a) The Department shall mail a notice to each tenant.\n"
SAYING = "Tenants should get a letter from the City about it."


def _linked_at(score: float, role: Role) -> bool:
    ordinance = segment(Document("o.txt", Role.ORDINANCE, "o.txt", "", ORDINANCE, ORDINANCE))
    other = segment(Document("x.txt", role, "x.txt", "", SAYING, SAYING))
    candidates = [dataclasses.replace(c, score=score) for c in align(ordinance, [other])]
    assert candidates
    return bool(classify(ordinance, [other], candidates, thresholds=Thresholds()).alignments)


def test_classify_a_letters_pair_needs_less_than_a_memos_and_an_orders_more():
    low = Thresholds().link - Thresholds().concerns_leeway / 2  # between the letter's and the memo's bar
    assert _linked_at(low, Role.CONCERNS)
    assert not _linked_at(low, Role.PRACTICE)
    high = Thresholds().link - Thresholds().order_leeway / 2  # between the memo's and the order's bar
    assert _linked_at(high, Role.PRACTICE)
    assert not _linked_at(high, Role.ORDER)


def test_units_read_an_amending_bill_as_amended():
    """Bracketed matter is deleted from the law: "[10] 5 or more spaces" reads "5 or more spaces"."""
    from tests.test_segment import MARYLAND_BILL
    from legdiff.align import units_of
    from legdiff.segment import segment
    from legdiff.models import Document, Role
    document = Document("bill.txt", Role.ORDINANCE, "bill.txt", "", MARYLAND_BILL, MARYLAND_BILL, "text")
    units = {u.provision.citation: u for u in units_of(segment(document))}
    lot = units["\u00a7 22-104(a)(2)"]
    assert "[10]" in lot.provision.body and "10" not in lot.rule and "5 or more spaces" in lot.rule


def test_align_reads_a_letters_ask_without_the_words_of_asking():
    """"We ask the Council to require ..." is read as "require ...": the asking is not the ask."""
    ordinance = segment(Document("o.txt", Role.ORDINANCE, "o.txt", "", ORDINANCE, ORDINANCE))

    def scored(text: str, role: Role = Role.CONCERNS):
        letter = segment(Document("c.txt", role, "c.txt", "", text, text))
        return [(c.semantic, c.lexical) for c in align(ordinance, [letter])]

    plain = scored("Require the Department to mail a notice to each tenant.")
    assert scored("We ask the Council to require the Department to mail a notice to each tenant.") == plain
    assert scored("Please require the Department to mail a notice to each tenant.") == plain
    # a memo's words are its own
    assert scored("We ask the Council to require the Department to mail a notice to each tenant.",
                  Role.PRACTICE) != plain


def test_units_a_glossary_line_is_a_definition_but_an_offense_line_is_a_rule():
    from legdiff.align import units_of
    text = ("Sec. 1. Terms.\nSIDEWALK - Any paved pedestrian way.\n\nSec. 2. Penalties.\n"
            "(a) A violator shall be punished as follows:\n(1) First offense - a fine of $100;\n")
    units = [u.provision.body for u in units_of(segment(Document("o.txt", Role.ORDINANCE, "o.txt", "", text, text)))]
    assert "First offense - a fine of $100;" in units
    assert not any(body.startswith("SIDEWALK") for body in units)
