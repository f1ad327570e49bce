"""Word's paragraph styles and numbering definitions: the numbers Word draws in front of a
paragraph ("(a)", "1.", "Sec. 3.") that are not in the paragraph's text.

A numbered paragraph names a numbering instance (w:numId) and a level (w:ilvl), directly or
through its style ("List Number", a heading style linked to a list). The instance points to an
abstract definition whose levels give the format (numFmt: decimal, lowerLetter, upperRoman,
...), the pattern (lvlText "(%1)", "%1.%2") and the start value; an instance may restart a level
(startOverride). Counters run per abstract definition, as Word counts, and a level restarts
after any higher level unless its lvlRestart says otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

_W = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "http://purl.oclc.org/ooxml/wordprocessingml/main")
_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")
#: Style names that make a paragraph a heading (Word's built-in names, whatever the language of
#: the style ids).
_HEADING_NAME = re.compile(r"^(?:heading [1-9]|title|subtitle)$", re.I)
_ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90), ("l", 50),
          ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))
_MAX_CHAIN = 16  # style basedOn and numbering style links followed at most this far


def _children(element: Element | None, name: str):
    if element is None:
        return
    for child in element:
        namespace, _, local = child.tag[1:].partition("}")
        if namespace in _W and local == name:
            yield child


def _child(element: Element | None, name: str) -> Element | None:
    return next(_children(element, name), None)


def _value(element: Element | None, name: str) -> str | None:
    found = _child(element, name)
    if found is None:
        return None
    for namespace in _W:
        value = found.get(f"{{{namespace}}}val")
        if value is not None:
            return value
    return None


def _attribute(element: Element, name: str) -> str | None:
    return next((element.get(f"{{{ns}}}{name}") for ns in _W
                 if element.get(f"{{{ns}}}{name}") is not None), None)


def _number(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class _Style:
    name: str
    based_on: str | None
    numbering: tuple[str | None, str | None] | None  # (numId, ilvl)
    outline: bool


class Styles:
    """Paragraph styles by id: name, base style, numbering, outline level."""

    def __init__(self, styles: dict[str, _Style]) -> None:
        self._styles = styles

    @classmethod
    def read(cls, root: Element | None) -> Styles:
        styles = {}
        for style in _children(root, "style"):
            if _attribute(style, "type") not in (None, "paragraph", "numbering"):
                continue
            properties = _child(style, "pPr")
            numbering = _child(properties, "numPr")
            styles[_attribute(style, "styleId") or ""] = _Style(
                _value(style, "name") or "", _value(style, "basedOn"),
                (_value(numbering, "numId"), _value(numbering, "ilvl")) if numbering is not None else None,
                _child(properties, "outlineLvl") is not None)
        return cls(styles)

    def _chain(self, style_id: str):
        seen = 0
        while style_id in self._styles and seen < _MAX_CHAIN:
            style = self._styles[style_id]
            yield style
            style_id, seen = style.based_on or "", seen + 1

    def is_heading(self, style_id: str) -> bool:
        return any(_HEADING_NAME.match(s.name) or s.outline for s in self._chain(style_id))

    def numbering(self, style_id: str) -> tuple[str | None, str | None] | None:
        return next((s.numbering for s in self._chain(style_id) if s.numbering), None)


@dataclass(frozen=True, slots=True)
class _Level:
    start: int = 1
    format: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; 0 never
    legal: bool = False  # isLgl: every number in the pattern is written as decimal
    style: str | None = None  # a paragraph style this level belongs to


def _read_level(element: Element) -> _Level:
    text = _child(element, "lvlText")
    return _Level(_number(_value(element, "start"), 1), _value(element, "numFmt") or "decimal",
                  (_attribute(text, "val") or "") if text is not None else "%1.",
                  _number(_value(element, "lvlRestart")), _child(element, "isLgl") is not None,
                  _value(element, "pStyle"))


@dataclass(slots=True)
class _Instance:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # startOverride by level
    levels: dict[int, _Level] = field(default_factory=dict)  # levels the instance redefines


class Numbering:
    """The numbering definitions of a document and the counters of its lists."""

    def __init__(self, abstracts: dict[str, dict[int, _Level]], links: dict[str, str],
                 instances: dict[str, _Instance], styles: Styles) -> None:
        self._abstracts, self._links, self._instances = abstracts, links, instances
        self._styles = styles
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[str] = set()

    @classmethod
    def read(cls, root: Element | None, styles: Styles) -> Numbering:
        abstracts: dict[str, dict[int, _Level]] = {}
        links: dict[str, str] = {}
        for abstract in _children(root, "abstractNum"):
            key = _attribute(abstract, "abstractNumId") or ""
            abstracts[key] = {_number(_attribute(level, "ilvl"), 0): _read_level(level)
                              for level in _children(abstract, "lvl")}
            link = _value(abstract, "numStyleLink")
            if link:
                links[key] = link
        instances = {}
        for num in _children(root, "num"):
            instance = _Instance(_value(num, "abstractNumId") or "")
            for override in _children(num, "lvlOverride"):
                level = _number(_attribute(override, "ilvl"), 0)
                start = _number(_value(override, "startOverride"))
                if start is not None:
                    instance.starts[level] = start
                if _child(override, "lvl") is not None:
                    instance.levels[level] = _read_level(_child(override, "lvl"))
            instances[_attribute(num, "numId") or ""] = instance
        return cls(abstracts, links, instances, styles)

    def label(self, numbering: tuple[str, str | None] | None, style: str) -> str:
        """The number Word draws in front of a paragraph (counting it), or ""."""
        num_id, level_text = numbering or self._styles.numbering(style) or (None, None)
        found = self._resolve(num_id)
        if found is None:
            return ""
        instance, key = found
        levels = {**self._abstracts.get(key, {}), **instance.levels}
        level = _number(level_text)
        if level is None:
            level = next((i for i, lv in sorted(levels.items()) if lv.style == style and style), 0)
        if not 0 <= level < _LEVELS or level not in levels:
            return ""
        counters = self._count(num_id, instance, key, level, levels)
        return _pattern(levels, level, counters)

    def _resolve(self, num_id: str | None) -> tuple[_Instance, str] | None:
        """The instance and its abstract definition, following numbering style links."""
        for _ in range(_MAX_CHAIN):
            instance = self._instances.get(num_id or "")
            if instance is None or num_id == "0":
                return None
            link = self._links.get(instance.abstract)
            if link is None:
                return instance, instance.abstract
            linked = self._styles.numbering(link)
            if linked is None or linked[0] == num_id:
                return instance, instance.abstract
            num_id = linked[0]
        return None

    def _count(self, num_id: str, instance: _Instance, key: str, level: int,
               levels: dict[int, _Level]) -> list[int | None]:
        counters = self._counters.setdefault(key, [None] * _LEVELS)
        if num_id not in self._started:
            self._started.add(num_id)
            for overridden, start in instance.starts.items():
                if 0 <= overridden < _LEVELS:
                    counters[overridden] = start - 1
        current = counters[level]
        counters[level] = levels[level].start if current is None else current + 1
        for deeper in range(level + 1, _LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or level < restart:
                counters[deeper] = None
        return counters


def _pattern(levels: dict[int, _Level], level: int, counters: list[int | None]) -> str:
    own = levels[level]
    if own.format == "bullet":
        return "\u2022"
    if own.format == "none":
        return _PLACEHOLDER.sub("", own.text).strip()

    def number(match: re.Match) -> str:
        at = int(match.group(1)) - 1
        defined = levels.get(at, _Level())
        value = counters[at] if counters[at] is not None else defined.start
        return format_number(value, "decimal" if own.legal else defined.format)

    return _PLACEHOLDER.sub(number, own.text).strip()


def format_number(value: int, form: str) -> str:
    """A counter as Word writes it in ``form`` (numFmt)."""
    if form in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""
        return letter.upper() if form == "upperLetter" else letter
    if form in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = ""
        for numeral, worth in _ROMAN:
            count, value = divmod(value, worth)
            roman += numeral * count
        return roman.upper() if form == "upperRoman" else roman
    if form == "decimalZero":
        return f"{value:02d}"
    if form == "none":
        return ""
    return str(value)
