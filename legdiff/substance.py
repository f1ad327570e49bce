"""What a provision requires, beyond its words: polarity, modality, exceptions, quantities, places.

Similar wording can hide opposite substance ("shall notify" / "shall not notify"); no embedding
model sees that. These rules read it explicitly, so classification can refuse to call two
provisions the same when their substance differs, and say how.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from legdiff import nlp, numbering
from legdiff.models import Change, Difference

#: Comparatives that make "no" or "not" a bound on a quantity ("no later than", "not more than").
_COMPARATIVES = "later|earlier|more|less|fewer|longer"
#: Quantity phrases that contain "no"/"not" but negate nothing ("no later than thirty days").
_QUANTITY_NEGATIONS = re.compile(
    rf"\b(?:no|not) (?:{_COMPARATIVES}|sooner|greater) than\b|\bnot to exceed\b|"
    r"\bno less\b|\bnot less\b|"
    r"\b(?:at|for|with) no (?:cost|charge|fee|expense)\b|"  # "at no cost": free, not forbidden
    r"\bno (?:fee|charge|cost)s? (?:shall|may|will) be (?:charged|imposed|assessed|collected)\b|"
    r"\bno (?:charge|cost)\b|\bwithout (?:any )?(?:[\w-]+ )?(?:charge|fee|cost)\b", re.I)

#: A modal or auxiliary followed by a negation: the rule forbids. (pattern, meaning)
_NEGATED_MODAL = re.compile(
    r"\b(?:shall|must|may|will|should|can|could|would|is|are|was|were|do|does|did|has|have|"
    r"need|ought to)\s+(?:not|never)\b|\b(?:cannot|can't|won't|shan't|mustn't|don't|doesn't|"
    r"isn't|aren't)\b|\bnever\b", re.I)
#: Verbs that deny their own act ("postpones the cleanup", "the fee is waived"); after "shall
#: not" they affirm it.
_PRIVATIVE_VERBS = (r"(?:waive[sd]?|postpone[sd]?|halt(?:s|ed)?|defer(?:s|red)?(?! to\b)|call(?:s|ed)? off(?!-)|"
                    r"declin(?:e|es|ed)|refus(?:e|es|ed)|refrain|cease|forgive[sn]?)")
#: Words that state a prohibition, or protection from something, by themselves.
_PROHIBITIVE = re.compile(
    r"\b(?:prohibit(?:s|ed|ing)?|forbid(?:s|den)?|forbidden|ban(?:s|ned)?|bar(?:s|red)?|"
    r"(?:is|be|are) (?:unlawful|illegal)|shielded from|protected from|"
    r"free from|(?:keep|stay|kept|stays|keeps) (?:[\w()-]+ ){0,3}away from|stop(?:s|ped)? (?:\w+ing)|"
    rf"{_PRIVATIVE_VERBS}|"  # "postpones the cleanup", "the fee is waived": not charged
    r"leave[sd]? (?:[\w()-]+ ){0,3}out of|"  # "leave babies out of the count"
    r"(?:cite|fine|penalize|ticket|prosecute)s? (?:any|every|each|a) (?:[\w-]+ ){0,2}?(?:person|one|owner|"
    r"operator|employer|landlord|business|vendor|driver|contractor|individual|resident|licensee|company|host)s? "
    r"(?:who|that)(?! (?:fails?|does not|did not))|"
    r"(?:who|that) (?!fails?\b|does not\b|did not\b)[^.;]{0,80}?\bshall be (?:cited|fined|penalized|prosecuted)|"
    r"prohibitions? (?:in|of|under|set out in|stated in) [^.;]{0,60}?\bappl(?:y|ies)|"  # "the prohibition in (a) applies to"
    r"not permitted|no longer|"
    r"not (?:required|obligated|obliged|mandatory)|"
    r"protect(?!ion\b)\w* (?:[\w']+ ){0,3}from|"  # not "a blanket for protection from the weather"
    r"(?:have|has|get|gets|receive|receives|enjoy|enjoys|given) (?:\w+ )?protection from)\b", re.I)
_NO_SUBJECT = re.compile(r"(?<!\bthrough )(?<!\bfor )(?<!\bof )(?<!\bwith )"
                         r"\bno (?:[\w-]+,? ){0,6}(?:shall|may|must|will|should|is|are)\b", re.I)  # not "through no fault of its own should"
_NEGATIVE_SUBJECT = re.compile(r"(?:^\W*|(?<=[,;:] )|(?<=\bthat )(?<!\bso that )|(?<=\band )|(?<=\bor ))"
                               r"(?:no|neither|none of|nobody|no one|nothing)\b", re.I)
#: A finding that something is absent ("confirm that no person is inside"), not a rule against it.
_CHECKED_THAT = re.compile(r"\b(?:confirm|verif|check|determin|certif|find|found)\w*\s+that\s+$", re.I)
#: "Nothing in this section prohibits ...": a double negative that permits.
#: A statement that no rule governs something ("There is no written rule on whether ..."): it
#: describes a gap, so it never says the same as a rule about that thing.
_NO_RULE = re.compile(r"\b(?:there is|there are|we have|has|have|with)\s+no\s+(?:written\s+|formal\s+|"
                      r"official\s+|specific\s+)?(?:rule|policy|policies|law|procedure|protocol|"
                      r"guidance|directive|standard|requirement)s?\b|\bno\s+(?:written|formal)\s+"
                      r"(?:rule|policy|procedure|protocol|guidance)s?\b|\bis not governed by\b", re.I)
_NOTHING_PROHIBITS = re.compile(r"\b(?:not|never)(?: \w+)?\s(?:prevent|prohibit|preclude|bar)s?\b|"
                                r"\bnothing\b[^.;]{0,80}?\b(?:prohibit|prevent|restrict|bar|limit|"
                                r"construed)", re.I)

_OBLIGATION = re.compile(r"\b(?:shall|must|will|should|is required to|are required to|"
                         r"is to|are to|has to|have to)\b", re.I)
_PERMISSION = re.compile(r"\b(?:may|can|is authorized to|are authorized to|is permitted to|"
                         r"are permitted to)\b", re.I)

#: Markers that open an exception or condition: the rule yields where they apply.
_EXCEPTION = re.compile(
    r"\b(?:unless|except(?:ing)?|other than|provided(?:,)? (?:that|however)|but only|only if|"
    r"only when|only upon|only after|only with|only on|only pursuant to|only under|"
    r"only in accordance with|without (?:first )?(?:obtaining |securing |getting |receiving |having )?"
    r"(?:a |an |the |prior |written )?(?:[\w'-]+ ){0,3}?"
    r"(?:warrant|order|consent|approval|authorization|notice|permission|permit|license|licence|"
    r"registration|certificate)|"
    r"with (?:the |a |an |prior )?(?:[\w']+ )?(?:consent|permission|approval))\b", re.I)

#: Places a rule can be limited to; two rules about different places differ in scope.
#: (pattern, place). Jail vs courthouse is the Denver case; schools and clinics its concerns.
PLACES = (
    (re.compile(r"\b(?:jails?|detention (?:facilit\w+|centers?)|correctional facilit\w+|"
                r"holding cells?|lock-?ups?|inmates?)\b", re.I), "jail"),
    (re.compile(r"\b(?:court ?houses?|courtrooms?|court buildings?|court facilit\w+|"
                r"(?:at|in|around|near) (?:the |a )?courts?\b)", re.I), "courthouse"),
    (re.compile(r"\b(?:schools?|campus(?:es)?|universit\w+|colleges?|classrooms?)\b", re.I), "school"),
    (re.compile(r"\b(?:clinics?|hospitals?|medical (?:facilit\w+|offices?|appointments?)|"
                r"health(?:[- ]care)? (?:facilit\w+|centers?))\b", re.I), "health facility"),
    (re.compile(r"\b(?:churche?s?|places? of worship|mosques?|synagogues?|temples?|"
                r"religious services?)\b", re.I), "place of worship"),
    (re.compile(r"\b(?:shelters?)\b", re.I), "shelter"),
    (re.compile(r"\b(?:residences?|homes?|dwellings?|apartments?)\b", re.I), "residence"),
)

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "a": 1, "an": 1, "single": 1,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_UNIT_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "night": 1, "business day": 1.4, "working day": 1.4,
              "week": 7,
              "month": 30, "year": 365}
#: Number words that are never an article ("below fifty", but not "under a permit").
_FIGURE_WORDS = "|".join(w for w in [*_NUMBER_WORDS, *_SCALES] if w not in ("a", "an", "single"))
#: A number in figures or words; the runs are bounded, so reading stays linear in the text.
_NUMBER = rf"(?:\d[\d,]{{0,15}}(?:\.\d+)?|(?:(?:{_FIGURE_WORDS}|a|an|single)\b[\s-]*){{1,6}})"
_DURATION = re.compile(
    rf"\b({_NUMBER})[\s-]*(?:\(\s*\d[\d,]*\s*\)\s*)?(?:(?:calendar|consecutive|full)[\s-]+)?"
    rf"(business day|working day|minute|hour|day|night|week|month|year)s?\b",
    re.I)
#: Frequencies written other ways, in the words _PERIODIC reads: "twice a year" is every half
#: year (not "a year"), "every Monday" every week.
_FREQUENCIES = (
    (re.compile(r"\btwice (?:a|per|each|every|in (?:a|each|every)) (?:calendar |fiscal )?year\b|"
                r"\bsemi-?annual(?:ly)?\b|\bbi-?annual(?:ly)?\b", re.I), "semiannually"),
    (re.compile(r"\btwice (?:a|per|each|every|in (?:a|each|every)) (?:calendar )?month\b|\bsemi-?monthly\b", re.I),
     "semimonthly"),
    (re.compile(r"\bevery other week\b|\bbi-?weekly\b|\bfortnightly\b", re.I), "biweekly"),
    (re.compile(r"\bevery other year\b|\bbi-?ennial(?:ly)?\b", re.I), "biennially"),
    (re.compile(r"\btri-?ennial(?:ly)?\b", re.I), "triennially"),
    (re.compile(r"\b(?:every|each) (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.I),
     "weekly"))
_PERIODIC = re.compile(r"\b(?:(daily|weekly|biweekly|semimonthly|monthly|annually|semiannually|biennially|"
                       r"triennially|yearly|quarterly)|each (?:calendar |fiscal )?"
                       r"(day|week|month|quarter|year)|every (?:calendar )?(day|week|month|quarter|year)|"
                       r"once a (day|week|month|year))\b", re.I)
#: A frequency that reads as a period: "seven days a week" is every day, not a week.
_EVERY_DAY = re.compile(r"\b(?:seven|7)(?: \(7\))? days (?:a|per|each) week\b|"
                        r"\b(?:24|twenty-four)(?: \(24\))? hours (?:a|per|each) day\b", re.I)
#: Times of day: "8:00 a.m.", "5 p.m.", "noon".
_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d\d))?\s*([ap])\.?\s?m\b\.?|\b(noon|midnight)\b", re.I)
_PERIOD_DAYS = {"daily": 1, "day": 1, "weekly": 7, "week": 7, "monthly": 30, "month": 30,
                "quarterly": 91, "quarter": 91, "annually": 365, "yearly": 365, "year": 365,
                "biweekly": 14, "semimonthly": 15, "semiannually": 182, "biennially": 730, "triennially": 1095}
#: The currency signs an amount is written with: "$250", "\u00a310 million", "\u20ac500".
_CURRENCY = r"[$\u00a3\u20ac]"
_MONEY = re.compile(rf"{_CURRENCY}\s?(\d[\d,]*(?:\.\d+)?)(?:\s?(million|billion)\b|(m|bn)\b)?", re.I)
_MONEY_SCALES = {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
#: An amount in words: "two hundred fifty dollars" (a figure after it is the same amount).
_MONEY_WORDS = re.compile(rf"\b((?:(?:{_FIGURE_WORDS})\b[\s-]*){{1,8}})(?:dollars?|pounds?|euros?)\b", re.I)
#: Multiples of an amount: "twice the unpaid wages" vs "equal to the back wages".
_MULTIPLES = ((re.compile(r"\b(?:twice|double|two times)\b", re.I), 2.0),
              (re.compile(r"\b(?:triple|treble|three times|thrice)\b", re.I), 3.0),
              (re.compile(r"\b(?:equal to|the same as|one times)\b(?! (?:twice|double|two times|triple|"
                          r"treble|three times|thrice)\b)", re.I), 1.0))


@dataclass(frozen=True, slots=True)
class Substance:
    """What one provision's text says, as far as the rules can read it."""

    negative: bool
    negated: frozenset[str]  # lemmas of what the negation governs: "shall not notify" -> notify
    modality: str  # "obligation" | "permission" | "statement"
    exception: str  # the exception clause as written, or ""
    durations: frozenset[float]  # in days
    money: frozenset[float]
    multiples: frozenset[float]
    places: frozenset[str]
    cue: str  # the words that set polarity or modality, for the evidence
    percents: frozenset[float] = frozenset()
    counts: frozenset[float] = frozenset()  # thresholds: "three (3) or more", "at least four"
    only: frozenset[str] = frozenset()  # what "only" limits the rule to: "in English only"
    leading: bool = False  # the negation governs the first rule stated, not a later clause
    degrees: frozenset[float] = frozenset()  # temperatures: "eighty degrees Fahrenheit (80°F)"
    deadlines: frozenset[str] = frozenset()  # years of "by December 31, 2035", "no later than 2030"
    measures: dict[str, frozenset[float]] = field(default_factory=dict)  # counted things:
    #                                             {"part": {10.0}} from "ten parts per billion"
    clock: frozenset[float] = frozenset()  # times of day, in minutes: "8:00 a.m." -> 480
    percent_of: bool = False  # a percentage as an amount ("five percent of base pay"), not a bound
    first_duration: float = 0.0  # the period named first, in days
    occasions: dict[str, frozenset[float]] = field(default_factory=dict)  # amounts by occasion:
    #                                             {"first": {250.0}} from "$250 for a first violation"
    rates: dict[str, frozenset[float]] = field(default_factory=dict)  # amounts per unit: {"hour":
    #                                    {21.0}} from "$0.35 for each minute" and from "$21 an hour"


@lru_cache(maxsize=65536)
def read_substance(text: str) -> Substance:
    """Read the substance of one provision's text (with its lead-in, where it has one)."""
    main, exception = _split_exception(_first_sentence(text))
    cleaned = _main_clause(_QUANTITY_NEGATIONS.sub(" ", _NOT_NEGATING.sub(" ", main)))
    found = [m for m in (_main_negation(cleaned), _prohibitive(cleaned), _NO_SUBJECT.search(cleaned),
                         _NEGATIVE_SUBJECT.search(cleaned), _NONE_EXISTS.search(cleaned))
             if m and not _CHECKED_THAT.search(cleaned, 0, m.start())]  # "confirm that no person is in"
    negation = min(found, key=lambda m: m.start()) if found else None
    if negation and _PRIVATIVE.match(cleaned, negation.end()):
        negation = None  # "may not waive the right", "shall not refuse": a double negative affirms
    if negation and _CAP.match(cleaned, negation.end()):
        negation = None  # "shall not exceed ten", "no host shall rent for more than 90 nights"
    negative = bool(negation) and not _NOTHING_PROHIBITS.search(cleaned)
    before = cleaned[:negation.start()] if negative else ""
    before = before[before.rfind(": ") + 2:]  # a list item's own words, after its lead-in
    leading = negative and not _OBLIGATION.search(before) and not _PERMISSION.search(before) and \
        not re.search(r"[,;]\s(?!but\b)", before) and not _second_predicate(before, negation.group(0))
    obligation = _OBLIGATION.search(cleaned)
    permission = _PERMISSION.search(cleaned)
    if obligation and (not permission or obligation.start() < permission.start()):
        modality, cue = "obligation", obligation.group(0)
    elif permission:
        modality, cue = "permission", permission.group(0)
    else:
        modality, cue = "statement", ""
    negated: frozenset[str] = frozenset()
    if negation:
        cue = negation.group(0)
        negated = _governed(cleaned[negation.end():], negation.group(0))
    multiples = frozenset(value for pattern, value in _MULTIPLES if pattern.search(text))
    return Substance(negative=negative, negated=negated, modality=modality, exception=exception,
                     durations=_durations(text), money=_money(text) - _rate_amounts(text), multiples=multiples,
                     places=frozenset(place for pattern, place in PLACES if pattern.search(text)),
                     cue=cue, percents=_percents(text), counts=_counts(text), only=_only(text),
                     leading=leading, degrees=_temperatures(text), deadlines=_deadlines(text),
                     measures=_measures(text), clock=_times_of_day(text),
                     percent_of=bool(_PERCENT_OF.search(text)), occasions=_occasions(text),
                     first_duration=_first_duration(text), rates=_rates(text))


#: A negation in a second predicate joined to an affirmative first: "certificates are filed in a
#: confidential file and are not placed in the personnel file".
_AUXILIARY = re.compile(r"\b(?:is|are|was|were|has|have)\b", re.I)


def _second_predicate(before: str, negation: str) -> bool:
    """Whether a plain negation ("are not placed") is the second predicate of a subject whose
    first is affirmative; a modal one ("... and shall not be shared") is still a rule."""
    return before.rstrip().lower().endswith(" and") and not _MODAL_WORD.match(negation) and \
        bool(_AUXILIARY.search(before))


_MODAL_WORD = re.compile(r"\b(?:shall|must|may|will|should|can)\b", re.I)
#: Phrases with "not" that negate no rule: "whether or not money is exchanged".
_NOT_NEGATING = re.compile(r"\b(?:whether or not|or not|not only|if not)\b", re.I)
#: A prohibition that only caps a quantity says what a limit says: "shall not increase the rent
#: more than once" is "may increase it no more than once"; "shall not exceed ten persons".
_CAP = re.compile(rf"[^;:.]{{0,160}}?(?:\b(?:{_COMPARATIVES}|greater|higher|louder|faster|larger|heavier|"
                  rf"taller|lower|smaller)(?: [\w'-]+){{0,3}} than\b|"
                  r"\bin excess of\b|\bbeyond (?:the )?(?:\d|time|period|hours?|days?|date|deadline|"
                  r"limit|number|amount)|"
                  rf"\b(?:below|under|above|over) (?:{_CURRENCY}\s?\d|(?:\d[\d,.]*|(?:{_FIGURE_WORDS})[\w -]{{0,30}}?) "
                  r"(?:dollars|pounds|euros|percent|per cent)\b)|"  # "below $250", not "a child under 14"
                  r"\bexceed)", re.I)
#: "may not waive", "shall not refuse": a privative verb after a negation affirms.
_PRIVATIVE = re.compile(rf"\s+(?:be\s+|been\s+)?(?:\w+ly\s+)?{_PRIVATIVE_VERBS}\b", re.I)
#: "There should be no weddings": a prohibition stated as an absence.
_NONE_EXISTS = re.compile(rf"\b(?:be|is|are) no\b(?! (?:{_COMPARATIVES})\b)"
                          r"(?! (?:\w+ )?(?:cap|limit|limitation|restriction|ceiling|maximum|minimum)s?\b)|"  # "no cap": no restriction
                          # "shall carry out no shutoffs", "shall take no action"
                          r"\b(?:shall|must|will|may)(?: [a-z]+){1,2}? no\b(?! (?:\w+er than|more|less|"
                          r"fewer|cost|charge|fee)\b)", re.I)
#: Words that open a subordinate clause: a negation right after one ("any notice that does not
#: name the ground", "if the camera was not on") belongs to that clause, not to the rule.
_SUBORDINATE = re.compile(r"\b(?:that|which|who|whom|whose|if|when|whenever|where|whether|"
                          r"because|unless|until|after|before|once)\b[^,;:.]{0,60}$", re.I)


#: "Only": an affirmation that forbids everything else ("only assessed agents may interpret").
_RESTRICTIVE = re.compile(r"(?<!\bnot )\bonly\b", re.I)
#: Words that make a prohibition conditional: "no tool shall be bought until the Council votes".
_CONDITION = re.compile(r"\b(?:until|before|prior to)\b", re.I)


@lru_cache(maxsize=65536)
def _lemma_set(text: str) -> frozenset[str]:
    return frozenset(nlp.lemmas(text))


@lru_cache(maxsize=65536)
def _first_sentence(text: str) -> str:
    """The first sentence that states something (a modal, a negation), with the sentences that
    introduce it ("Vendors must observe the following. Do not sell ..."): a heading that leads a
    lead-in ("Applications and job postings. No employer shall: ...") states nothing."""
    start, lead = 0, None  # lead: where a sentence introducing this one began
    for match in re.finditer(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z\"\u201c])", text):
        sentence = text[start:match.start()]
        if numbering.LEAD_IN.search(sentence):  # "Vendors must observe the following."
            lead = start if lead is None else lead
        elif sentence.rstrip().endswith("?"):  # a FAQ's question: its answer states the rule
            pass
        elif _STATES.search(sentence):
            return text[start if lead is None else lead:match.start()]
        start = match.end()
    if lead is not None:
        return text[lead:]
    return text[start:] if _STATES.search(text[start:]) else text


_STATES = re.compile(r"\b(?:shall|must|may|will|should|can|cannot|not|no|never|is|are|has|have|"
                     r"does|do)\b|\w(?:s|ed)\b", re.I)


#: Verbs whose "that" clause is the rule itself: "ensure that the worker is not left alone".
_COMPLEMENT = re.compile(r"\b(?:ensure|require|provide|state|certify|confirm|verify|make sure|"
                         r"see to it|direct|order)s?\s+$", re.I)


#: A verb ordering someone to do what follows: "order any contractor to ".
_ORDERED_TO = re.compile(r"\b(?:order|direct|instruct|tell|command|compel)(?:s|ed|ing)?\b[^.;]{0,100}?\bto $", re.I)


def _prohibitive(text: str):
    """The first prohibitive word of the rule itself, not of a relative clause ("an offense that
    is no longer a crime")."""
    for match in _PROHIBITIVE.finditer(text):
        if _ORDERED_TO.search(text, max(0, match.start() - 120), match.start()):
            continue  # "may order the contractor to cease": what is ordered, not the rule
        window = max(0, match.start() - 80)  # an opener reaches no further than this
        opener = _SUBORDINATE.search(text, window, match.start())
        relative = opener and opener.group(0)[:4].lower() in ("that", "whic", "who ", "whom", "whos") and \
            not (opener.group(0)[:4].lower() == "that" and
                 _COMPLEMENT.search(text, max(0, opener.start() - 40), opener.start()))
        if not relative:
            return match
        # "workers who report misuse should be shielded": a modal after the clause's own verb
        # resumes the rule; one right after the opener ("a permit that will no longer") is the clause's
        modal = _MODAL_WORD.search(text, opener.start(), match.start())
        if modal and len(text[opener.start():modal.start()].split()) >= 3:
            return match
    return None


def _main_negation(text: str):
    """The first negated modal or auxiliary of the rule itself. A modal one ("shall not") is
    always the rule's; an auxiliary one ("does not") is skipped inside a subordinate clause."""
    for match in _NEGATED_MODAL.finditer(text):
        modal = re.match(r"(?:shall|must|may|will|should)\b", match.group(0), re.I)  # not "who cannot"
        opener = _SUBORDINATE.search(text[:match.start()])
        complement = opener and opener.group(0)[:4].lower() == "that" and \
            _COMPLEMENT.search(text[:opener.start()])
        if modal or not opener or complement:
            return match
    return None


_SKIP = frozenset("be been being is are was were the a an any to of from in on such its their "
                  "ever also otherwise directly indirectly knowingly either".split())


def _governed(after: str, cue: str) -> frozenset[str]:
    """The predicate a negation governs: the first content words after it (and the cue's own
    verb, for "prohibit", "decline", ...)."""
    found = {nlp.lemma(w) for w in nlp.words(cue) if _PROHIBITIVE.fullmatch(w)}
    for word in nlp.words(after)[:6]:
        if word in _SKIP or word in ("shall", "may", "must", "will", "should", "not", "no"):
            continue
        found.add(nlp.lemma(word))
        break
    return frozenset(found)


def _main_clause(text: str) -> str:
    """Drop a leading subordinate clause ("Because an alert alone does not justify a stop, ...")."""
    match = re.match(r"^\s*(?:because|since|although|though|while|whereas|if|when|where|as)\b[^,;]{0,200},\s*",
                     text, re.I)
    return text[match.end():] if match else text


def _split_exception(text: str) -> tuple[str, str]:
    match = next((m for m in _EXCEPTION.finditer(text) if not _narrows_subject(text, m)
                  and not _CROSS_REFERENCE.match(text, m.start()) and not _PROVISO.match(text, m.start())),
                 None)
    if not match:
        return text, ""
    end = re.search(r"[.;]\s|$", text[match.start():])
    return text[:match.start()], text[match.start():match.start() + end.start()].strip()


#: "..., provided that the officer shall not ask": a proviso stating a rule of its own adds a rule;
#: it does not except anything from the one before it.
_PROVISO = re.compile(r"provided(?:,)? (?:that|however)\b[^;.]{0,120}?\b(?:shall|must|may) not\b", re.I)
#: Where an exception's condition ends and its particulars begin: "without a permit | issued by
#: the Director under this chapter".
_QUALIFIER = re.compile(r",|\b(?:issued|approved|granted|signed|made|given|required|described|set out|"
                        r"under|pursuant to|in accordance with|as provided|as defined)\b", re.I)
#: "Except as otherwise provided in this chapter": a pointer to other rules, not an exception.
_CROSS_REFERENCE = re.compile(r"except as (?:otherwise )?provided (?:in|by|under) (?:this|the|these)\b", re.I)


def _narrows_subject(text: str, match: re.Match) -> bool:
    """"Each call other than a confidential call shall ...": "other than" before the rule's verb
    narrows who or what the rule is about; after it ("shall not bill any amount other than the
    copayment") it is an exception."""
    return match.group(0).lower() == "other than" and not _OBLIGATION.search(text, 0, match.start()) \
        and not _PERMISSION.search(text, 0, match.start())


def compare(a_text: str, b_text: str) -> tuple[Difference, ...]:
    """How the substance of two provisions' texts differs; empty when no rule sees a difference."""
    a, b = read_substance(a_text), read_substance(b_text)
    found = [_polarity_difference(a, b, a_text, b_text), _exception_difference(a, b, a_text, b_text),
             *_number_differences(a, b), *_scope_differences(a, b, a_text, b_text)]
    sign = _currency_sign(a_text + b_text)
    return tuple(d if sign == "$" or d.change != Change.NUMBER else replace(d, detail=d.detail.replace("$", sign))
                 for d in found if d is not None)


def _currency_sign(text: str) -> str:
    """The sign the amounts are written with, for the details: "$" unless only one other is used."""
    signs = set(re.findall(_CURRENCY, text))
    return signs.pop() if len(signs) == 1 else "$"


def _polarity_difference(a: Substance, b: Substance, a_text: str, b_text: str) -> Difference | None:
    """A gap against a rule, a prohibition against an affirmation, or a duty against a permission."""
    gap = [found for found in (_no_rule(a_text), _no_rule(b_text)) if found]
    if len(gap) == 1:
        return Difference(Change.NEGATION, f"one states that no rule governs this: \u201c{gap[0]}\u201d")
    opposite = _antonyms(a_text, b_text)  # "shall not deny" is "shall grant", not its opposite
    if a.negative != b.negative and not opposite and not _defines(a, a_text) and not _defines(b, b_text) \
            and _opposed(a, b, a_text, b_text):
        return Difference(Change.NEGATION, _polarity(a) + " vs " + _polarity(b))
    if a.negative == b.negative and opposite:  # "shall be included" / "shall be excluded"
        return Difference(Change.NEGATION, opposite)
    if {a.modality, b.modality} == {"obligation", "permission"}:
        # "shall debar" / "may debar": a duty against a discretion over the same act
        # ... but "shall not exceed $150" and "may not exceed $150" are the same cap
        caps = all(_NEGATED_CAP.search(_first_sentence(text)) for text in (a_text, b_text))
        # "shall not X" and "may not X" forbid alike; "shall waive" and "may waive" do not
        plain = any(side.negative and not _PROHIBITIVE.fullmatch(side.cue.strip()) for side in (a, b))
        decisive = not plain and not caps and not _RESTRICTIVE.search(a_text + " " + b_text) and \
            _same_verb(a_text, b_text)
        cues = (a.cue, b.cue)
        if a.cue.lower() == b.cue.lower():  # "may waive" / "shall waive": the cue is the verb; name the modals
            modals = [_MODAL_WORD.search(_first_sentence(text)) for text in (a_text, b_text)]
            cues = tuple(m.group(0) if m else side.modality for m, side in zip(modals, (a, b)))
        return Difference(Change.MODALITY, f"{cues[0] or a.modality} vs {cues[1] or b.modality}", decisive)
    return None


#: Words whose meanings are opposite, so that "shall be included in" and "shall be excluded
#: from" state opposite rules in otherwise similar words.
_OPPOSITES = (("include", "exclude"), ("accept", "reject"), ("grant", "deny"), ("approve", "deny"),
              ("approve", "reject"), ("allow", "prohibit"), ("permit", "prohibit"), ("allow", "forbid"),
              ("permit", "forbid"), ("disclose", "withhold"), ("release", "withhold"),
              ("public", "confidential"), ("increase", "decrease"), ("increase", "reduce"),
              ("minimum", "maximum"), ("retain", "destroy"), ("mandatory", "voluntary"),
              ("require", "exempt"), ("admissible", "inadmissible"), ("eligible", "ineligible"))


_OPPOSITE_WORDS = frozenset(word for pair in _OPPOSITES for word in pair)


def _antonyms(a_text: str, b_text: str) -> str:
    """The first pair of opposite words one side's rule uses and the other's does not (not
    counting their exceptions: "shall not replace, except where allowed" prohibits)."""
    a_words, b_words = _rule_words(a_text) & _OPPOSITE_WORDS, _rule_words(b_text) & _OPPOSITE_WORDS
    if not a_words or not b_words:
        return ""
    for left, right in _OPPOSITES:
        for x, y in ((left, right), (right, left)):
            if x in a_words and y in b_words and y not in a_words and x not in b_words and \
                    _object_of(a_text, x) & _object_of(b_text, y):  # about the same thing
                return f"{x} vs {y}"
    return ""


@lru_cache(maxsize=65536)
def _rule_lemmas(text: str) -> tuple[str, ...]:
    """The lemmas of a text's rule, without its exception, in order."""
    return tuple(nlp.lemmas(_split_exception(_first_sentence(text))[0]))


@lru_cache(maxsize=65536)
def _no_rule(text: str) -> str:
    """The words saying that no rule governs something ("there is no written policy"), or ""."""
    match = _NO_RULE.search(text)
    return match.group(0) if match else ""


@lru_cache(maxsize=65536)
def _rule_words(text: str) -> frozenset[str]:
    return frozenset(_rule_lemmas(text))


def _object_of(text: str, word: str) -> set[str]:
    """The content words after ``word`` in a text's rule: what "included in the calculation" and
    "excluded from calculations" are about."""
    lemmas = _rule_lemmas(text)
    at = lemmas.index(word)
    return {w for w in lemmas[at + 1:at + 7] if w not in _STOP and len(w) > 2}


#: A statement of what a term covers: "Retaliation includes increasing rent ...".
_DEFINING = re.compile(r"^\W*(?:\([\w.]+\)\s*)?(?:[\"\u201c][^\"\u201d]{1,40}[\"\u201d]|"
                       r"(?!(?:The|A|An|Each|Every|Any|No|This|That|Such|Its|Their)\b)[A-Z][\w'-]*"
                       r"(?: [a-z][\w'-]*){0,3}) (?:includes?|means|refers to|is defined as)\b")


def _defines(substance: Substance, text: str) -> bool:
    """Whether an affirmative text only says what a term covers, which no prohibition opposes."""
    return not substance.negative and substance.modality == "statement" and \
        bool(_DEFINING.search(_first_sentence(text)))


def _number_differences(a: Substance, b: Substance) -> list[Difference]:
    """Periods, amounts, percentages, times, temperatures, deadlines, counts and multiples that
    do not agree, however each is written ("24 hours" and "daily" agree)."""
    found = []
    if a.durations and b.durations and _periods_conflict(a, b):
        found.append(Difference(Change.NUMBER, f"{_days(a.durations)} vs {_days(b.durations)}"))
    for occasion in sorted(a.occasions.keys() & b.occasions.keys()):
        if not _overlap(a.occasions[occasion], b.occasions[occasion]):  # "$250 for a first violation"
            found.append(Difference(Change.NUMBER, f"{_dollars(a.occasions[occasion])} vs "
                                                   f"{_dollars(b.occasions[occasion])} for a {occasion}"))
            break
    else:
        moved = _moved_amount(a.occasions, b.occasions)
        if moved:  # "$100 for a second offense" / "$100 for a first offense"
            found.append(Difference(Change.NUMBER, moved))
        elif a.money and b.money and (_conflict(a.money, b.money) or not _same_schedule(a.money, b.money)):
            found.append(Difference(Change.NUMBER, f"{_dollars(a.money)} vs {_dollars(b.money)}"))
    for plain, rated in ((a, b), (b, a)):  # "an annual fee of $50" / "$75 a year"
        periodic = frozenset(v for unit, values in rated.rates.items() if unit not in ("hour", "mile")
                             for v in values)
        if plain.money and not plain.rates and periodic and not rated.money and \
                _conflict(plain.money, periodic):
            found.append(Difference(Change.NUMBER, f"{_amounts(a)} vs {_amounts(b)}"))
            break
    for unit in sorted(a.rates.keys() & b.rates.keys()):  # "$0.35 a minute" is "$21 an hour"
        if _conflict(a.rates[unit], b.rates[unit], 0.01):
            found.append(Difference(Change.NUMBER, f"{_dollars(a.rates[unit])} vs {_dollars(b.rates[unit])} "
                                                   f"per {unit}"))
            break
    if a.percents and b.percents and _conflict(a.percents, b.percents):
        found.append(Difference(Change.NUMBER, f"{_percent(a.percents)} vs {_percent(b.percents)}"))
    elif (a.percent_of and (b.money or b.rates) and not b.percents) or \
            (b.percent_of and (a.money or a.rates) and not a.percents):
        found.append(Difference(Change.NUMBER, f"{_percent(a.percents) or _amounts(a)} vs "
                                               f"{_percent(b.percents) or _amounts(b)}"))
    if a.clock and b.clock and not (a.clock <= b.clock or b.clock <= a.clock):  # "7 a.m. to 7 p.m."
        found.append(Difference(Change.NUMBER, f"{_clock(a.clock)} vs {_clock(b.clock)}"))
    if a.degrees and b.degrees and _conflict(a.degrees, b.degrees, 0.02):
        found.append(Difference(Change.NUMBER, f"{_degrees(a.degrees)} vs {_degrees(b.degrees)}"))
    if a.deadlines and b.deadlines and not a.deadlines & b.deadlines:
        found.append(Difference(Change.NUMBER, f"by {', '.join(sorted(a.deadlines))} vs "
                                               f"by {', '.join(sorted(b.deadlines))}"))
    measured: tuple = ()
    for noun in sorted(a.measures.keys() & b.measures.keys()):
        if _conflict(a.measures[noun], b.measures[noun], 0.02):  # "10 vs 15 parts per billion"
            found.append(Difference(Change.NUMBER, f"{_counted_noun(a.measures[noun], noun)} vs "
                                                   f"{_counted_noun(b.measures[noun], noun)}"))
            measured = (a.measures[noun], b.measures[noun])
            break
    # "three (3) or more citations" is a count and a measure: say it once
    if a.counts and b.counts and _conflict(a.counts, b.counts) and measured != (a.counts, b.counts):
        found.append(Difference(Change.NUMBER, f"{_counted(a.counts)} vs {_counted(b.counts)}"))
    if a.multiples and b.multiples and not a.multiples & b.multiples:
        found.append(Difference(Change.NUMBER, f"{_times(a.multiples)} vs {_times(b.multiples)}"))
    return found


#: Whom a report or a request goes to: "shall report to the Mayor", "submit it to the Council".
_RECIPIENT = re.compile(
    r"\b(?:report|submit|send|deliver|present|transmit|forward)(?:s|ed|ted)?\b[^.;:]{0,80}?\bto (?:the |each )?"
    r"((?:(?:City|Town|County|Village) )?(?:Mayor|Council|Board of Supervisors|Board of Health|Commission|"
    r"Chief of Police|Chief|City Manager|Town Manager|County Manager|Manager|County Executive|Legislature|"
    r"General Assembly|Governor|City Clerk|Clerk|Auditor|Inspector General))"
    r"(?:,? and (?:to )?(?:the )?((?:(?:City|Town|County) )?(?:Mayor|Council|Chief|Manager|Clerk)))?\b")


#: A report made to everyone: published or posted online, or made public.
_TO_PUBLIC = re.compile(r"\b(?:publish|post)(?:es|s|ed|ing)?\b[^.;:]{0,60}?\b(?:website|web site|online|"
                        r"internet|portal|(?:web |records |data )?page)\b|\bpublicly available\b|\bavailable to the public\b|"
                        r"\bmake (?:\w+ ){0,3}public\b", re.I)


@lru_cache(maxsize=65536)
def _recipients(text: str) -> frozenset[str]:
    found = {"public"} if _TO_PUBLIC.search(text) else set()
    for match in _RECIPIENT.finditer(text):
        for name in match.groups():
            if name:
                name = re.sub(r"^(?:City|Town|County|Village) (?=\w)", "", name)
                found.add(re.sub(r" of Police$", "", name))  # "the Chief of Police" is "the Chief"
    return frozenset(found)


#: Languages a notice or service may be offered in: two rules offering different ones differ.
_LANGUAGE = re.compile(
    r"(?<!\bplain )\b(English|Spanish|Vietnamese|Chinese|Mandarin|Cantonese|Tagalog|Filipino|Korean|Arabic|"
    r"Russian|Ukrainian|French|Haitian Creole|Creole|Portuguese|Somali|Amharic|Hmong|Punjabi|Hindi|Urdu|"
    r"Bengali|Japanese|Polish|Italian|German|Farsi|Persian|Dari|Pashto|Khmer|Lao|Burmese|Nepali|Tigrinya|"
    r"Swahili|Oromo|Karen|Marshallese|Samoan|Tongan|Navajo|Yiddish|Greek|Armenian|Welsh|Gaelic|Maori|"
    r"Te Reo|Inuktitut|ASL|American Sign Language|Braille)\b")


#: "and any other language spoken by ...": a list left open.
_MORE_LANGUAGES = re.compile(r"\bother languages?\b|\bany language\b|\blanguages? (?:\w+ ){0,3}spoken\b", re.I)


@lru_cache(maxsize=65536)
def _languages(text: str) -> tuple[frozenset[str], bool]:
    """The languages a sentence names besides English (the one translated from), and whether it
    leaves the list open."""
    sentence = _first_sentence(text)
    return frozenset(_LANGUAGE.findall(sentence)) - {"English"}, bool(_MORE_LANGUAGES.search(sentence))


def _other_languages(a_text: str, b_text: str) -> str:
    """A language one side offers and the other does not, where the other's list is closed."""
    (in_a, open_a), (in_b, open_b) = _languages(a_text), _languages(b_text)
    if not in_a or not in_b:
        return ""
    if in_a - in_b and not open_b or in_b - in_a and not open_a:
        return f"in {', '.join(sorted(in_a))} vs {', '.join(sorted(in_b))}"
    return ""


def _scope_differences(a: Substance, b: Substance, a_text: str, b_text: str) -> list[Difference]:
    """A limit one side names that the other does not ("in English only"), other places, or
    another recipient ("report to the Mayor" / "report to the Council")."""
    found = []
    to_a, to_b = _recipients(a_text), _recipients(b_text)
    if to_a and to_b and not to_a & to_b:
        found.append(Difference(Change.SCOPE, f"to the {' and '.join(sorted(to_a))} vs "
                                              f"to the {' and '.join(sorted(to_b))}"))
    for side, other in ((a, b_text), (b, a_text)):
        limited = _absent(side.only, other)
        if limited:
            found.append(Difference(Change.SCOPE, f"only {limited}"))
            break
    languages = _other_languages(a_text, b_text)
    if languages:
        found.append(Difference(Change.SCOPE, languages))
    if a.places and b.places and not a.places & b.places:
        found.append(Difference(Change.SCOPE, f"{', '.join(sorted(a.places))} vs "
                                              f"{', '.join(sorted(b.places))}"))
    return found


#: "shall not exceed", "may not be more than": a cap, whichever modal states it.
_NEGATED_CAP = re.compile(rf"\b(?:shall|must|may|will|can)\s+not\s+(?:exceed|be (?:{_COMPARATIVES}|greater))\b", re.I)


def _same_verb(a_text: str, b_text: str) -> bool:
    """Whether the verbs the modals govern are the same ("shall debar" / "may debar")."""
    verbs = []
    for text in (a_text, b_text):
        match = re.search(r"\b(?:shall|must|may|will|should|can)\s+(?:not\s+|also\s+|only\s+)?(?:be\s+)?([a-z]+)",
                          _first_sentence(text), re.I)
        verbs.append(nlp.lemma(match.group(1).lower()) if match else None)
    return verbs[0] is not None and verbs[0] == verbs[1]


def _opposed(a: Substance, b: Substance, a_text: str, b_text: str) -> bool:
    """Whether a prohibition and an affirmation (one side negative, the other not) state
    opposite rules. Plain ones always do ("shall accept anonymous complaints" / "does not open
    a case on an anonymous complaint"). A conditional prohibition ("no one shall interpret
    unless assessed", "no tool shall be bought until the Council votes") may say what a
    conditional affirmation says ("only assessed agents may interpret"), so there the two must
    negate and affirm the same predicate."""
    negative, other = (a, b_text) if a.negative else (b, a_text)
    negative_text = a_text if a.negative else b_text
    if _RESTRICTIVE.search(_first_sentence(other)):
        return False  # "only assessed agents may interpret": a prohibition in other words
    if not negative.leading:
        return bool(negative.negated & _lemma_set(other))  # "shall park on the premises,
        #                               and shall not allow more vehicles ..." affirms first
    positive = b if a.negative else a
    if (negative.exception or _CONDITION.search(_first_sentence(negative_text))) and \
            (positive.exception or _CONDITION.search(_first_sentence(other))):
        return False  # "no one shall remove a tree without a permit" / "get a permit before
        #               removing a tree": a condition stated from either end
    if _WITHOUT_LEAVE.match(negative.exception) and positive.modality == "obligation" and \
            _LEAVE.search(_first_sentence(other)):
        return False  # "no one shall sell tobacco without a license" / "a store that sells
        #               tobacco must hold a license": the leave required, from either end
    if a.exception or b.exception or _CONDITION.search(_first_sentence(negative_text)):
        return bool(negative.negated & _lemma_set(other))
    return True


#: An exception that names the leave an act needs: "without (first obtaining) a license".
_WITHOUT_LEAVE = re.compile(r"without (?:first )?(?:(?:obtaining|having|holding|getting|securing|receiving) )?"
                            r"(?:an? |the )?(?:[\w-]+ ){0,3}(?:licen[cs]e|permit|registration|certificate|"
                            r"approval|authori[sz]ation|consent)\b", re.I)
_LEAVE = re.compile(r"\b(?:licen[cs]e|permit|registration|register|certificate|approval|authori[sz]ation|"
                    r"consent)\b", re.I)


def shared_quantities(a_text: str, b_text: str) -> tuple[str, ...]:
    """Periods and amounts both texts name, however written ("24 hours" and "daily")."""
    a, b = read_substance(a_text), read_substance(b_text)
    shared = [_period(x) for x in sorted(a.durations)
              if any(_overlap(frozenset({x}), frozenset({y})) for y in b.durations)]
    shared += [f"${x:,.0f}" for x in sorted(a.money & b.money)]
    return tuple(shared)


def _polarity(substance: Substance) -> str:
    return f"\"{substance.cue}\"" if substance.negative and substance.cue else (
        "prohibits" if substance.negative else "does not prohibit")


#: An exception that only defers to the law ("unless required by law", "except as otherwise
#: provided by state law"): boilerplate every rule carries, written down or not.
_AS_THE_LAW_REQUIRES = re.compile(
    r"^\W*(?:unless|except|other than|save)\b(?: as)?(?: otherwise)? (?:(?:it is|so|where|when) )?"
    r"(?:required|permitted|authorized|provided|allowed|mandated) (?:by|under) (?:\w+ ){0,2}?(?:law|statute)s?\b"
    r"(?! enforcement| firm| clerk| office| department)"
    r"|^\W*(?:unless|except)\b(?: where| when)? (?:a|the|another|other|state|federal) (?:\w+ )?laws? (?:requires?|"
    r"permits?|provides?)\b|^\W*(?:except )?to the extent (?:required|permitted) by (?:\w+ ){0,2}?law\b", re.I)


def _exception_difference(a: Substance, b: Substance, a_text: str, b_text: str) -> Difference | None:
    if _AS_THE_LAW_REQUIRES.match(a.exception):
        a = replace(a, exception="")
    if _AS_THE_LAW_REQUIRES.match(b.exception):
        b = replace(b, exception="")
    if a.exception and b.exception:
        left, right = _key_terms(a.exception), _key_terms(b.exception)
        if left and right and not left & right:  # "except to repair a leak" / "unless the owner refuses"
            return Difference(Change.EXCEPTION, f"other exception: \u201c{a.exception[:60]}\u201d vs "
                                                f"\u201c{b.exception[:60]}\u201d")
        return None
    if not a.exception and not b.exception:
        return None
    clause, other = (a.exception, b_text) if a.exception else (b.exception, a_text)
    own = a_text if a.exception else b_text
    main = set(nlp.lemmas(own[: own.find(clause)] if clause in own else own))
    key = _key_terms(clause) - main
    if (a if a.exception else b).negative and _RESTRICTIVE.search(_first_sentence(other)) and \
            _akin(key, _lemma_set(other)):
        return None  # "must not be euthanased except by a vet" / "only the vet euthanases" (not
        #              "except in cash" / "only by check")
    if _key_terms(clause) and not key:
        return None  # "no machine translation shall be published unless it has been so checked"
    key = key or _key_terms(clause)
    others = _lemma_set(other)
    head = _key_terms(_QUALIFIER.split(clause)[0]) - main  # "without a permit", not "issued by ..."
    if key and (len(key & others) * 3 >= len(key) or head and len(head & others) * 2 >= len(head)):
        return None  # the other text states the same condition in other words
    side = "removed" if a.exception else "added"
    return Difference(Change.EXCEPTION, f"exception {side}: \u201c{clause[:80]}\u201d")


def _akin(terms: set[str], words: frozenset[str]) -> bool:
    """Whether some term and some word share a stem: "veterinary" / "vet" / "veterinarian"."""
    return any(len(x) >= 3 and len(y) >= 3 and (x.startswith(y) or y.startswith(x) or x[:6] == y[:6])
               for x in terms for y in words)


_STOP = frozenset("a an the of to in on for by with or and any is are be that this it its as "
                  "at from such which who whom whose unless except other than provided only if "
                  "when upon after without first but however have do so".split())


def _key_terms(clause: str) -> set[str]:
    return {w for w in nlp.lemmas(clause) if w not in _STOP and not w.isdigit() and len(w) > 2}


def _durations(text: str) -> frozenset[float]:
    return frozenset(value for _, value in _timed_durations(text))


def _first_duration(text: str) -> float:
    """The period named first: the rule's own, where later ones qualify it ("within 24 hours
    ..., which the supervisor shall review within 7 days")."""
    found = _timed_durations(text)
    return min(found)[1] if found else 0.0


@lru_cache(maxsize=65536)
def _timed_durations(text: str) -> tuple[tuple[int, float], ...]:
    """(where, days) of each period a text names."""
    text = _EVERY_DAY.sub("daily", text)
    for pattern, word in _FREQUENCIES:
        text = pattern.sub(word, text)
    found = []
    for match in _DURATION.finditer(text):
        number = _parse_number(match.group(1))
        if number is not None:
            found.append((match.start(), round(number * _UNIT_DAYS[match.group(2).lower()], 6)))
    for match in _PERIODIC.finditer(text):
        if match.group(0)[0].isupper() and not match.group(0).isupper() and \
                re.match(r" [A-Z][a-z]", text[match.end():match.end() + 3]):
            continue  # a name: "the Daily Crew Sheet", "Weekly Bulletin"
        word = next(g for g in match.groups() if g)
        found.append((match.start(), float(_PERIOD_DAYS[word.lower()])))
    return tuple(found)


_PERCENT = re.compile(rf"\b({_NUMBER})\s*(?:\(\s*\d[\d.]*\s*%?\s*\)\s*)?(?:percent|per cent|%)", re.I)
_COUNT = re.compile(rf"\b(?:at least|more than|fewer than|less than|up to|at most|no more than)\s+({_NUMBER})"
                    rf"(?:\s*\(\s*\d+\s*\))?(?!\s*(?:\(|percent|%|\w*[- ]?(?:business day|minute|hour|day|"
                    rf"week|month|year)))|\b({_NUMBER})(?:\s*\(\s*\d+\s*\))?\s+or (?:more|fewer)\b", re.I)
#: "in English only", "Spanish and Vietnamese only", "only in Spanish": what the rule is limited to.
_ONLY = re.compile(r"\b((?:[A-Z][\w-]+,? (?:and |or )?){0,3}[A-Z][\w-]+) only\b|"
                   r"\bonly (?:in|into) ((?:[A-Z][\w-]+,? (?:and |or )?){0,3}[A-Z][\w-]+)")


_PERCENT_OF = re.compile(_PERCENT.pattern + r"(?:\s*\(\s*\d[\d.]*\s*%\s*\))?\s+of\b", re.I)


def _percents(text: str) -> frozenset[float]:
    values = {_parse_number(m.group(1)) for m in _PERCENT.finditer(text)}
    values |= {_FRACTIONS[m.group(1).lower().replace("-", " ")] for m in _FRACTION.finditer(text)}
    return frozenset(v for v in values if v is not None)


#: A fraction of an amount is a percentage of it: "half of a normal shift" is 50 percent.
_FRACTIONS = {"half": 50.0, "one half": 50.0, "a third": 33.3, "one third": 33.3, "two thirds": 66.7,
              "a quarter": 25.0, "one quarter": 25.0, "one fourth": 25.0, "three quarters": 75.0}
_FRACTION = re.compile(r"\b(one[- ]half|half|a third|one[- ]third|two[- ]thirds|a quarter|one[- ]quarter|"
                       r"one[- ]fourth|three[- ]quarters)\s+of\b(?!\s+(?:the\s+|a\s+|one\s+|\d[\d.]*\s+)?"
                       r"(?:fiscal\s+|calendar\s+|school\s+)?(?:percent|per cent|year|month|week|day|hour|term|"
                       r"season|session|decade|century)s?\b)", re.I)


def _counts(text: str) -> frozenset[float]:
    values = set()
    for match in _COUNT.finditer(text):
        group = 1 if match.group(1) else 2
        end = match.start(group) + len(match.group(group).rstrip())
        if text[end:end + 1] in ("-", ".") or text[end:end + 1].isdigit():
            continue  # "twenty" of "twenty-five (25) percent": not a number of its own
        if match.group(group).strip().lower() in ("a", "an"):
            continue  # "at least a yard": an article, not a count
        value = _parse_number(match.group(group))
        if value is not None:
            values.add(value)
    return frozenset(values)


def _only(text: str) -> frozenset[str]:
    limits = set()
    for match in _ONLY.finditer(text):
        limit = match.group(1) or match.group(2)
        if match.group(1) and " " not in limit and re.search(r"(?:^|[.!?]\s)\W*$", text[:match.start()]):
            continue  # "Shutoffs only happen ...": the capital only starts the sentence
        limits.add(limit)
    return frozenset(limits)


def _absent(limits: frozenset[str], other: str) -> str:
    """The first limit naming words the other text does not name at all, or leaving out names
    the other lists beside them ("in English and Spanish only" / "in English, Spanish, and
    Vietnamese")."""
    if not limits:
        return ""
    others = _lemma_set(other)
    for limit in sorted(limits):
        words = {w for w in nlp.lemmas(limit) if w not in ("and", "or")}
        if words and not words & others:
            return limit
        names = set(re.findall(r"[A-Z][\w-]+", limit))
        for listed in _NAME_LIST.finditer(_first_sentence(other)):
            listed_names = set(re.findall(r"[A-Z][\w-]+", listed.group(0)))
            if names <= listed_names and listed_names - names:
                return limit
    return ""


#: A list of names: "English, Spanish, Vietnamese, and Tagalog".
_NAME_LIST = re.compile(r"\b[A-Z][\w-]+(?:(?:,|,? and|,? or) [A-Z][\w-]+)+")


def _percent(values: frozenset[float]) -> str:
    return ", ".join(f"{v:g} percent" for v in sorted(values))


def _counted(values: frozenset[float]) -> str:
    return ", ".join(f"{v:g} or more" for v in sorted(values))


def _money(text: str) -> frozenset[float]:
    figures = {float(m.group(1).replace(",", "")) * _MONEY_SCALES.get((m.group(2) or m.group(3) or "").lower(), 1)
               for m in _MONEY.finditer(text)}  # "$2 million" is "$2,000,000"
    spoken = re.sub(r"\b(hundred|thousand) and\b", r"\1", text, flags=re.I)  # "one hundred and fifty"
    words = {_parse_number(m.group(1)) for m in _MONEY_WORDS.finditer(spoken)}
    return frozenset(figures | {value for value in words if value})


#: An amount tied to the occasion it is for: "$250 for a first violation", "second offense: $500".
_OCCASION = r"(first|second|third|fourth|fifth|subsequent|later|each additional)"
_AMOUNT_FOR = re.compile(rf"{_CURRENCY}\s?(\d[\d,]*(?:\.\d+)?)[^$\u00a3\u20ac;]{{0,30}}?\bfor (?:a |an |the |each |any |every )?"
                         rf"{_OCCASION}\b", re.I)
_OCCASION_COSTS = re.compile(rf"\b{_OCCASION} (?:violation|offen[cs]e|citation)s?\b\s*(?:[:,\u2013\u2014-]\s*|is |costs )"
                             rf"(?:(?:{_FIGURE_WORDS}|and|[\s-])+dollars?\s*\(\s*)?"  # "one hundred dollars ($100)"
                             rf"{_CURRENCY}\s?(\d[\d,]*(?:\.\d+)?)(?!\d|[,.]\d|\s+for\b)", re.I)


def _occasions(text: str) -> dict[str, frozenset[float]]:
    text = re.sub(r"\b(?:second|third) or (?:each )?(subsequent|later)\b", r"\1", text, flags=re.I)
    found: dict[str, set[float]] = {}
    for match in _AMOUNT_FOR.finditer(text):
        found.setdefault(_occasion(match.group(2)), set()).add(float(match.group(1).replace(",", "")))
    for match in _OCCASION_COSTS.finditer(text):
        found.setdefault(_occasion(match.group(1)), set()).add(float(match.group(2).replace(",", "")))
    return {occasion: frozenset(amounts) for occasion, amounts in found.items()}


#: An amount per unit: "$0.35 for each minute of engaged time", "$21 an hour", "$0.85 per mile".
_RATE = re.compile(rf"{_CURRENCY}\s?(\d[\d,]*(?:\.\d+)?)\s*(?:per|for each|for every|each|an|a|/)\s*"
                   r"(?:[a-z-]+ )?(minute|hour|mile|kilometer|km|day|night|week|month|year)s?\b", re.I)
_PER_HOUR = {"minute": 60.0, "hour": 1.0}
_PER_MILE = {"mile": 1.0, "kilometer": 1.609344, "km": 1.609344}


def _rates(text: str) -> dict[str, frozenset[float]]:
    found: dict[str, set[float]] = {}
    for match in _RATE.finditer(text):
        amount, unit = float(match.group(1).replace(",", "")), match.group(2).lower()
        if unit in _PER_HOUR:
            kind, value = "hour", amount * _PER_HOUR[unit]
        elif unit in _PER_MILE:
            kind, value = "mile", amount * _PER_MILE[unit]
        else:
            kind, value = ("night" if unit == "night" else unit), amount
        found.setdefault(kind, set()).add(round(value, 4))
    return {kind: frozenset(values) for kind, values in found.items()}


def _rate_amounts(text: str) -> frozenset[float]:
    return frozenset(float(m.group(1).replace(",", "")) for m in _RATE.finditer(text))


def _moved_amount(a: dict[str, frozenset[float]], b: dict[str, frozenset[float]]) -> str:
    """An amount each side sets for a different occasion, or "" when there is none."""
    for amount in sorted(set().union(*a.values(), *b.values())):
        on_a = sorted(occasion for occasion, amounts in a.items() if amount in amounts)
        on_b = sorted(occasion for occasion, amounts in b.items() if amount in amounts)
        if on_a and on_b and not set(on_a) & set(on_b):
            dollars = _dollars(frozenset({amount}))
            return f"{dollars} for a {' and '.join(on_a)} vs {dollars} for a {' and '.join(on_b)}"
    return ""


def _occasion(word: str) -> str:
    word = word.lower()
    return "later violation" if word in ("subsequent", "later", "each additional") else f"{word} violation"


def _parse_number(phrase: str) -> float | None:
    phrase = phrase.strip().lower()
    if phrase[:1].isdigit():
        return float(phrase.replace(",", ""))
    total, current = 0, 0
    words = [w for w in re.split(r"[\s-]+", phrase) if w]
    if len(words) > 1 and words[0] in ("a", "an", "single"):
        words = words[1:]  # "a seven-year rotation" is seven years, not eight
    for word in words:
        if word in _NUMBER_WORDS:
            current += _NUMBER_WORDS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        elif word:
            return None
    value = total + current
    return float(value) if value else None


def _periods_conflict(a: Substance, b: Substance) -> bool:
    """Periods conflict when each side names one the other does not. When the first-named periods
    agree ("within 24 hours"), a later one that only one side names is a further rule of its own
    ("... reviewed within 7 days" / "... kept for 5 years"); two sides that both name later ones
    must still agree on them ("within 7 days" / "within 30 days")."""
    if not _conflict(a.durations, b.durations):
        return False
    if not _overlap(frozenset({a.first_duration}), frozenset({b.first_duration})):
        return True
    rest_a = frozenset(x for x in a.durations if not _overlap(frozenset({x}), frozenset({a.first_duration})))
    rest_b = frozenset(x for x in b.durations if not _overlap(frozenset({x}), frozenset({b.first_duration})))
    return bool(rest_a) and bool(rest_b) and _conflict(rest_a, rest_b) and len(rest_a) == len(rest_b)


def _conflict(left: frozenset[float], right: frozenset[float], tolerance: float = 0.1) -> bool:
    """Whether each side names a value the other does not: "56 hours in a calendar year" and
    "48 hours in a calendar year" conflict, though both name a year; "within 24 hours" and
    "within 24 hours, every year" do not (one only adds a period)."""
    def unmatched(these, those):
        return any(not _overlap(frozenset({x}), those, tolerance) for x in these)
    return unmatched(left, right) and unmatched(right, left)


def _overlap(left: frozenset[float], right: frozenset[float], tolerance: float = 0.1) -> bool:
    return any(abs(x - y) <= tolerance * max(x, y) for x in left for y in right)


def _same_schedule(left: frozenset[float], right: frozenset[float]) -> bool:
    """Two schedules of amounts ("$500, $1,000, $2,500" vs "$100, $250, $500") are the same only
    if they list the same amounts; a single amount need only appear in the other."""
    if len(left) < 2 or len(right) < 2:
        return True
    return len(left) == len(right) and all(_overlap(frozenset({x}), frozenset({y}))
                                           for x, y in zip(sorted(left), sorted(right)))


_DEADLINE = re.compile(r"\b(?:by|before|no later than|not later than|on or before|until)\s+"
                       r"(?:(?:January|February|March|April|May|June|July|August|September|October|"
                       r"November|December)\s+\d{1,2},?\s+)?((?:19|20)\d\d)\b")
_COUNTED = re.compile(rf"(?<![\w.\-\u00a7])(\d[\d,]{{0,15}}(?:\.\d+)?|(?:(?:{_FIGURE_WORDS})\b[\s-]*){{1,6}})"
                      r"\s*(?:\(\s*\d[\d,]{0,15}\s*\)\s*)?(?:or more |or fewer |"
                      r"additional |full-time |part-time )?([a-z][a-z-]{2,})", re.I)
_NOT_COUNTED = frozenset("minute hour day night week month year business calendar percent per cent "
                         "times time or and of to the degree degrees dollars cents a an in on at by "
                         "for consecutive".split())
_CITING = re.compile(r"(?:\b(?:section|sec|chapter|rule|article|title|part|no|number|ordinance|"
                     r"subsection|paragraph|order|code)\.?|\u00a7+)\s*$", re.I)


def _times_of_day(text: str) -> frozenset[float]:
    values = set()
    for match in _CLOCK.finditer(text):
        if match.group(4):
            values.add(720.0 if match.group(4).lower() == "noon" else 0.0)
            continue
        hour, minute = int(match.group(1)) % 12, int(match.group(2) or 0)
        values.add(float((hour + (12 if match.group(3).lower() == "p" else 0)) * 60 + minute))
    return frozenset(values)


def _clock(values: frozenset[float]) -> str:
    return ", ".join(f"{int(v) // 60:02d}:{int(v) % 60:02d}" for v in sorted(values))


def _deadlines(text: str) -> frozenset[str]:
    return frozenset(m.group(1) for m in _DEADLINE.finditer(text))


def _measures(text: str) -> dict:
    found: dict[str, set[float]] = {}
    for match in _COUNTED.finditer(text):
        noun = nlp.lemma(match.group(2).lower())
        if noun in _NOT_COUNTED or match.group(2).lower() in _NOT_COUNTED or \
                _CITING.search(text[:match.start()]):
            continue
        if noun == "mile" and _PER_HOUR_AFTER.match(text, match.end()):
            noun = "mph"  # "8 miles per hour" is "8 mph"
        value = _parse_number(match.group(1))
        if value is not None:
            found.setdefault(noun, set()).add(value)
    return {noun: frozenset(values) for noun, values in found.items()}


_PER_HOUR_AFTER = re.compile(r"\s*(?:per|an|a|each|/)\s*hour\b", re.I)


def _counted_noun(values: frozenset[float], noun: str) -> str:
    return ", ".join(f"{v:g}" for v in sorted(values)) + " " + (noun if values == {1.0} else _plural(noun))


def _plural(noun: str) -> str:
    if noun in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es" if not noun.endswith("s") else noun
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"


_IRREGULAR_PLURALS = {"child": "children", "person": "persons", "foot": "feet", "man": "men", "woman": "women",
                      "mph": "mph"}


_TEMPERATURE = re.compile(rf"\b({_NUMBER})\s*(?:°\s*F?\b|degrees?\b(?: Fahrenheit\b)?)", re.I)


def _temperatures(text: str) -> frozenset[float]:
    values = (_parse_number(m.group(1)) for m in _TEMPERATURE.finditer(text))
    return frozenset(v for v in values if v is not None)


def _degrees(values: frozenset[float]) -> str:
    return ", ".join(f"{v:g}\u00b0" for v in sorted(values))


def _days(values: frozenset[float]) -> str:
    return ", ".join(_period(v) for v in sorted(values))


def _period(days: float) -> str:
    """A period in the largest unit that writes it whole: "10 minutes", "56 hours", "2 days",
    "1 year"."""
    if days >= 365 and round(days / 365, 2) == round(days / 365):
        years = round(days / 365)
        return f"{years} year" + ("s" if years != 1 else "")
    if days < 1 / 24 - 0.001:
        minutes = round(days * 1440)
        return f"{minutes} minute" + ("s" if minutes != 1 else "")
    if days < 1 or abs(days * 24 - round(days * 24)) < 0.05 and abs(days - round(days)) > 0.01:
        hours = round(days * 24, 1)
        return f"{hours:g} hour" + ("s" if hours != 1 else "")
    return f"{days:g} day" + ("s" if days != 1 else "")


def _times(values: frozenset[float]) -> str:
    return ", ".join(f"{v:g} times" for v in sorted(values))


def _amounts(side: Substance) -> str:
    """Its amounts, and its amounts per unit: "$100 per month"."""
    return ", ".join([_dollars(side.money)] * bool(side.money) +
                     [f"{_dollars(values)} per {unit}" for unit, values in sorted(side.rates.items())])


def _dollars(values: frozenset[float]) -> str:
    return ", ".join(f"${v:,.0f}" if v == int(v) else f"${v:,.2f}" for v in sorted(values))
