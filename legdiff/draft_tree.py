"""Draft comparison, the tree: parent provisions (sections, subsections, articles) aligned from
their leaves' matches, by the words they share or, failing that, by keeping their number in the
same place; split and merged units; and renumbering told from moves: a pair is renumbered when
the numbers a drafter gave it differ, not when only its place in the draft did.
"""

from __future__ import annotations

import re
from collections import defaultdict

from legdiff.draft_units import (MERGED, SPLIT, Leaf, Match, Matching, Thresholds, inline_label,
                                 similarity)
from legdiff.models import Kind, Provision, Relation, Segmented
from legdiff.segment import lead_ins

#: Citations that count places, not numbers a drafter gave: never "renumbered".
_POSITIONAL = re.compile(r"^(?:\u00b6|Recital|sentence|Front matter|Back matter|Enacting clause)")
_POSITION_SUFFIX = re.compile(r",\s*(?:sentence|bullet)\s+\d+$")
_DESIGNATOR = re.compile(r"\d[\w.:\-\u2013]*\w|\d")


class Tree:
    """A draft's units: which hold each leaf (nearest first), and how many words each holds."""

    def __init__(self, segmented: Segmented, leaves: list[Leaf]) -> None:
        self.segmented = segmented
        self.leaves = leaves
        self.by_id = {p.id: p for p in segmented.provisions}
        self.order = {p.id: n for n, p in enumerate(segmented.provisions)}
        self.leaf_index = {leaf.provision.id: i for i, leaf in enumerate(leaves)}
        self.designations: dict[str, str | None] = {}
        self.weight: dict[str, float] = defaultdict(float)
        self.ancestors: list[tuple[str, ...]] = []
        leads = lead_ins(segmented)
        self.lead_ins: list[str] = []
        for leaf in leaves:
            chain = []
            parent = leaf.provision.parent
            while parent is not None:
                chain.append(parent)
                self.weight[parent] += max(1, len(leaf.words))
                parent = self.by_id[parent].parent
            self.ancestors.append(tuple(chain))
            own = leaf.provision.parent if leaf.provision.kind == Kind.LEAD else None
            self.lead_ins.append(" ".join(leads[p] for p in reversed(chain) if p in leads and p != own))

    def designation(self, pid: str) -> str | None:
        """The number a drafter gave the provision. A provision numbered only by its place (a
        paragraph, a sentence) takes its nearest numbered unit's, and any number written in its
        words; None when nothing numbers it."""
        if pid not in self.designations:
            provision = self.by_id[pid]
            citation = _POSITION_SUFFIX.sub("", provision.citation)
            if citation and not _POSITIONAL.match(citation):
                self.designations[pid] = citation
            else:
                above = self.designation(provision.parent) if provision.parent else None
                parts = [part for part in (above, inline_label(provision)) if part]
                self.designations[pid] = " ".join(parts) or None
        return self.designations[pid]

    def units_above(self, pid: str) -> set[str]:
        found, parent = set(), self.by_id[pid].parent
        while parent is not None:
            found.add(parent)
            parent = self.by_id[parent].parent
        return found

    def own_leaf(self, pid: str) -> int | None:
        """The leaf holding a unit's own heading or lead-in words, if it has one."""
        children = self.by_id[pid].children
        first = self.by_id[children[0]] if children else None
        if first is not None and first.is_leaf and first.kind in (Kind.HEADING, Kind.LEAD):
            return self.leaf_index[first.id]
        return None


def leaf_links(old: list[Leaf], new: list[Leaf], matching: Matching) -> list[tuple[int, int, float]]:
    links = [(i, m.new, float(min(max(1, len(old[i].words)), max(1, len(new[m.new].words)))))
             for i, m in sorted(matching.pairs.items())]
    for _, olds, news, _ in matching.groups:
        links.extend((i, j, float(min(max(1, len(old[i].words)), max(1, len(new[j].words)))))
                     for i in olds for j in news)
    return links


def align_parents(old: Tree, new: Tree, links: list[tuple[int, int, float]], thresholds: Thresholds):
    """Units paired one to one by the words their leaves share (best first), then units split
    into several units of the other draft, or merged from them."""
    shared: dict[tuple[str, str], float] = defaultdict(float)
    for i, j, weight in links:
        for p in old.ancestors[i]:
            for q in new.ancestors[j]:
                shared[p, q] += weight
    shared = {(p, q): s for (p, q), s in shared.items() if _comparable(old.by_id[p], new.by_id[q])}
    scored = sorted(((2 * s / (old.weight[p] + new.weight[q]), p, q) for (p, q), s in shared.items()),
                    key=lambda t: (-t[0], old.order[t[1]], new.order[t[2]]))
    pairs: dict[str, tuple[str, float]] = {}
    used: set[str] = set()
    for dice, p, q in scored:
        if dice < thresholds.parent:
            break
        if p not in pairs and q not in used:
            pairs[p] = (q, round(dice, 4))
            used.add(q)
    contained = sorted(((s / min(old.weight[p], new.weight[q]), p, q) for (p, q), s in shared.items()
                        if s >= 0.1 * max(old.weight[p], new.weight[q])),
                       key=lambda t: (-t[0], old.order[t[1]], new.order[t[2]]))
    for share, p, q in contained:
        if share < thresholds.parent_contained:
            break
        if p not in pairs and q not in used:
            pairs[p] = (q, round(2 * shared[p, q] / (old.weight[p] + new.weight[q]), 4))
            used.add(q)
    _pair_same_numbers(old, new, pairs, used, {k: 2 * s / (old.weight[k[0]] + new.weight[k[1]])
                                               for k, s in shared.items()})
    groups = _parent_groups(old, new, shared, pairs, SPLIT) + \
        _parent_groups(new, old, shared, pairs, MERGED)
    for _, olds, news, _ in groups:
        for p in list(pairs):
            if p in olds or pairs[p][0] in news:
                del pairs[p]
    return pairs, groups


def _comparable(a: Provision, b: Provision) -> bool:
    """Sections pair with sections and articles (titles, chapters) with articles; the smaller
    units pair with each other whatever their numbering scheme made of them."""
    major = (Kind.ARTICLE, Kind.SECTION)
    return a.kind == b.kind or a.kind not in major and b.kind not in major


def _pair_same_numbers(old: Tree, new: Tree, pairs, used: set[str], dice: dict) -> None:
    """A section (or article, or a whole document) rewritten so that few of its words survive
    is still the same section when it keeps its number in the same place."""
    places = {}
    for q in new.weight:
        unit = new.by_id[q]
        if q not in used and (unit.parent is None or unit.kind in (Kind.SECTION, Kind.ARTICLE)):
            places.setdefault((new.designation(q), unit.parent), q)
    for p in sorted(old.weight, key=old.order.__getitem__):
        unit = old.by_id[p]
        if p in pairs or not (unit.parent is None or unit.kind in (Kind.SECTION, Kind.ARTICLE)):
            continue
        above = pairs[unit.parent][0] if unit.parent in pairs else None
        q = places.get((old.designation(p), above))
        if q is not None and q not in used and old.designation(p) and (above or unit.parent is None):
            pairs[p] = (q, round(dice.get((p, q), 0.0), 4))
            used.add(q)


def _parent_groups(source: Tree, target: Tree, shared, pairs, flag: str) -> list:
    """Units of ``source`` whose words went, mostly, into two or more units of ``target`` that
    hold little else."""
    parts: dict[str, set[str]] = defaultdict(set)
    for (p, q), s in shared.items():
        a, b = (p, q) if flag == SPLIT else (q, p)
        if s >= 0.8 * target.weight[b] and s >= 0.2 * source.weight[a]:
            parts[a].add(b)
    partner = {p: q for p, (q, _) in pairs.items()} if flag == SPLIT else \
        {q: p for p, (q, _) in pairs.items()}
    groups = []
    for a in sorted(parts, key=source.order.__getitem__):
        top = sorted((b for b in parts[a] if not target.units_above(b) & parts[a]),
                     key=target.order.__getitem__)
        if len(top) < 2 or partner.get(a, top[0]) not in top:
            continue
        covered = sum(shared[(a, b) if flag == SPLIT else (b, a)] for b in top) / source.weight[a]
        groups.append((flag, (a,), tuple(top), round(min(1.0, covered), 4)) if flag == SPLIT else
                      (flag, tuple(top), (a,), round(min(1.0, covered), 4)))
    return groups


def anchor_own_leaves(old: Tree, new: Tree, parents, matching: Matching) -> None:
    """Headings and lead-ins of paired units are paired with each other, changed or not."""
    taken = matching.matched_new()
    matched = matching.matched_old()
    for p, (q, _) in parents.items():
        i, j = old.own_leaf(p), new.own_leaf(q)
        if i is not None and j is not None and i not in matched and j not in taken:
            ratio, _ = similarity(old.leaves[i].bag, new.leaves[j].bag)
            matching.pairs[i] = Match(i, j, round(ratio, 4), Relation.SAME)
            taken.add(j)


def renumbered(old: Tree, new: Tree, a: Provision, b: Provision) -> bool:
    before, after = old.designation(a.id), new.designation(b.id)
    return before is not None and after is not None and before != after


def renumbering(old: Tree, new: Tree, parents, matching: Matching) -> dict[str, str]:
    """Old section and article numbers -> new ones, for cross-references that follow them."""
    units = [(old.by_id[p], new.by_id[q]) for p, (q, _) in parents.items()]
    units += [(old.leaves[i].provision, new.leaves[m.new].provision) for i, m in matching.pairs.items()]
    found: dict[str, set[str]] = defaultdict(set)
    for a, b in units:
        if a.kind in (Kind.SECTION, Kind.ARTICLE) and renumbered(old, new, a, b):
            before, after = _DESIGNATOR.search(a.label or ""), _DESIGNATOR.search(b.label or "")
            if before and after and before.group(0) != after.group(0):
                found[before.group(0)].add(after.group(0))
    return {before: next(iter(after)) for before, after in found.items() if len(after) == 1}
