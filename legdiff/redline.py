"""Redlines: word-level differences between two provisions' texts.

Words (with the white space after them) are encoded as single characters, as diff-match-patch's
line mode does for lines, so a diff never splits a word; then the diff is cleaned up semantically
so "thirty (30) days" -> "sixty (60) days" reads as one change. The timeout is 0: the same input
always gives the same output.
"""

from __future__ import annotations

import re

from diff_match_patch import diff_match_patch

from legdiff.models import Segment

_TOKEN = re.compile(r"\s+|\w+(?:['\u2019]\w+)*|[^\w\s]")
_OPS = {0: "equal", 1: "insert", -1: "delete"}


def redline(old: str, new: str) -> tuple[Segment, ...]:
    """The word-level diff of ``old`` -> ``new``; joining equal+delete gives ``old``, equal+insert
    gives ``new``."""
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    alphabet: dict[str, str] = {}
    words: list[str] = []
    encoded_old = _encode(old, alphabet, words)
    encoded_new = _encode(new, alphabet, words)
    diffs = engine.diff_main(encoded_old, encoded_new, False)
    engine.diff_cleanupSemantic(diffs)
    segments = []
    for op, chars in diffs:
        text = "".join(words[_index(c)] for c in chars)
        if segments and segments[-1].op == _OPS[op]:
            segments[-1] = Segment(_OPS[op], segments[-1].text + text)
        else:
            segments.append(Segment(_OPS[op], text))
    return tuple(_join_changes(segments))


def _join_changes(segments: list[Segment]) -> list[Segment]:
    """Read a change broken only by punctuation ("thirty (30)" -> "sixty (60)") as one change."""
    result: list[Segment] = []
    run: list[Segment] = []

    def flush() -> None:
        trailing = []
        while run and run[-1].op == "equal":
            trailing.insert(0, run.pop())
        deleted = "".join(s.text for s in run if s.op != "insert")
        inserted = "".join(s.text for s in run if s.op != "delete")
        result.extend(Segment(op, text) for op, text in (("delete", deleted), ("insert", inserted)) if text)
        result.extend(trailing)
        run.clear()

    for segment in segments:
        if segment.op != "equal" or (run and not re.search(r"\w", segment.text)):
            run.append(segment)
            continue
        flush()
        result.append(segment)
    flush()
    return result


def _encode(text: str, alphabet: dict[str, str], words: list[str]) -> str:
    chars = []
    for token in _TOKEN.findall(text):
        code = alphabet.get(token)
        if code is None:
            index = len(words)
            words.append(token)
            code = chr(index + 0xE000 if index < 0x1900 else index + 0x10000)
            alphabet[token] = code
        chars.append(code)
    return "".join(chars)


def _index(char: str) -> int:
    code = ord(char)
    return code - 0x10000 if code >= 0x10000 else code - 0xE000


def changed(segments: tuple[Segment, ...]) -> bool:
    return any(s.op != "equal" for s in segments)
