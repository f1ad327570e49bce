"""The NLP layer: a blank spaCy pipeline with English and legal tokenizer exceptions, a sentence
splitter that does not break on legal abbreviations or citations, and lookup lemmas.

Only this module imports spaCy. The pipeline is built once per process and cached. A trained
pipeline is never downloaded; the blank one needs nothing but the installed packages.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path

import spacy
import spacy_lookups_data
from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS as ENGLISH_EXCEPTIONS
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

#: Abbreviations that end in a period but do not end a sentence. Each was met in a legal text:
#: section and citation words (DC Code, USLM bills, municipal codes), memo and letter words.
LEGAL_ABBREVIATIONS = (
    "Sec.", "Secs.", "Sect.", "Art.", "Arts.", "Ch.", "Chap.", "Cl.", "Subd.", "Subsec.",
    "Subch.", "Para.", "Paras.", "Pt.", "Tit.", "Div.", "Reg.", "Regs.", "Res.", "Ord.",
    "Exec.", "Admin.", "Dept.", "Dep't.", "Govt.", "Gov.", "Comm.", "Cmte.", "Assn.", "Ass'n.",
    "Inc.", "Co.", "Corp.", "Ltd.", "Bros.", "Mr.", "Mrs.", "Ms.", "Dr.", "Rev.", "Hon.",
    "Jr.", "Sr.", "St.", "Ave.", "Blvd.", "Rd.", "Ste.", "Mt.", "Ft.", "Stat.", "Ann.", "Supp.",
    "Cong.", "Sess.", "Pub.", "Priv.", "Civ.", "Crim.", "Proc.", "Evid.", "App.", "Ct.",
    "Cir.", "Dist.", "Fed.", "Cal.", "Colo.", "Md.", "Mass.", "Wash.", "Tex.", "Fla.",
    "Ill.", "Pa.", "Va.", "Mich.", "Minn.", "Ariz.", "Or.", "Conn.", "Del.",
    "U.S.", "U.S.C.", "U.S.C.A.", "C.F.R.", "D.C.", "Fed.Reg.", "L.Ed.", "S.Ct.", "F.2d",
    "F.3d", "F.4th", "F.Supp.", "P.L.", "H.R.", "S.J.", "H.J.", "Res.", "e.g.", "i.e.",
    "cf.", "viz.", "et al.", "et seq.", "seq.", "al.", "id.", "Id.", "ibid.", "v.", "vs.",
    "approx.", "est.", "no.", "No.", "Nos.", "Con.", "Conc.", "Doc.", "Rept.", "Rpt.", "Amdt.",
    "Cal.", "Calif.", "Ex.", "Exh.", "Vol.", "vol.", "pp.", "p.", "Jan.", "Feb.",
    "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
)

#: Abbreviations that are also ordinary words at the end of a sentence ("... said no.").
#: They stay joined to what follows only when a number follows.
_NUMBER_ABBREVIATIONS = frozenset({"No.", "no.", "Nos.", "Vol.", "vol.", "p.", "pp.", "Art."})
_ENDERS = frozenset({".", "?", "!"})
_CLOSERS = frozenset({'"', "'", "\u201d", "\u2019", ")", "]", "*", "_"})  # "*Title.* Text": emphasis closes too
_INITIAL = re.compile(r"^[A-Z]\.$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*|\d+(?:[.,]\d+)*")


@Language.component("legdiff_sentences")
def legdiff_sentences(doc: Doc) -> Doc:
    """Mark sentence starts: after . ? ! (and any closing quote or bracket) when the next word
    starts a sentence, never after a legal abbreviation or an initial."""
    abbreviations = _abbreviation_set()
    for i, token in enumerate(doc):
        token.is_sent_start = i == 0
    i = 0
    while i < len(doc) - 1:
        token = doc[i]
        if not _ends_sentence(doc, i, abbreviations):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and (doc[j].text in _CLOSERS and not doc[j - 1].whitespace_ or
                                doc[j].is_space and token.text != "?"):
            j += 1  # a closing quote or bracket, or the line break before the next sentence (a
            #         question keeps the answer on the line after it: "Can I host?\nYes, if ...")
        if j < len(doc) and _starts_sentence(doc, j):
            doc[j].is_sent_start = True
        i = j
    return doc


def _ends_sentence(doc: Doc, i: int, abbreviations: frozenset[str]) -> bool:
    text = doc[i].text
    if text in _ENDERS:
        return True
    if text in _NUMBER_ABBREVIATIONS:
        return i + 1 < len(doc) and not doc[i + 1].like_num
    if text in abbreviations or _INITIAL.match(text):
        return False
    return False


def _starts_sentence(doc: Doc, j: int) -> bool:
    text = doc[j].text
    first = text[0]
    if first.isupper() or first in "\"'\u201c\u2018(§[":
        return True
    if first == "*":  # "*Title.*" opens a sentence; "No. *1234*" does not
        following = next((t for t in doc[j:j + 3] if t.text != "*"), None)
        return following is not None and following.text[:1].isupper()
    return first.isdigit() and j + 1 < len(doc) and doc[j + 1].text in {".", ")"}


def ends_in_abbreviation(text: str) -> bool:
    """Whether the text's last word, with a period after it, is a legal abbreviation ("... in
    accordance with Sec")."""
    words = text.split()
    return bool(words) and words[-1] + "." in _abbreviation_set()


@cache
def _abbreviation_set() -> frozenset[str]:
    forms = set()
    for abbreviation in LEGAL_ABBREVIATIONS:
        forms.update({abbreviation, abbreviation.upper(), abbreviation.capitalize()})
    return frozenset(forms)


@cache
def pipeline() -> Language:
    """The cached blank pipeline: spaCy's language-neutral tokenizer with the English
    abbreviations ("a.m.", "Mr.") and legdiff's legal ones kept whole, and the sentence component.
    It splits every corpus and realdata document as the blank English pipeline does, and builds
    in a third of the time (its thousands of contraction exceptions never decide a boundary)."""
    nlp = spacy.blank("xx")
    forms = {form for form in _abbreviation_set() if " " not in form}
    forms |= {form for form in ENGLISH_EXCEPTIONS if "." in form and " " not in form}
    rules = dict(nlp.tokenizer.rules or {})
    rules.update({form: [{ORTH: form}] for form in sorted(forms)})
    nlp.tokenizer.rules = rules
    nlp.add_pipe("legdiff_sentences")
    return nlp


@cache
def _lemma_table() -> dict[str, str]:
    """spaCy's English lookup lemmas, read from the spacy-lookups-data package (the same table
    spaCy's lookup lemmatizer loads, without building a second pipeline to get it)."""
    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    return json.loads(gzip.decompress(path.read_bytes()))


#: Where a sentence may end: a stop, with any closing quotes or brackets, before more text.
_CANDIDATE = re.compile(r"[.?!][\"'\u201d)\]*_]*(?=\s+\S)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, trimmed of surrounding white space.

    Only a short window around each possible boundary is tokenized and judged by the
    legdiff_sentences component: what decides a boundary is the token before the stop and the
    words after it, so long provisions cost no more than short ones."""
    if not text.strip():
        return []
    windows, anchors = [], []
    for match in _CANDIDATE.finditer(text):
        left = text.rfind(" ", 0, max(0, match.start() - 30)) + 1
        following = re.match(r"\s+\S+\s*\S{0,2}", text[match.end():])
        right = match.end() + (following.end() if following else 0)
        windows.append(text[left:right])
        anchors.append((left, match.end()))
    starts = [0]
    for doc, (left, after) in zip(pipeline().pipe(windows), anchors):
        token = next((t for t in doc if t.idx >= after - left and not t.is_space), None)
        if token is not None and token.is_sent_start:
            starts.append(left + token.idx)
    return _trimmed_spans(text, starts)


def _trimmed_spans(text: str, starts: list[int]) -> list[tuple[int, int]]:
    spans = []
    for start, end in zip(starts, starts[1:] + [len(text)]):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def words(text: str) -> list[str]:
    """The words and numbers of ``text``, case-folded."""
    return [w.lower() for w in _WORD.findall(text)]


def lemmas(text: str) -> list[str]:
    """Lookup lemmas of the words of ``text``, case-folded ("Officers" -> "officer")."""
    return [lemma(w) for w in words(text)]


@cache
def lemma(word: str) -> str:
    """The lookup lemma of one word, case-folded."""
    folded = word.lower()
    return _lemma_table().get(folded, folded)
