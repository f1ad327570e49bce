"""Grading: is an amendment between two drafts of a provision trivial or substantive, and why.

Trivial: punctuation, white space, capitalisation, spacing and hyphenation, an article, a list
connector that moved because an item was added, a word from the table of equivalent wordings
("shall" -> "must"), a cross-reference that follows the renumbering. Everything else that
changes a word is substantive, and says what changed: negation, modality or an exception (read
by legdiff.substance), a number, a date, a name (an actor or a place), or the wording.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher

from legdiff import substance
from legdiff.models import Change, Grade, Segment
from legdiff.redline import redline

#: Word changes that never change the law: (old words, new words), either way round.
#: Plain-language drafting replaces "shall" with "must" (Denver's and DC's drafting manuals).
EQUIVALENT_WORDINGS = (
    (("shall",), ("must",)),
    (("per", "cent"), ("percent",)),
    (("toward",), ("towards",)),
    (("among",), ("amongst",)),
    (("while",), ("whilst",)),
    (("u", "s"), ("united", "states")),
    (("judgment",), ("judgement",)),
)
#: Words whose addition or removal alone changes nothing ("the Council" / "Council", "all of").
MINOR_WORDS = frozenset({"a", "an", "the", "of"})
#: Connectors that end an item of a list ("; and"): they move when an item is added at the end.
LIST_CONNECTORS = frozenset({"and", "or"})
_NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred thousand million billion first second third fourth fifth sixth seventh "
    "eighth ninth tenth half quarter percent".split())
_MONTHS = frozenset("january february march april may june july august september october "
                    "november december jan feb mar apr jun jul aug sep sept oct nov dec".split())
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_SENTENCE_END = re.compile(r"[.:;?!]\W*$")
_GAP = re.compile(r"\W*$")
_CLAUSE_END = re.compile(r"(?<=[.;:] )")
#: Substance rules whose differences a reason names (numbers are named from the words).
_SUBSTANCE_REASONS = {Change.NEGATION: "negation changed", Change.MODALITY: "modality changed",
                      Change.SCOPE: "scope changed", Change.NUMBER: "number changed"}


def grade_amendment(old: str, new: str, *, renumbering: Mapping[str, str] | None = None,
                    lead_ins: tuple[str, str] = ("", ""),
                    rules: bool = True) -> tuple[Grade, tuple[str, ...], tuple[Segment, ...]]:
    """Grade the change from ``old`` to ``new`` (one provision's wording in two drafts): the
    grade, the reasons (trivial ones included) and the word-level redline they rest on.

    ``renumbering`` maps old designators to new ones ("28-256" -> "28-255"); a cross-reference
    that follows it is trivial. ``lead_ins`` are the words that introduce each provision
    ("... shall not:"), read by the substance rules only; ``rules=False`` skips those rules (for
    front and back matter, where no rule is stated)."""
    segments = _redline_words(old, new)
    reasons: list[str] = []
    substantive: list[str] = []
    followed = _follow_renumbering(old, new, renumbering or {}, reasons)
    if " ".join(followed.split()) == " ".join(new.split()):
        return Grade.TRIVIAL, tuple(reasons or ["white space only"]), segments
    changes = segments if followed == old else _redline_words(followed, new)
    if [w.lower() for w in _WORD.findall(followed)] == [w.lower() for w in _WORD.findall(new)]:
        return Grade.TRIVIAL, tuple(reasons + _surface_reasons(followed, new)), segments
    for removed, added, at_end in _changes(followed, new, changes):
        reason, is_substantive = _word_change(followed, new, removed, added, at_end=at_end)
        (substantive if is_substantive else reasons).append(reason)
    if rules:
        substantive = _substance_reasons(f"{lead_ins[0]} {followed}", f"{lead_ins[1]} {new}",
                                         substantive) + substantive
    grade = Grade.SUBSTANTIVE if substantive else Grade.TRIVIAL
    return grade, tuple(dict.fromkeys(substantive + reasons)), segments


def _redline_words(old: str, new: str) -> tuple[Segment, ...]:
    """legdiff.redline.redline, with a long text first matched clause by clause (as
    diff-match-patch's line mode does with lines), so only the clauses that differ are
    redlined word by word. Joining the runs still gives back both texts."""
    if len(old) + len(new) < 3000:
        return redline(old, new)
    old_clauses, new_clauses = _CLAUSE_END.split(old), _CLAUSE_END.split(new)
    runs: list[Segment] = []
    matcher = SequenceMatcher(None, old_clauses, new_clauses, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_clauses[i1:i2]), "".join(new_clauses[j1:j2])
        for piece in (Segment("equal", before),) if op == "equal" else redline(before, after):
            if runs and runs[-1].op == piece.op:
                runs[-1] = Segment(piece.op, runs[-1].text + piece.text)
            elif piece.text:
                runs.append(piece)
    return tuple(runs)


def _changes(old: str, new: str, segments: Sequence[Segment]):
    """Each run of changed words: (words removed, words added, whether it ends both texts).
    A word is (text, start, end, starts a sentence)."""
    runs: list[list[int]] = []  # [old start, old end, new start, new end]
    at_old = at_new = 0
    for segment in segments:
        size = len(segment.text)
        if segment.op == "equal" and _WORD.search(segment.text):
            at_old, at_new = at_old + size, at_new + size
            continue
        if not runs or runs[-1][1] != at_old or runs[-1][3] != at_new:
            runs.append([at_old, at_old, at_new, at_new])
        if segment.op != "insert":
            at_old += size
        if segment.op != "delete":
            at_new += size
        runs[-1][1], runs[-1][3] = at_old, at_new
    for old_start, old_end, new_start, new_end in runs:
        removed, added = _tokens(old, old_start, old_end), _tokens(new, new_start, new_end)
        if removed or added:
            yield removed, added, not _WORD.search(old, old_end) and not _WORD.search(new, new_end)


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int, bool]]:
    """(word, start, end, starts a sentence) for each word of ``text[start:end]``."""
    result = []
    for match in _WORD.finditer(text, start, end):
        before = text[max(0, match.start() - 12):match.start()]
        gap = _GAP.search(before).group(0)
        if gap == before and not _WORD.search(text, 0, match.start()):
            starts = True
        else:
            starts = bool(_SENTENCE_END.search(gap))
        result.append((match.group(0), match.start(), match.end(), starts))
    return result


def _follow_renumbering(old: str, new: str, renumbering: Mapping[str, str], reasons: list[str]) -> str:
    """``old`` with the cross-references that the renumbering explains rewritten as in ``new``
    (all at once, so "sections 5 and 6" -> "sections 4 and 5" is one step)."""
    present = {before: after for before, after in renumbering.items()
               if _references(old, before) and _references(new, after)}
    if not present:
        return old
    spans = sorted((start, end, present[before]) for before in present
                   for start, end in _references(old, before))
    pieces, position = [], 0
    for start, end, after in spans:
        if start >= position:
            pieces.extend((old[position:start], after))
            position = end
    for before in sorted(present):
        reasons.append(f"cross-reference updated for renumbering: {before} -> {present[before]}")
    return "".join(pieces) + old[position:]


#: A section, title or article word, then up to three designators ("sections 5 and").
_REFERENCE_WORD = re.compile(r"(?:\bsec(?:tion)?s?\.?|\u00a7+|\btitles?|\barticles?)\s*"
                             r"(?:[\w.()\-\u2013]*\d[\w.()\-\u2013]*,?\s+"
                             r"(?:(?:and|or|through|to)\s+)?){0,3}$", re.I)


def _references(text: str, designator: str) -> list[tuple[int, int]]:
    """Where ``designator`` ("28-256") is cited as a section, title or article in ``text``."""
    pattern = re.compile(r"(?<![\w.\-\u2013])" + re.escape(designator) + r"(?![\w\-\u2013]|\.\d)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)
            if _REFERENCE_WORD.search(text[max(0, m.start() - 40):m.start()])]


def _surface_reasons(old: str, new: str) -> list[str]:
    reasons = []
    if re.sub(r"[\w\s]", "", old) != re.sub(r"[\w\s]", "", new):
        reasons.append("punctuation changed")
    if _WORD.findall(old) != _WORD.findall(new):
        reasons.append("capitalisation changed")
    return reasons or ["white space only"]


def _word_change(old: str, new: str, removed, added, *, at_end: bool) -> tuple[str, bool]:
    """The reason for one run of changed words, and whether it is substantive."""
    removed_words = tuple(w.lower() for w, _, _, _ in removed)
    added_words = tuple(w.lower() for w, _, _, _ in added)
    before, after = _quote(old, removed), _quote(new, added)
    if "".join(removed_words) == "".join(added_words):
        return f"spacing or hyphenation changed: {before} -> {after}", False
    if (removed_words, added_words) in _EQUIVALENT or (added_words, removed_words) in _EQUIVALENT:
        return f"equivalent wording: {before} -> {after}", False
    if set(removed_words + added_words) <= MINOR_WORDS:
        return f"minor word changed: {before or '(none)'} -> {after or '(none)'}", False
    one_sided = not (removed_words and added_words)
    if at_end and one_sided and set(removed_words + added_words) <= LIST_CONNECTORS:
        return f"list connector {'removed' if removed_words else 'added'}: {before or after}", False
    words = set(removed_words + added_words)
    context = _neighbours(old, removed) | _neighbours(new, added)
    if _has_number(words) and (words | context) & _MONTHS or _has_year(words):
        category = "date changed"
        before, after = _quote(old, removed, widen=True), _quote(new, added, widen=True)
    elif _has_number(words):
        category = "number changed"
    elif words <= LIST_CONNECTORS | MINOR_WORDS and removed_words and added_words:
        category = "conjunction changed"
    elif _names(tuple(removed) + tuple(added)):
        category = "name changed"
    else:
        category = "wording changed"
    if not removed_words:
        return f"{category}: added \u201c{after}\u201d", True
    if not added_words:
        return f"{category}: removed \u201c{before}\u201d", True
    return f"{category}: {before} -> {after}", True


_EQUIVALENT = frozenset(EQUIVALENT_WORDINGS)


def _names(tokens) -> list[str]:
    """Capitalised words inside a sentence: an actor, a body or a place ("Manager of Safety").
    A run of capitals ("COMMITTEE DRAFT") is a heading's style, not a name; an acronym is one."""
    if len(tokens) > 1 and all(w.isupper() for w, _, _, _ in tokens if w.isalpha()):
        return []
    capitals = [w.isupper() and len(w) > 1 for w, _, _, _ in tokens]
    return [w for k, (w, _, _, starts) in enumerate(tokens)
            if w[:1].isupper() and not starts and (not capitals[k] or len(w) <= 4 and not any(
                capitals[max(0, k - 1):k] + capitals[k + 1:k + 2]))]


def _has_number(words: set[str]) -> bool:
    return any(any(c.isdigit() for c in w) or w in _NUMBER_WORDS for w in words)


def _has_year(words: set[str]) -> bool:
    return any(len(w) == 4 and w.isdigit() and w[:2] in ("19", "20") for w in words)


def _neighbours(text: str, tokens) -> set[str]:
    """The words just before and after a run of changed words (a month before a day)."""
    if not tokens:
        return set()
    before = _WORD.findall(text[max(0, tokens[0][1] - 20):tokens[0][1]])[-1:]
    after = _WORD.findall(text[tokens[-1][2]:tokens[-1][2] + 20])[:1]
    return {w.lower() for w in before + after}


def _quote(text: str, tokens, *, widen: bool = False) -> str:
    """The changed words as written, with the punctuation that clings to them ("sixty (60)");
    ``widen`` adds the word on each side ("August 2, 2017")."""
    if not tokens:
        return ""
    start, end = tokens[0][1], tokens[-1][2]
    if widen:
        start = max(text.rfind(" ", 0, max(0, start - 1)) + 1, 0)
        following = text.find(" ", end + 1)
        end = len(text) if following < 0 else following
    while start > 0 and not text[start - 1].isspace() and not text[start - 1].isalnum():
        start -= 1
    while end < len(text) and not text[end].isspace() and not text[end].isalnum():
        end += 1
    quoted = " ".join(text[start:end].split()).rstrip(",;:.")
    return quoted if len(quoted) <= 80 else quoted[:77] + "..."


def _substance_reasons(old: str, new: str, substantive: list[str]) -> list[str]:
    """Reasons from the substance rules (negation, modality, exception, scope, durations,
    money), read only when some word changed; a number the words already name is not repeated."""
    if not substantive:
        return []
    named_number = any(r.startswith(("number changed", "date changed")) for r in substantive)
    reasons = []
    for difference in substance.compare(old, new):
        if difference.change == Change.EXCEPTION:
            reasons.append(difference.detail)
        elif difference.change == Change.NUMBER and named_number:
            continue
        else:
            reasons.append(f"{_SUBSTANCE_REASONS[difference.change]}: {difference.detail}")
    return reasons
