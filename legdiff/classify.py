"""Classification: which candidate pairs have the same substance, and what that makes each
provision: codified or new (ordinance), covered or missing (everything else).

A pair is linked when its score clears the threshold, it is among the best for one of its two
provisions, and no substance rule sees a difference that changes the rule (negation, an
exception on one side only, different numbers or places). Such a pair is a conflict: reported,
never counted as coverage. Every missing provision lists its nearest near-misses and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from legdiff import substance
from legdiff.align import Candidate, Unit, units_by_document
from legdiff.models import (Alignment, Change, Evidence, Finding, NearMiss, Relation, Role,
                            Segmented, Status)

#: Changes that make two similar provisions different rules.
BLOCKING = frozenset({Change.NEGATION, Change.EXCEPTION, Change.NUMBER,
                      Change.SCOPE})


@dataclass(frozen=True, slots=True)
class Thresholds:
    link: float = 0.20  # a pair at or above this is linked if each is the other's best match
    one_sided: float = 0.40  # ... at or above this, if it is the best match of one of the two
    margin: float = 0.0  # "best" allows this much below the best score
    strong: float = 0.60  # a pair at or above this is linked whatever else matches
    joint: float = 0.25  # at or above this, a provision's best match may share its counterpart:
    joint_a: float = 0.70  # ... another document's provision whose best it is, within this share
    #                        of the ordinance provision's own best (it covers several sentences)
    joint_b: float = 0.90  # ... an ordinance provision whose best it is, within this share of
    #                        the other provision's own best (several paragraphs cover it)
    contained: float = 0.70  # a pair is linked if it is one provision's best match and holds
    #                          this share of that provision's words (a list of fields covering it)
    max_links: int = 8  # the most counterparts one provision keeps (its best)
    # A letter's plain words share fewer of the code's than a memo's do, and an order's
    # directives more (they are drafted like the ordinance): every threshold above is this much
    # lower for a pair with a concerns provision, and higher (a negative leeway) with an order's.
    concerns_leeway: float = 0.05
    order_leeway: float = -0.07
    near_miss: float = 0.0  # candidates at or above this explain a "missing" (the best three)


@dataclass(frozen=True, slots=True)
class Classified:
    alignments: tuple[Alignment, ...]
    conflicts: tuple[Alignment, ...]
    findings: tuple[Finding, ...]


def classify(ordinance: Segmented, others: list[Segmented], candidates: list[Candidate], *,
             thresholds: Thresholds = Thresholds(), units: dict[str, list[Unit]] | None = None) -> Classified:
    """Link the candidates that share substance, and give every substantive provision a status
    (every unit of ``units``, each document's units by id, read here when not given)."""
    judged = [(c, substance.compare(c.a.rule, c.b.rule)) for c in candidates]
    # "Best" counts every candidate: a provision whose closest counterpart states a different
    # rule is not thereby matched to the next closest one.
    best_a, best_b = _best_scores(c for c, _ in judged)
    links, conflicts = [], []
    for candidate, differences in judged:
        if _scored(candidate, thresholds) < thresholds.link or not _linked(candidate, best_a, best_b, thresholds):
            continue
        if _blocked(differences):  # it would match, but the rule differs
            conflicts.append(_alignment(candidate, differences, Relation.CONFLICT))
        else:
            links.append((candidate, differences))
    alignments = _relations(_capped(links, thresholds.max_links))
    units = units or units_by_document([ordinance, *others])
    findings = _findings(ordinance, others, alignments, judged, thresholds, units)
    return Classified(tuple(alignments), tuple(sorted(conflicts, key=_order)), findings)


def _capped(links, limit: int):
    """Keep each provision's ``limit`` best links: a provision matching dozens of near-copies
    (boilerplate repeated through a code) says nothing more with the rest."""
    ranked = sorted(links, key=lambda link: (-link[0].score, link[0].a.provision.id, link[0].b.provision.id))
    count_a: dict[str, int] = {}
    count_b: dict[str, int] = {}
    kept = []
    for candidate, differences in ranked:
        a, b = candidate.a.provision.id, candidate.b.provision.id
        if count_a.get(a, 0) < limit and count_b.get(b, 0) < limit:
            count_a[a] = count_a.get(a, 0) + 1
            count_b[b] = count_b.get(b, 0) + 1
            kept.append((candidate, differences))
    return kept


def _best_scores(candidates) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """The best score of each provision among ``candidates``: an ordinance provision's best in
    each other document (a memo and a letter may each say what it says), another document's
    provision's best in the ordinance."""
    best_a: dict[tuple[str, str], float] = {}
    best_b: dict[str, float] = {}
    for candidate in candidates:
        a, b = (candidate.a.provision.id, candidate.b.provision.doc), candidate.b.provision.id
        best_a[a] = max(best_a.get(a, 0.0), candidate.score)
        best_b[b] = max(best_b.get(b, 0.0), candidate.score)
    return best_a, best_b


def _leeway(candidate: Candidate, thresholds: Thresholds) -> float:
    return {str(Role.CONCERNS): thresholds.concerns_leeway, str(Role.ORDER): thresholds.order_leeway}.get(
        candidate.b.role, 0.0)


def _scored(candidate: Candidate, thresholds: Thresholds) -> float:
    """The score the thresholds are compared with: the pair's, plus its document's leeway."""
    return candidate.score + _leeway(candidate, thresholds)


def _linked(candidate: Candidate, best_a: dict[str, float], best_b: dict[str, float],
            thresholds: Thresholds) -> bool:
    a_best = best_a[(candidate.a.provision.id, candidate.b.provision.doc)]
    b_best = best_b[candidate.b.provision.id]
    top_a = candidate.score >= a_best - thresholds.margin
    top_b = candidate.score >= b_best - thresholds.margin
    score = _scored(candidate, thresholds)
    if score >= thresholds.strong:
        return True
    if score >= thresholds.one_sided:
        return top_a or top_b
    if top_a and candidate.covers_a >= thresholds.contained or top_b and candidate.covers_b >= thresholds.contained:
        return True  # "(1) The date, time, and place" inside "the card records date, time, place, ..."
    if score >= thresholds.joint and (top_a and candidate.score >= thresholds.joint_b * b_best or
                                      top_b and candidate.score >= thresholds.joint_a * a_best):
        return True
    return top_a and top_b


def _blocked(differences) -> bool:
    """Differences that make two provisions different rules: the opposite polarity, an
    exception on one side only, other numbers or places, a duty against a discretion."""
    return any(d.change in BLOCKING or d.change == Change.MODALITY and d.decisive for d in differences)


def _alignment(candidate: Candidate, differences, relation: Relation) -> Alignment:
    evidence = Evidence(candidate.semantic, candidate.lexical, candidate.shared_terms,
                        candidate.citations, tuple(differences))
    return Alignment(candidate.a.provision.id, candidate.b.provision.id, candidate.score, relation,
                     evidence)


def _relations(links) -> list[Alignment]:
    """Same, or partial: one of several counterparts in one document that together cover it
    (a memo sentence covered by three ordinance paragraphs). Counterparts in different
    documents each say the whole thing."""
    per_document: dict[tuple[str, str], int] = {}
    count_b: dict[str, int] = {}
    for candidate, _ in links:
        key = (candidate.a.provision.id, candidate.b.provision.doc)
        per_document[key] = per_document.get(key, 0) + 1
        count_b[candidate.b.provision.id] = count_b.get(candidate.b.provision.id, 0) + 1
    result = []
    for candidate, differences in links:
        joint = per_document[(candidate.a.provision.id, candidate.b.provision.doc)] > 1 or \
            count_b[candidate.b.provision.id] > 1
        relation = Relation.PARTIAL if joint else Relation.SAME
        result.append(_alignment(candidate, differences, relation))
    return sorted(result, key=_order)


def _order(alignment: Alignment):
    return alignment.a, alignment.b


def _findings(ordinance: Segmented, others: list[Segmented], alignments: list[Alignment],
              judged, thresholds: Thresholds, units: dict[str, list[Unit]]) -> tuple[Finding, ...]:
    role_of = {s.document.id: s.document.role for s in [ordinance, *others]}
    doc_of = {p.id: p.doc for s in [ordinance, *others] for p in s.provisions}
    counterparts: dict[str, list[Alignment]] = {}
    for alignment in alignments:
        counterparts.setdefault(alignment.a, []).append(alignment)
        counterparts.setdefault(alignment.b, []).append(alignment)
    near: dict[str, list[tuple[float, str, str]]] = {}
    for candidate, differences in judged:
        if candidate.score >= thresholds.near_miss:
            reason = _miss_reason(candidate, differences, thresholds)
            near.setdefault(candidate.a.provision.id, []).append((candidate.score, candidate.b.provision.id, reason))
            near.setdefault(candidate.b.provision.id, []).append((candidate.score, candidate.a.provision.id, reason))
    findings = []
    for segmented in [ordinance, *others]:
        for unit in units[segmented.document.id]:
            pid = unit.provision.id
            own = counterparts.get(pid, [])
            if segmented is ordinance:
                practice = [a for a in own if role_of[doc_of[a.b]] == Role.PRACTICE]
                status = Status.CODIFIED if practice else Status.NEW
                basis = practice
            else:
                status = Status.COVERED if own else Status.MISSING
                basis = own
            others_of = tuple(a.b if a.a == pid else a.a for a in own)
            partial = bool(basis) and all(a.relation == Relation.PARTIAL for a in basis) and len(basis) == 1
            misses = ()
            if not basis:
                ranked = sorted(near.get(pid, []), key=lambda m: (-m[0], m[1]))[:3]
                misses = tuple(NearMiss(other, score, reason) for score, other, reason in ranked)
            findings.append(Finding(pid, status, others_of, partial, misses))
    return tuple(findings)


def _miss_reason(candidate: Candidate, differences, thresholds: Thresholds) -> str:
    blocking = [d for d in differences if _blocked((d,))]
    if blocking:
        return "different substance: " + "; ".join(f"{d.change}: {d.detail}" for d in blocking)
    needed = thresholds.link - _leeway(candidate, thresholds)
    if candidate.score < needed:
        return f"score {candidate.score:.2f} below the {needed:.2f} needed to match"
    return "a closer counterpart was preferred"


def parent_status(segmented: Segmented, findings: dict[str, Finding]) -> dict[str, Status]:
    """A status for each provision that has children: from its leaves (any codified -> codified)."""
    result: dict[str, Status] = {}
    for provision in reversed(segmented.provisions):
        if provision.is_leaf:
            continue
        statuses = set()
        for child in provision.children:
            if child in findings:
                statuses.add(findings[child].status)
            elif child in result:
                statuses.add(result[child])
        for strong, weak in ((Status.CODIFIED, Status.NEW), (Status.COVERED, Status.MISSING)):
            if strong in statuses:
                result[provision.id] = strong
            elif weak in statuses and provision.id not in result:
                result[provision.id] = weak
    return result
