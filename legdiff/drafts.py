"""Draft comparison: two versions of one document, aligned by substance, not by number.

Leaves are matched first. Wording that is the same apart from white space, case and punctuation
matches by hash (nearly free); the rest is matched by the words it has in common with
candidates that share its rare words (an inverted index). The heaviest chain of matches that
keeps document order is "in order"; a match outside it is "moved". One old leaf that reads as
several consecutive new leaves joined is a split; several old leaves joined into one new leaf, a
merge. Sections and other units that hold leaves are aligned by the leaves they share, and a
pair whose citations differ is renumbered, by legdiff.draft_tree. Amended pairs are graded and
redlined by legdiff.grade.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from legdiff.draft_tree import (Tree, align_parents, anchor_own_leaves, leaf_links, renumbered,
                                renumbering)
from legdiff.draft_units import (MERGED, SPLIT, Leaf, Match, Matching, Thresholds, inline_label,
                                 similarity)
from legdiff.grade import grade_amendment
from legdiff.models import (Alignment, Evidence, Finding, Grade, Kind, Provision, Relation,
                            Report, Segment, Segmented, Status)
from legdiff.serialize import DIFF_SCHEMA

MOVED, RENUMBERED = "moved", "renumbered"
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_STOP = frozenset("a an the of to in on for by with or and any all is are be that this it its as "
                  "at from such which who shall must may not no under section subsection".split())
#: What the first lines of a document say it is. (pattern, kind); the first match wins.
DOCUMENT_KINDS = (
    (re.compile(r"^\W*MEMORANDUM\b|^(?:TO|FROM|SUBJECT|RE):", re.I | re.M), "a memorandum"),
    (re.compile(r"\bEXECUTIVE ORDER\b|\bMAYOR'?S ORDER\b", re.I), "an executive order"),
    (re.compile(r"\b(?:GENERAL ORDER|BULLETIN|DIRECTIVE|POLICY|PROCEDURES|MANUAL)\b"),
     "a policy or procedure"),
    (re.compile(r"^Dear\b", re.M), "a letter"),
    (re.compile(r"\b(?:ORDINANCE|COUNCIL BILL|A BILL|AN ACT|RESOLUTION|BE IT (?:ENACTED|ORDAINED|"
                r"RESOLVED))\b", re.I), "legislation"),
)


def compare_drafts(old: Segmented, new: Segmented, *, thresholds: Thresholds = Thresholds(),
                   title: str = "") -> Report:
    """Align the provisions of two drafts and say what became of each: unchanged, amended
    (graded, redlined), deleted or added; moved, renumbered, split or merged."""
    old_leaves, new_leaves = _leaves(old), _leaves(new)
    candidates = _candidates(old_leaves, new_leaves, thresholds)
    matching = _assign(old_leaves, new_leaves, candidates, thresholds)
    _regroup(old_leaves, new_leaves, matching, candidates, thresholds)
    old_tree, new_tree = Tree(old, old_leaves), Tree(new, new_leaves)
    links = leaf_links(old_leaves, new_leaves, matching)
    parents, parent_groups = align_parents(old_tree, new_tree, links, thresholds)
    anchor_own_leaves(old_tree, new_tree, parents, matching)
    moved = _moved(old_leaves, len(new_leaves), matching)
    builder = _Builder(old_tree, new_tree, renumbering(old_tree, new_tree, parents, matching))
    builder.add_leaves(matching, moved)
    links = leaf_links(old_leaves, new_leaves, matching)  # the paired headings count too now
    builder.add_parents(parents, parent_groups, links, moved)
    return Report(DIFF_SCHEMA, (old, new), tuple(builder.alignments), builder.findings(), (),
                  builder.redlines, title or new.document.title or old.document.title,
                  tuple(_kind_warnings(old, new)), "words")


# -- leaves and candidates ------------------------------------------------------------------


def _leaves(segmented: Segmented) -> list[Leaf]:
    result = []
    for provision in segmented.leaves():
        wording = _wording(provision)
        words = tuple(_WORD.findall(wording.lower()))
        key = " ".join(words) or wording.lower()
        # similar matching reads every number as one word ("Section 2" ~ "Section 3", as after a
        # renumbering); grading then reads the numbers themselves
        bag = Counter("#" if word.isdigit() else word for word in words)
        result.append(Leaf(provision, wording, key, words, bag))
    return result


def _wording(provision: Provision) -> str:
    """The provision's words without its number: from its heading (or body) to its end."""
    text = provision.text
    anchor = provision.heading or provision.body
    cut = text.find(anchor[:40]) if anchor else -1
    wording = " ".join(text[max(cut, 0):].split())
    inline = inline_label(provision)
    return wording[wording.find(inline) + len(inline):].lstrip() if inline else wording


def _candidates(old: list[Leaf], new: list[Leaf], thresholds: Thresholds) -> list[Match]:
    """Exact matches by hash, then similar pairs among the leaves with no exact counterpart."""
    old_keys, new_keys = defaultdict(list), defaultdict(list)
    for i, leaf in enumerate(old):
        old_keys[leaf.key].append(i)
    for j, leaf in enumerate(new):
        new_keys[leaf.key].append(j)
    matches = []
    for key, olds in old_keys.items():
        news = new_keys.get(key, ())
        for a, i in enumerate(olds):
            for b, j in enumerate(news):
                if len(olds) * len(news) <= 100 or abs(a * len(news) - b * len(olds)) <= 3 * len(olds):
                    matches.append(Match(i, j, 1.0, Relation.SAME, True))
    old_pool = [i for i, leaf in enumerate(old) if leaf.key not in new_keys and _fuzzy(leaf)]
    new_pool = [j for j, leaf in enumerate(new) if leaf.key not in old_keys and _fuzzy(leaf)]
    for i, j in sorted(_shared_word_pairs(old, new, old_pool, new_pool)):
        ratio, containment = similarity(old[i].bag, new[j].bag)
        common = containment * min(len(old[i].words), len(new[j].words))
        if ratio >= thresholds.same and (common >= 3 or ratio >= 0.8):
            matches.append(Match(i, j, round(ratio, 4), Relation.SAME))
        elif containment >= thresholds.partial and common >= 8 and ratio >= thresholds.partial_floor:
            matches.append(Match(i, j, round(ratio, 4), Relation.PARTIAL))
    return matches


def _fuzzy(leaf: Leaf) -> bool:
    """Headings are matched through the units they head, never by their few words alone."""
    return leaf.provision.kind != Kind.HEADING and len(leaf.words) >= 2


def _shared_word_pairs(old: list[Leaf], new: list[Leaf], old_pool: list[int],
                       new_pool: list[int], per_leaf: int = 6) -> set[tuple[int, int]]:
    """Each leaf's nearest leaves on the other side by rare shared words (an inverted index)."""
    pairs: set[tuple[int, int]] = set()
    for queries, keys, query_leaves, key_leaves, flip in ((old_pool, new_pool, old, new, False),
                                                          (new_pool, old_pool, new, old, True)):
        index = defaultdict(list)
        for k in keys:
            for word in set(key_leaves[k].words) - _STOP:
                index[word].append(k)
        limit = max(20, 2 * int(math.sqrt(len(keys))))
        for q in queries:
            votes: Counter = Counter()
            for word in set(query_leaves[q].words) - _STOP:
                postings = index.get(word, ())
                if len(postings) <= limit:
                    for k in postings:
                        votes[k] += 1.0 / len(postings)
            for k, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[:per_leaf]:
                pairs.add((k, q) if flip else (q, k))
    return pairs


def _weight(leaf: Leaf) -> float:
    return 1.0 + math.log1p(len(leaf.words))


def _heaviest_chain(matches: list[Match], old: list[Leaf], size: int) -> list[Match]:
    """The heaviest set of matches in the same order in both drafts (a Fenwick tree over the
    new leaves' positions keeps the best chain ending before each)."""
    order = sorted(range(len(matches)), key=lambda k: (matches[k].old, -matches[k].new, k))
    tree = [(0.0, -1)] * (size + 1)
    best, back = [0.0] * len(matches), [-1] * len(matches)
    for k in order:
        match, found, x = matches[k], (0.0, -1), matches[k].new
        while x > 0:
            found = max(found, tree[x])
            x -= x & -x
        best[k] = found[0] + match.score * _weight(old[match.old]) + (0.25 if match.exact else 0.0)
        back[k] = found[1]
        x = match.new + 1
        while x <= size:
            tree[x] = max(tree[x], (best[k], k))
            x += x & -x
    chain = []
    k = max(range(len(matches)), key=lambda k: (best[k], -k), default=-1)
    while k >= 0:
        chain.append(matches[k])
        k = back[k]
    return chain[::-1]


def _assign(old: list[Leaf], new: list[Leaf], candidates: list[Match],
            thresholds: Thresholds) -> Matching:
    """The in-order chain first; then, best first, matches out of order (moves)."""
    matching = Matching()
    for match in _heaviest_chain(candidates, old, len(new)):
        matching.pairs[match.old] = match
    taken = matching.matched_new()
    for match in sorted(candidates, key=lambda m: (-m.score, -m.exact, m.old, m.new)):
        if match.old in matching.pairs or match.new in taken:
            continue
        if match.exact or match.relation == Relation.SAME and match.score >= thresholds.moved:
            matching.pairs[match.old] = match
            taken.add(match.new)
    return matching


# -- splits and merges ----------------------------------------------------------------------


def _regroup(old: list[Leaf], new: list[Leaf], matching: Matching, candidates: list[Match],
             thresholds: Thresholds) -> None:
    """Find leaves split into consecutive leaves of the other draft, or merged from them."""
    near_new, near_old = defaultdict(list), defaultdict(list)
    for match in candidates:
        near_new[match.old].append(match.new)
        near_old[match.new].append(match.old)
    for source_side in ("old", "new"):
        sources, targets = (old, new) if source_side == "old" else (new, old)
        pairs = {m.old: m.new for m in matching.pairs.values()} if source_side == "old" else \
            {m.new: m.old for m in matching.pairs.values()}
        taken = matching.matched_new() if source_side == "old" else matching.matched_old()
        grouped = matching.matched_old() - set(matching.pairs) if source_side == "old" else \
            matching.matched_new() - {m.new for m in matching.pairs.values()}
        near = near_new if source_side == "old" else near_old
        for s, source in enumerate(sources):
            if s in grouped:
                continue
            window = _split_window(source, s, targets, pairs, near, taken, thresholds)
            if window is None:
                continue
            (start, end), score = window
            partner = pairs.get(s)
            for t in range(start, end + 1):
                taken.add(t)
            _record_group(matching, source_side, s, partner, tuple(range(start, end + 1)), score)


def _split_window(source: Leaf, s: int, targets: list[Leaf], pairs: dict[int, int],
                  near: dict[int, list[int]], taken: set[int],
                  thresholds: Thresholds) -> tuple[tuple[int, int], float] | None:
    partner = pairs.get(s)
    if partner is not None:
        if len(targets[partner].words) >= 0.75 * len(source.words):
            return None
        seed = partner
    else:
        free = [t for t in near.get(s, ()) if t not in taken]
        if not free:
            return None
        seed = max(free, key=lambda t: (similarity(source.bag, targets[t].bag)[1], -t))
    base = similarity(source.bag, targets[seed].bag)[0]
    start = end = seed
    score = base
    while True:
        options = [(start - 1, end), (start, end + 1)]
        options = [(a, b) for a, b in options if 0 <= a and b < len(targets) and
                   (a == start or a not in taken) and (b == end or b not in taken)]
        scored = [(similarity(source.bag, _joined(targets, a, b))[0], a, b) for a, b in options]
        if not scored or max(scored)[0] <= score + 0.02:
            break
        score, start, end = max(scored)
    if end > start and score >= max(thresholds.split, base + 0.1):
        return (start, end), round(score, 4)
    return None


def _joined(leaves: list[Leaf], start: int, end: int) -> Counter:
    return sum((leaves[t].bag for t in range(start, end + 1)), Counter())


def _record_group(matching: Matching, source_side: str, s: int, partner: int | None,
                  targets: tuple[int, ...], score: float) -> None:
    if source_side == "old":
        matching.pairs.pop(s, None)
        matching.groups.append((SPLIT, (s,), targets, score))
    else:
        if partner is not None:
            matching.pairs.pop(partner, None)
        matching.groups.append((MERGED, targets, (s,), score))


# -- moves and the kind of document ---------------------------------------------------------


def _moved(old: list[Leaf], new_size: int, matching: Matching) -> set[int]:
    """Old leaves whose pair is outside the heaviest in-order chain of all the pairs."""
    pairs = [m for _, m in sorted(matching.pairs.items())]
    in_order = {m.old for m in _heaviest_chain(pairs, old, new_size)}
    return {m.old for m in pairs if m.old not in in_order}


def _kind_warnings(old: Segmented, new: Segmented):
    kinds = [_document_kind(s.document.text) for s in (old, new)]
    if kinds[0] and kinds[1] and kinds[0] != kinds[1]:
        yield (f"{old.document.path} reads as {kinds[0]} and {new.document.path} as {kinds[1]}; "
               "they are compared as two drafts of one document anyway; check that they are")


def _document_kind(text: str) -> str | None:
    head = "\n".join([line.strip() for line in text.splitlines() if line.strip()][:25])
    return next((kind for pattern, kind in DOCUMENT_KINDS if pattern.search(head)), None)


# -- alignments and findings ----------------------------------------------------------------


class _Builder:
    """Turns the matching into alignments, redlines and one finding per provision."""

    def __init__(self, old: Tree, new: Tree, renumbering: dict[str, str]) -> None:
        self.old, self.new, self.renumbering = old, new, renumbering
        self.alignments: list[Alignment] = []
        self.redlines: dict[tuple[str, str], tuple[Segment, ...]] = {}
        self.status: dict[str, Status] = {}
        self.counterparts: dict[str, list[str]] = defaultdict(list)
        self.grade: dict[str, Grade | None] = {}
        self.partial: set[str] = set()

    def flags(self, a: Provision, b: Provision, *first: str) -> tuple[str, ...]:
        return tuple(flag for flag in first if flag) + \
            ((RENUMBERED,) if renumbered(self.old, self.new, a, b) else ())

    def add_leaves(self, matching: Matching, moved: set[int]) -> None:
        old, new = self.old.leaves, self.new.leaves
        for i, match in sorted(matching.pairs.items()):
            a, b = old[i].provision, new[match.new].provision
            self._leaf_pair(a, b, old[i].wording, new[match.new].wording, match.score, match.relation,
                            self.flags(a, b, MOVED if i in moved else ""),
                            (self.old.lead_ins[i], self.new.lead_ins[match.new]))
        for flag, olds, news, score in matching.groups:
            old_text = " ".join(old[i].wording for i in olds)
            new_text = " ".join(new[j].wording for j in news)
            note = f"split into {len(news)} provisions" if flag == SPLIT else \
                f"merged from {len(olds)} provisions"
            lead_ins = (self.old.lead_ins[olds[0]], self.new.lead_ins[news[0]])
            for n, (i, j) in enumerate((i, j) for i in olds for j in news):
                a, b = old[i].provision, new[j].provision
                self._leaf_pair(a, b, old_text, new_text, score, Relation.PARTIAL,
                                self.flags(a, b, flag), lead_ins, note, redlined=n == 0)
        for tree, missing in ((self.old, Status.DELETED), (self.new, Status.ADDED)):
            for leaf in tree.leaves:
                self.status.setdefault(leaf.provision.id, missing)

    def _leaf_pair(self, a: Provision, b: Provision, old_text: str, new_text: str, score: float,
                   relation: Relation, flags: tuple[str, ...], lead_ins: tuple[str, str], note: str = "",
                   redlined: bool = True) -> None:
        """A split or merged pair is graded on the joined wording; its redline goes with the
        first pair of the group only."""
        grade, reasons = None, ()
        if old_text != new_text or note:
            grade, reasons, segments = grade_amendment(old_text, new_text, renumbering=self.renumbering,
                                                       lead_ins=lead_ins,
                                                       rules=a.kind not in (Kind.FRONT, Kind.BACK))
            if note:
                reasons = (note,) + tuple(r for r in reasons if r != "white space only")
            if redlined and old_text != new_text:
                self.redlines[a.id, b.id] = segments
        self._record(a, b, score, relation, flags, grade, reasons)

    def _record(self, a: Provision, b: Provision, score: float, relation: Relation,
                flags: tuple[str, ...], grade: Grade | None, reasons: tuple[str, ...]) -> None:
        if grade == Grade.SUBSTANTIVE and relation == Relation.SAME:
            relation = Relation.CONFLICT
        for pid, other in ((a.id, b.id), (b.id, a.id)):
            if self.status.get(pid) != Status.AMENDED:
                self.status[pid] = Status.UNCHANGED if grade is None else Status.AMENDED
            self.counterparts[pid].append(other)
            self.grade[pid] = grade
            if relation == Relation.PARTIAL:
                self.partial.add(pid)
        self.alignments.append(Alignment(a.id, b.id, score, relation, Evidence(0.0, score), flags, grade,
                                         reasons))

    def add_parents(self, parents, groups, links, moved: set[int]) -> None:
        """Units are unchanged when every leaf on both sides is unchanged and paired inside;
        amended (graded by their leaves) otherwise; deleted or added when no leaf is paired."""
        inside, moved_inside, paired_inside = Counter(), Counter(), Counter()
        for i, j, _ in links:
            above = set(self.new.ancestors[j])
            same = self.status[self.old.leaves[i].provision.id] == Status.UNCHANGED == \
                self.status[self.new.leaves[j].provision.id]
            for p in self.old.ancestors[i]:
                if p in parents and parents[p][0] in above:
                    inside[p] += same
                    moved_inside[p] += i in moved
                    paired_inside[p] += 1
        old_tally, new_tally = self._tally(self.old), self._tally(self.new)
        for p, (q, score) in sorted(parents.items(), key=lambda item: self.old.order[item[0]]):
            a, b = self.old.by_id[p], self.new.by_id[q]
            unchanged = inside[p] == old_tally[p]["leaves"] == new_tally[q]["leaves"]
            flags = self.flags(a, b, MOVED if 2 * moved_inside[p] > paired_inside[p] else "")
            self._unit_pair(a, b, score, Relation.SAME, flags, unchanged, old_tally[p], new_tally[q])
        for flag, olds, news, score in groups:
            for a, b in ((self.old.by_id[p], self.new.by_id[q]) for p in olds for q in news):
                self._unit_pair(a, b, score, Relation.PARTIAL, self.flags(a, b, flag), False,
                                old_tally[a.id], new_tally[b.id])
        for tree, tally, missing in ((self.old, old_tally, Status.DELETED),
                                     (self.new, new_tally, Status.ADDED)):
            for pid in (p.id for p in tree.segmented.provisions if p.id not in self.status):
                self.status[pid] = Status.AMENDED if tally[pid]["paired"] else missing

    def _tally(self, tree: Tree) -> dict[str, Counter]:
        """Per unit: how many leaves it holds, how many are paired, added or deleted, and how
        many amended substantively."""
        tally: dict[str, Counter] = defaultdict(Counter)
        for leaf, above in zip(tree.leaves, tree.ancestors):
            pid = leaf.provision.id
            status = self.status[pid]
            for unit in above:
                counts = tally[unit]
                counts["leaves"] += 1
                counts["paired"] += status not in (Status.ADDED, Status.DELETED)
                counts[str(status)] += 1
                counts["substantive"] += self.grade.get(pid) == Grade.SUBSTANTIVE
        return tally

    def _unit_pair(self, a: Provision, b: Provision, score: float, relation: Relation,
                   flags: tuple[str, ...], unchanged: bool, old: Counter, new: Counter) -> None:
        """A unit's grade and reasons come from its leaves: substantive when a leaf was added,
        deleted or amended substantively."""
        grade, reasons = None, ()
        if not unchanged:
            substantive = old["substantive"] or old[str(Status.DELETED)] or new[str(Status.ADDED)]
            grade = Grade.SUBSTANTIVE if substantive else Grade.TRIVIAL
            reasons = tuple(f"{count} provision{'s' if count > 1 else ''} {what}" for count, what in (
                (new[str(Status.ADDED)], "added"), (old[str(Status.DELETED)], "deleted"),
                (old["substantive"], "amended substantively"),
                (old[str(Status.AMENDED)] - old["substantive"], "amended trivially")) if count)
            reasons = reasons or ("provisions moved in or out",)
        self._record(a, b, score, relation, flags, grade, reasons)
        for pid in (a.id, b.id):
            self.status[pid] = Status.UNCHANGED if unchanged else Status.AMENDED

    def findings(self) -> tuple[Finding, ...]:
        return tuple(Finding(p.id, self.status[p.id], tuple(self.counterparts.get(p.id, ())),
                             p.id in self.partial)
                     for tree in (self.old, self.new) for p in tree.segmented.provisions)
