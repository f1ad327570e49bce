"""The units of a draft comparison: a leaf's words, a match between leaves, and the thresholds.

Shared by legdiff.drafts (matching leaves) and legdiff.draft_tree (aligning the units that hold
them): how similar two leaves' words are, and the enumerator a block writes into its words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from legdiff.models import Kind, Provision, Relation

SPLIT, MERGED = "split", "merged"
#: An enumerator written into a block's words, as in the quoted text of an amending act.
_INLINE_LABEL = re.compile(r"^[\"'\u201c\u2018]?((?:\([0-9A-Za-z]{1,5}\))+)\s+")


@dataclass(frozen=True, slots=True)
class Thresholds:
    same: float = 0.5  # word similarity at or above which two leaves are one provision, amended
    moved: float = 0.6  # ... when the match would be out of order
    partial: float = 0.65  # share of the shorter leaf's words found in the longer one ...
    partial_floor: float = 0.35  # ... when the two are at least this similar
    split: float = 0.7  # similarity of a leaf to the leaves it was split into, joined
    parent: float = 0.4  # share of words two units hold in common, to align them; or else
    parent_contained: float = 0.6  # share of the smaller unit's words found in the larger


@dataclass(frozen=True, slots=True)
class Leaf:
    provision: Provision
    wording: str  # heading and body, white space collapsed: no number
    key: str  # its words, lower case: what an exact match compares
    words: tuple[str, ...]
    bag: Counter  # its words, counted: what a similar match compares


@dataclass(frozen=True, slots=True)
class Match:
    old: int
    new: int
    score: float
    relation: Relation
    exact: bool = False


@dataclass(slots=True)
class Matching:
    """Leaf matches: one-to-one pairs, and splits / merges (old indices, new indices)."""

    pairs: dict[int, Match] = field(default_factory=dict)  # by old index
    groups: list[tuple[str, tuple[int, ...], tuple[int, ...], float]] = field(default_factory=list)

    def matched_new(self) -> set[int]:
        taken = {m.new for m in self.pairs.values()}
        taken.update(j for _, _, news, _ in self.groups for j in news)
        return taken

    def matched_old(self) -> set[int]:
        return set(self.pairs) | {i for _, olds, _, _ in self.groups for i in olds}


def similarity(a: Counter, b: Counter) -> tuple[float, float]:
    """(share of words in common, counted with repeats; share of the shorter's words found in
    the longer). Counting, not sequence matching, keeps thousands of comparisons fast."""
    size_a, size_b = a.total(), b.total()
    if not size_a or not size_b:
        return 0.0, 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    common = sum(min(count, large[word]) for word, count in small.items() if word in large)
    return 2 * common / (size_a + size_b), common / min(size_a, size_b)


def inline_label(provision: Provision) -> str:
    """"(B)" of a block that reads "(B) Provide to ...": quoted law numbered in its words."""
    match = _INLINE_LABEL.match(provision.text) if provision.kind == Kind.BLOCK else None
    return match.group(1) if match else ""
