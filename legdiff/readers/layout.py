"""Layout: the text a markup reader builds, one unit per line, with a map back to the source.

Readers walk their markup in document order and call ``write`` for text, ``end_line`` at the
edges of blocks and ``mark`` where a numbered unit begins. White space is collapsed to single
spaces; line breaks and the spaces the layout puts in point at the nearest source position, so
the offset map stays monotonic.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import replace

from legdiff.models import Kind, OutlineMark
from legdiff.readers.labels import normalize_dashes

#: White space a line does not keep as it is: a run of two or more, or a tab, newline, no-break
#: space (a single ordinary space is copied with the words around it).
_ODD_SPACE = re.compile(r"\s{2,}|[^\S ]")


class Layout:
    """Text, offsets and outline marks, built left to right."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._offsets = array("q")
        self._length = 0
        self._marks: list[OutlineMark] = []
        self._floor = 0  # offsets never go below this (the last one written)
        self._end = 0  # source index just past the last character written
        self._space = -1  # source index of white space waiting to be written, -1 for none
        self._separator = " "
        self._break = 0  # 1: a new line waits, 2: a blank line waits
        self._held = False  # a line break asked for now joins the line instead
        self._line_empty = True
        self._prose: tuple[int, Kind] | None = None  # a mark for the next text, if any comes

    def write(self, text: str, start: int, *, verbatim: bool = True, end: int | None = None) -> None:
        """Write ``text`` found at ``source[start:]`` (``verbatim``) or decoded from the construct
        at ``source[start:end]`` (an entity, a character reference)."""
        if text.isspace():  # indentation between tags
            self.space(start)
            return
        position = 0
        for match in _ODD_SPACE.finditer(text):
            if match.start() > position:
                self._run(text[position:match.start()], start, position, verbatim, end)
            self.space(start + match.start() if verbatim else start)
            position = match.end()
        if position < len(text):
            self._run(text[position:], start, position, verbatim, end)

    def space(self, at: int) -> None:
        """A word break at source index ``at`` (written only between words of a line)."""
        if self._space < 0 and not self._line_empty:
            self._space, self._separator = at, " "

    def separate(self, separator: str, at: int) -> None:
        """A separator (a tab between table cells) if the line goes on."""
        if not self._line_empty:
            self._space, self._separator = at, separator

    def end_line(self, blank: bool = False) -> None:
        """End the line here; ``blank`` leaves an empty line (a new block) before the next."""
        if self._held or self._line_empty:
            return
        self._break = max(self._break, 2 if blank else 1)
        self._space = -1

    @property
    def held(self) -> bool:
        return self._held

    def hold(self) -> None:
        """Let the next text join this line even if a block edge comes first."""
        self._held = True

    def rejoin(self) -> None:
        """Take back a line break that waits: what comes next ends the line before it."""
        self._break = 0

    def release(self) -> None:
        """Undo ``hold`` if no text came (a unit with a number and nothing else)."""
        self._held = False

    def mark(self, depth: int, label: str, kind: Kind, written: str, start: int, end: int) -> None:
        """Begin a line for a unit numbered ``written`` at ``source[start:end]``, its ``label``
        first. The label may differ from what is written ("Sec. 4" for "SEC. 4.")."""
        self._held, self._prose = False, None
        if self._length:
            self._break = max(self._break, 1)
        self._flush(start)
        self._marks.append(OutlineMark(self._length, depth, label, kind))
        self._append(label, _label_offsets(label, written, start), end)
        self._space, self._separator = end, " "

    def end_heading(self) -> None:
        """The words written since the last ``mark`` are that unit's heading (the first heading
        after a mark counts; headings of unnumbered parts inside the unit do not)."""
        if self._marks and self._marks[-1].heading_end < 0 and self._marks[-1].label:
            self._marks[-1] = replace(self._marks[-1], heading_end=self._length)

    def mark_prose(self, depth: int, kind: Kind) -> None:
        """Mark the next text, if it comes before another unit, as prose at ``depth``: an
        unnumbered unit with an empty label, after a blank line."""
        self._held, self._prose = False, (depth, kind)

    def finish(self) -> tuple[str, array, tuple[OutlineMark, ...]]:
        offsets = array("q", self._offsets)
        offsets.append(max(self._end, self._floor))
        return "".join(self._parts), offsets, tuple(self._marks)

    def _run(self, run: str, start: int, position: int, verbatim: bool, end: int | None) -> None:
        """A run of words with at most single spaces between them."""
        if run.startswith(" "):
            self.space(start + position if verbatim else start)
            run, position = run[1:], position + 1
        trailing = run.endswith(" ")
        words = run.rstrip(" ")
        if words:
            at = start + position if verbatim else start
            offsets = range(at, at + len(words)) if verbatim else [start] * len(words)
            self._flush(at)
            self._append(words, offsets, at + len(words) if verbatim else (end or start + 1))
        if trailing:
            self.space(start + position + len(words) if verbatim else start)

    def _flush(self, at: int) -> None:
        """Write the line break or space waiting before text at source index ``at``."""
        if self._prose is not None:
            depth, kind = self._prose
            self._prose = None
            self._break = 2
            self._flush(at)
            self._marks.append(OutlineMark(self._length, depth, "", kind))
            return
        if self._break and self._length:
            self._append("\n" * self._break, [min(self._end, at)] * self._break, self._end)
            self._line_empty = True
        elif self._space >= 0 and not self._line_empty:
            self._append(self._separator, [self._space], self._end)
        self._break, self._space, self._separator = 0, -1, " "

    def _append(self, text: str, offsets, end: int) -> None:
        if offsets and offsets[0] < self._floor:
            offsets = [max(self._floor, o) for o in offsets]
        self._parts.append(text)
        self._offsets.extend(offsets)
        self._length += len(text)
        if offsets:
            self._floor = offsets[-1]
        if text and not text.isspace():
            self._line_empty = False
            self._held = False
            self._end = max(self._end, end)


def _label_offsets(label: str, written: str, start: int) -> list[int]:
    """Where each character of a label comes from: the number as written begins at ``start``."""
    if normalize_dashes(written).lower().startswith(label.lower()):
        return list(range(start, start + len(label)))
    core = written.strip(". \u2014")
    if core and label.endswith(core):
        lead = len(label) - len(core)
        return [start] * lead + list(range(start, start + len(core)))
    return [start] * len(label)
