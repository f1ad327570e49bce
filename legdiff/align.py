"""Alignment: candidate pairs of provisions that may say the same thing, with their scores.

Each substantive leaf becomes a unit read in context (the lead-in words of the provisions above
it: "(3) To identify ..." means nothing without "shall not be used:"). Units are compared by
meaning (sentence embeddings) and by words (IDF-weighted lemma overlap). At scale, candidates
come from nearest-neighbour retrieval over the embeddings and an inverted index of rare words,
never from all pairs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from legdiff import nlp, numbering
from legdiff.models import Kind, Provision, Role, Segmented
from legdiff.segment import lead_ins
from legdiff.similarity import Encoder, encoder as default_encoder
from legdiff.substance import shared_quantities

#: Pairs scored exactly when there are at most this many; above it, retrieval picks candidates.
EXACT_PAIRS = 4_000_000
_DEFINITION = re.compile(r"^\W*[\"\u201c][^\"\u201d]{1,80}[\"\u201d](?:\s+or\s+[\"\u201c][^\"\u201d]{1,40}[\"\u201d])?"
                         r"\s*(?:means|includes|shall mean|refers to|has the meaning)\b|"
                         r"^(?-i:[A-Z][A-Z&/' -]{2,60})\s[-\u2013\u2014]\s(?:an?|the|any)\s|"  # "SIDEWALK - Any paved way."
                         # a definitions list under its opening words: "As used in this article,
                         # the following terms shall have the meanings indicated: BUS STOP - ..."
                         r"^\W*(?:as used in|for (?:the )?purposes of|in) this (?:article|chapter|section|"
                         r"ordinance|part|title|subchapter)\b[^.:]{0,80}\b(?:terms?|words?|meanings?)\b[^.:]{0,40}"
                         r":\s*\S", re.I)
_CITATION = re.compile(r"\b\d+\s+U\.S\.C\.\s*\u00a7*\s*[\w.()-]+|\u00a7+\s*\d[\w.\-:()]*|"
                       r"\bSec(?:tion|\.)\s*\d[\w.\-:()]*|\b\d+\s+C\.F\.R\.\s*[\w.()-]+", re.I)
_STOP = frozenset(
    "a an the of to in on for by with or and any all is are was were be been being that this these "
    "those it its as at from such which who whom whose shall must may will should can not no nor "
    "other each every than then there their they them he she his her we our us you your i me my "
    "do does did have has had if when where while upon into onto under over about also only "
    "including include includes within without after before between during so any its per "
    "following section subsection paragraph article chapter city department".split())


@dataclass(frozen=True, slots=True)
class Unit:
    """A substantive leaf as alignment reads it."""

    provision: Provision
    role: str
    body: str
    context: str  # lead-in words of its ancestors, its own heading, then its body
    rule: str  # lead-in words and body without the heading: what substance rules read


@dataclass(frozen=True, slots=True)
class Candidate:
    """A pair worth judging, with every signal measured on it."""

    a: Unit
    b: Unit
    score: float  # the signals combined
    semantic: float  # embedding cosine, in the reading that scored higher (in context, or own words)
    lexical: float  # TF-IDF cosine of lemmas
    shared_terms: tuple[str, ...]
    citations: tuple[str, ...]
    covers_a: float = 0.0  # share of a's words (by rarity) met in b, softly
    covers_b: float = 0.0  # share of b's words met in a


def units_of(segmented: Segmented) -> list[Unit]:
    """The provisions of a document that carry substance, each with its lead-in context."""
    by_id = {p.id: p for p in segmented.provisions}
    leads = lead_ins(segmented)
    framing = _framing(segmented, by_id)
    introduced = _introduced(segmented)
    amending = bool(numbering.CAPITALS_ADDED.search(segmented.document.text))
    result = []
    for provision in segmented.leaves():
        if not provision.is_substantive or provision.kind == Kind.RECITAL:
            continue
        if _DEFINITION.match(provision.body) or provision.id in framing:
            continue
        if _ABOUT_ITSELF.match(provision.body) or (provision.kind == Kind.LEAD and
                                                   _BARE_LEAD.search(provision.body)):
            continue
        if numbering.is_table_header(provision.body):  # "| Service | Fee |" states no rule
            continue
        context = []
        parent = provision.parent
        skip = provision.parent if provision.kind == Kind.LEAD else None
        while parent is not None:
            lead = leads.get(parent)
            if lead and parent != skip:
                context.append(lead)
            parent = by_id[parent].parent
        context.reverse()
        if not context and provision.id in introduced:
            context = [introduced[provision.id]]
        own_heading = [provision.heading + "."] if provision.heading else []
        text = " ".join(context + own_heading + [provision.body])
        rule = " ".join(context + [provision.body])
        body = provision.body
        if segmented.document.role == Role.CONCERNS:  # "We ask the Council to require ..." asks "require ..."
            body, text = _asked(body), _asked(text)
        if amending:  # the law as amended: "[10] 5 or more spaces" reads "5 or more spaces"
            body, text, rule = (" ".join(numbering.DELETED.sub(" ", t).split()) for t in (body, text, rule))
        result.append(Unit(provision, str(segmented.document.role), body, text, rule))
    return result


def units_by_document(documents: list[Segmented]) -> dict[str, list[Unit]]:
    """The units of each document, by document id: read once, for alignment and classification."""
    return {segmented.document.id: units_of(segmented) for segmented in documents}


def _introduced(segmented: Segmented) -> dict[str, str]:
    """Bullets introduced by the paragraph before them ("Get a permit before removing any of
    these trees:" then "- any native oak 6 inches or more"): the paragraph is their lead-in,
    though the document does not nest them under it."""
    intro: dict[str | None, str] = {}
    result = {}
    for provision in segmented.provisions:
        if provision.body.startswith("|") and intro.get(provision.parent, "").startswith("|"):
            result[provision.id] = intro[provision.parent]  # a table row, under its header
            continue
        if numbering.is_table_header(provision.body):
            intro[provision.parent] = provision.body.splitlines()[0]
            continue
        if provision.kind == Kind.BULLET:
            if intro.get(provision.parent):
                result[provision.id] = intro[provision.parent]
        elif provision.kind not in (Kind.SENTENCE, Kind.HEADING):
            body = provision.body.rstrip()
            last = re.split(r"(?<=[.!?])\s+(?=[A-Z])", body)[-1]  # "... We ask the Council to:"
            intro[provision.parent] = last if body.endswith(":") else ""
    return result


#: A document describing itself ("This directive governs ...", "This memo describes ..."): a
#: purpose statement, not a rule.
_ABOUT_ITSELF = re.compile(
    r"^\W*(?:this|the purpose of this) (?:memo(?:randum)?|directive|general order|order|procedure|"
    r"policy|bulletin|letter|document|manual|guide|sop|chapter|section)\b[^.]{0,40}?\b"
    r"(?:describes|sets out|sets forth|governs|establishes|explains|summarizes|outlines|covers|"
    r"is to|provides guidance|answers)\b", re.I)
#: Clauses about the instrument itself (when it takes effect, what survives a court striking a
#: part, what it may be cited as): every ordinance has them and they match no rule elsewhere,
#: however many words ("ninety (90) days") they share with one.
_INSTRUMENT = re.compile(
    r"\b(?:this|the) (?:ordinance|act|article|chapter|order|resolution|law)\b[^.;]{0,60}?\b(?:shall take|"
    r"takes|shall become|becomes|shall be|is) (?:effective|effect)\b|\b(?:held|declared|found) "
    r"(?:to be )?(?:invalid|unconstitutional|unenforceable)\b|\binvalidity\b|\bmay be cited as\b|"
    r"\bshall be (?:known|cited) as\b", re.I)
#: A lead-in whose verb waits for its list ("... shall:", "... shall not be used:") states no rule
#: of its own; its paragraphs do.
_BARE_LEAD = re.compile(r"\b(?:shall|must|may|will|should)(?: not)?(?: be(?: \w+ed)?)?\s*:\s*$", re.I)
_NUMBERED = frozenset({Kind.ITEM, Kind.BULLET, Kind.SECTION, Kind.SUBSECTION, Kind.PARAGRAPH,
                       Kind.SUBPARAGRAPH, Kind.CLAUSE, Kind.SUBCLAUSE})


def _framing(segmented: Segmented, by_id: dict[str, Provision]) -> set[str]:
    """In a letter or an order whose asks or directives are numbered, the unnumbered prose
    around them ("We write on behalf of ...", "This order takes effect ...") frames them and is
    not itself an ask."""
    if segmented.document.role not in (Role.CONCERNS, Role.ORDER):
        return set()
    if not any(p.kind in _NUMBERED for p in segmented.provisions):
        return set()
    result = set()
    for provision in segmented.leaves():
        node = provision
        while node is not None and node.kind not in _NUMBERED:
            node = by_id.get(node.parent) if node.parent else None
        if node is None and not (segmented.document.role == Role.CONCERNS and _ASKS.search(provision.body)
                                 and not _INTRODUCES_ASKS.search(provision.body)):
            result.add(provision.id)  # but "Please write into the law that ..." mid-letter asks
    return result


#: A sentence that only introduces the numbered asks ("we ask that it do the following").
_INTRODUCES_ASKS = re.compile(r"\bfollowing\b|:\s*$|\b(?:here|this) (?:is|are)\b|\bthese are\b|"
                              r"\bwhat we ask\b|\bwe want it to work\b|\bbelow\W*$", re.I)
#: "I want to thank you", "we would like to begin by": courtesies, not asks.
_COURTESY = r"(?! to (?:[\w']+ ){0,4}?(?:thank|acknowledge|express|begin|start|introduce)\b)"
#: Who asks in a letter: "we", "I also", "we would", "we respectfully".
_ASKER = r"(?:we|i)(?: also| further| therefore| would| are| \w+ly){0,2}"
#: Words that make a letter's sentence an ask, numbered or not.
_ASKS = re.compile(rf"\b(?:{_ASKER} (?:ask|asking|urge|urging|"
                   r"request|requesting|want|need|call on|recommend|propose|encourage)\b" + _COURTESY + "|"
                   r"\bwould (?:also )?(?:like|welcome|appreciate)\b" + _COURTESY + "|"
                   r"(?:we|i)(?: also| \w+ly){0,2} support\b|"
                   r"please|should|must|shall|ought to|needs? to|have to)\b", re.I)


def align(ordinance: Segmented, others: list[Segmented], *, model: Encoder | None = None,
          per_unit: int = 6, units: dict[str, list[Unit]] | None = None) -> list[Candidate]:
    """Candidate pairs (an ordinance unit, a unit of another document), best first per unit.
    ``units`` are each document's units by document id, where the caller has read them already."""
    model = model or default_encoder()
    units = units or units_by_document([ordinance, *others])
    own = units[ordinance.document.id]
    theirs = [unit for segmented in others for unit in units[segmented.document.id]]
    left = [u for u in own if not _INSTRUMENT.search(u.body)]
    right = [u for u in theirs if not _INSTRUMENT.search(u.body)]
    if not left or not right:
        return []
    idf = _idf([u.context for u in own + theirs])
    readings = (_Reading(model, [u.context for u in left], [u.context for u in right], left, right, idf),
                _Reading(model, [u.body for u in left], [u.body for u in right], left, right, idf))
    in_context = readings[0]
    pairs = _candidate_pairs(in_context.left_vectors, in_context.right_vectors, in_context.left_terms,
                             in_context.right_terms, per_unit)
    words = _WordMatcher(model, in_context.left_terms + in_context.right_terms, idf)
    for reading in readings:
        reading.index(words)
    left_citations = [_citations(u.context) for u in left]
    right_citations = [_citations(u.context) for u in right]
    partners: dict[int, list[int]] = {}
    for i, j in sorted(pairs):
        partners.setdefault(i, []).append(j)
    candidates = []
    for i, js in partners.items():
        # Read in context (with the lead-ins), and on the provisions' own words: a list item
        # "(1) The date, time, and place of the stop" under a long lead-in meets "the stop card
        # records the date, time and place" on its own words.
        own = [left[i].body != left[i].context or right[j].body != right[j].context for j in js]
        covers = [words.match_many(readings[0].left_words[i], [readings[0].right_words[j] for j in js]),
                  words.match_many(readings[1].left_words[i],
                                   [readings[1].right_words[j] if own[n] else _NO_WORDS
                                    for n, j in enumerate(js)])]
        for n, j in enumerate(js):
            citations = tuple(sorted(left_citations[i] & right_citations[j]))
            quantities = shared_quantities(left[i].context, right[j].context)
            specifics = bool(citations) + bool(quantities)
            best = max(reading.signals(i, j, covers[r][n], specifics, model.baseline)
                       for r, reading in enumerate(readings if own[n] else readings[:1]))
            candidates.append(Candidate(left[i], right[j], best.score, best.semantic, best.lexical,
                                        best.shared + quantities, citations, best.covers_a, best.covers_b))
    return candidates


#: How a letter puts an ask ("We ask the Council to", "We urge that", "Please"): the words of the
#: asking, not of what is asked.
_ASKING = re.compile(rf"\b(?:{_ASKER} (?:ask|urge|request|"
                     r"want|call on|recommend|propose|encourage)(?: (?:that|the (?:city|county|council|"
                     r"board|commission|town)(?: council)?))?(?: to)?|please)\b[,:]?\s*", re.I)


def _asked(text: str) -> str:
    """A letter's ask without the words of asking, for reading its meaning."""
    text = _ASKING.sub("", text)
    return text[:1].upper() + text[1:]


def combine(semantic: float, lexical: float, shared_specifics: int, *, baseline: float = 0.3) -> float:
    """One score from the signals; ``baseline`` is the model's cosine for unrelated legal text;
    ``shared_specifics`` counts the kinds of specific thing both name (a citation, a period
    or an amount however written: "every twenty-four (24) hours" and "daily")."""
    semantic_part = max(0.0, (semantic - baseline) / (1.0 - baseline))
    bonus = BONUS * shared_specifics
    return round(min(1.0, 0.35 * semantic_part + 0.65 * lexical + bonus), 4)


class _Signals(NamedTuple):
    """One reading of a pair; the best reading is the one with the highest score (then the
    fields after it, so the choice is deterministic)."""

    score: float
    semantic: float
    lexical: float
    shared: tuple[str, ...]
    covers_a: float
    covers_b: float


class _Reading:
    """The units of both sides read one way (in context, or on their own words): their
    embeddings and weighted terms."""

    def __init__(self, model: Encoder, left_texts: list[str], right_texts: list[str], left: list[Unit],
                 right: list[Unit], idf: dict[str, float]) -> None:
        self.idf = idf
        self.left_vectors = _embed(model, left_texts)
        self.right_vectors = _embed(model, right_texts)
        self.left_terms = [_terms(text, unit.body, idf) for text, unit in zip(left_texts, left)]
        self.right_terms = [_terms(text, unit.body, idf) for text, unit in zip(right_texts, right)]
        self.left_words: list[np.ndarray] = []
        self.right_words: list[np.ndarray] = []

    def index(self, words: "_WordMatcher") -> None:
        """Each unit's terms as rows of the word matcher's vocabulary."""
        self.left_words = [words.rows(terms) for terms in self.left_terms]
        self.right_words = [words.rows(terms) for terms in self.right_terms]

    def signals(self, i: int, j: int, covers: tuple[float, float], specifics: int, baseline: float) -> _Signals:
        """The signals of left i and right j, given how much of each one's words the other covers."""
        semantic = float(max(0.0, self.left_vectors[i] @ self.right_vectors[j]))
        lexical, shared = _lexical(self.left_terms[i], self.right_terms[j], self.idf)
        covers_a, covers_b = covers
        score = combine(semantic, max(lexical, min(covers_a, covers_b)), specifics, baseline=baseline)
        return _Signals(score, semantic, lexical, shared, covers_a, covers_b)


class _WordMatcher:
    """Soft word overlap: each word of one text meets its most similar word of the other
    ("erase" ~ "delete", "hold" ~ "detain"), weighted by rarity, as BERTScore does with tokens."""

    def __init__(self, model: Encoder, term_sets: list[dict[str, float]], idf: dict[str, float],
                 floor: float = 0.45) -> None:
        vocabulary = sorted({t for terms in term_sets for t in terms})
        self.index = {t: n for n, t in enumerate(vocabulary)}
        self.vectors = model.encode(vocabulary) if vocabulary else np.zeros((0, 1), np.float32)
        self.weights = np.array([idf.get(t, 1.0) for t in vocabulary])
        self.floor = floor

    def rows(self, terms: dict[str, float]) -> np.ndarray:
        return np.array([self.index[t] for t in terms], dtype=np.intp)

    def match_many(self, a: np.ndarray, bs: list[np.ndarray]) -> list[tuple[float, float]]:
        """For each b: how much of a's words (rows of the vocabulary) b covers, and how much of
        b's a covers. One product for a batch of the b's of one a (each b's result is its own:
        maxima and sums never mix columns of different b's)."""
        result = [(0.0, 0.0)] * len(bs)
        filled = [n for n, b in enumerate(bs) if len(b)]
        if not len(a) or not filled:
            return result
        for start in range(0, len(filled), _BATCH):
            self._match_batch(a, bs, filled[start:start + _BATCH], result)
        return result

    def _match_batch(self, a: np.ndarray, bs: list[np.ndarray], filled: list[int],
                     result: list[tuple[float, float]]) -> None:
        joined = np.concatenate([bs[n] for n in filled])
        starts = np.cumsum([0] + [len(bs[n]) for n in filled[:-1]])
        sims = self.vectors[a] @ self.vectors[joined].T
        sims = np.where(sims >= self.floor, sims, 0.0)
        sims[a[:, None] == joined[None, :]] = 1.0  # the same word
        wa = self.weights[a]
        wb = self.weights[joined]
        covers_left = (np.maximum.reduceat(sims, starts, axis=1) * wa[:, None]).sum(axis=0) / wa.sum()
        covers_right = np.add.reduceat(sims.max(axis=0) * wb, starts) / np.add.reduceat(wb, starts)
        for n, left_share, right_share in zip(filled, covers_left, covers_right):
            result[n] = (round(float(left_share), 4), round(float(right_share), 4))


BONUS = 0.05
_BATCH = 64  # the b's matched in one product: bounds its size for a provision with many partners
_NO_WORDS = np.zeros(0, dtype=np.intp)


def _embed(model: Encoder, texts: list[str]) -> np.ndarray:
    return model.encode(texts).astype(np.float32)


def _idf(texts: list[str]) -> dict[str, float]:
    counts = Counter()
    for text in texts:
        counts.update(set(_content_lemmas(text)))
    total = len(texts)
    return {term: math.log((1 + total) / (1 + n)) + 1.0 for term, n in counts.items()}


def _content_lemmas(text: str) -> list[str]:
    return [w for w in nlp.lemmas(text) if w not in _STOP and len(w) > 1 and not w.isdigit()]


def _terms(context: str, body: str, idf: dict[str, float]) -> dict[str, float]:
    """TF-IDF weights of a unit's lemmas: its own words count double its lead-in's."""
    weights: dict[str, float] = {}
    for term in _content_lemmas(context):
        weights[term] = weights.get(term, 0.0) + 0.5 * idf.get(term, 1.0)
    for term in _content_lemmas(body):
        weights[term] = weights.get(term, 0.0) + 0.5 * idf.get(term, 1.0)
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {term: w / norm for term, w in weights.items()}


def _lexical(left: dict[str, float], right: dict[str, float],
             idf: dict[str, float]) -> tuple[float, tuple[str, ...]]:
    shared = left.keys() & right.keys()
    score = sum(left[t] * right[t] for t in shared)
    top = sorted(shared, key=lambda t: (-idf.get(t, 0.0), t))[:6]
    return round(score, 4), tuple(top)


def _citations(text: str) -> set[str]:
    return {" ".join(m.group(0).split()).rstrip(".").lower() for m in _CITATION.finditer(text)}


def _candidate_pairs(left: np.ndarray, right: np.ndarray, left_terms: list[dict[str, float]],
                     right_terms: list[dict[str, float]], k: int) -> set[tuple[int, int]]:
    """Each unit's k nearest on the other side, by meaning and by rare shared words."""
    pairs: set[tuple[int, int]] = set()
    for i, row in enumerate(_nearest(left, right, k)):
        pairs.update((i, int(j)) for j in row)
    for j, row in enumerate(_nearest(right, left, k)):
        pairs.update((int(i), j) for i in row)
    pairs.update(_shared_word_pairs(left_terms, right_terms, k))
    return pairs


def _nearest(queries: np.ndarray, keys: np.ndarray, k: int) -> list[np.ndarray]:
    """Indices of the k keys nearest each query: exact when small, clustered retrieval at scale."""
    k = min(k, len(keys))
    if len(queries) * len(keys) <= EXACT_PAIRS:
        return [_top(block, k) for block in _blocks(queries @ keys.T)]
    return _clustered_nearest(queries, keys, k)


def _blocks(matrix: np.ndarray):
    yield from matrix


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    if k >= len(scores):
        return np.argsort(-scores, kind="stable")
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part], kind="stable")]


def _clustered_nearest(queries: np.ndarray, keys: np.ndarray, k: int) -> list[np.ndarray]:
    """Inverted-file retrieval: cluster the keys, search only the few clusters nearest a query."""
    clusters = max(8, int(math.sqrt(len(keys))))
    rng = np.random.default_rng(0)
    centroids = keys[rng.choice(len(keys), clusters, replace=False)].copy()
    for _ in range(6):
        assignment = np.argmax(keys @ centroids.T, axis=1)
        for c in range(clusters):
            members = keys[assignment == c]
            if len(members):
                centroid = members.mean(axis=0)
                centroids[c] = centroid / (np.linalg.norm(centroid) or 1.0)
    assignment = np.argmax(keys @ centroids.T, axis=1)
    lists = [np.flatnonzero(assignment == c) for c in range(clusters)]
    probes = min(clusters, 6)
    result = []
    for start in range(0, len(queries), 1024):
        block = queries[start:start + 1024]
        nearest_clusters = np.argsort(-(block @ centroids.T), axis=1)[:, :probes]
        for query, chosen in zip(block, nearest_clusters):
            members = np.concatenate([lists[c] for c in chosen])
            if len(members) == 0:
                result.append(members)
                continue
            scores = keys[members] @ query
            result.append(members[_top(scores, min(k, len(members)))])
    return result


def _shared_word_pairs(left_terms: list[dict[str, float]], right_terms: list[dict[str, float]],
                       k: int) -> set[tuple[int, int]]:
    """Pairs sharing rare words (an inverted index; common words are skipped)."""
    index: dict[str, list[int]] = {}
    for j, terms in enumerate(right_terms):
        for term in terms:
            index.setdefault(term, []).append(j)
    limit = max(20, int(math.sqrt(len(right_terms))))
    pairs = set()
    for i, terms in enumerate(left_terms):
        votes: Counter = Counter()
        for term, weight in terms.items():
            postings = index.get(term, ())
            if len(postings) <= limit:
                for j in postings:
                    votes[j] += weight * right_terms[j][term]
        pairs.update((i, j) for j, _ in votes.most_common(k))
    return pairs
