"""What a paragraph does: its performative verbs ("we commit", "we recognize") and whom it addresses.

Pure text work on a paragraph's clean text. ``VERBS`` and ``ACTORS`` are the tables the RDF
writer labels ``speech-act/<verb>`` and ``actor/<slug>`` from.

>>> [(a.verb, a.committing, a.addressee) for a in speech_acts(
...     "We welcome the report and request the Secretary-General to act. We will report.")]
[('welcome', False, None), ('request', True, 'secretary-general'), ('will', True, None)]
>>> [a.verb for a in speech_acts("Progress has been made.")]
['observe']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import SpeechAct


@dataclass(frozen=True)
class Verb:
    """A performative verb: whether it commits (someone to act) and how it reads as a label."""

    slug: str
    committing: bool
    label: str


VERBS: dict[str, Verb] = {
    verb.slug: verb
    for verb in (
        Verb("commit", True, "commit"),
        Verb("recommit", True, "recommit"),
        Verb("will", True, "will"),  # "We will accelerate": the declaration's future-tense commitment
        Verb("pledge", True, "pledge"),
        Verb("resolve", True, "resolve"),
        Verb("decide", True, "decide"),
        Verb("request", True, "request"),
        Verb("invite", True, "invite"),
        Verb("encourage", True, "encourage"),
        Verb("call-on", True, "call on"),
        Verb("urge", True, "urge"),
        Verb("adopt", False, "adopt"),
        Verb("reaffirm", False, "reaffirm"),
        Verb("affirm", False, "affirm"),
        Verb("recognize", False, "recognize"),
        Verb("acknowledge", False, "acknowledge"),
        Verb("welcome", False, "welcome"),
        Verb("commend", False, "commend"),
        Verb("declare", False, "declare"),
        Verb("recall", False, "recall"),
        Verb("note", False, "note"),
        Verb("stress", False, "stress"),
        Verb("underline", False, "underline"),
        Verb("emphasize", False, "emphasize"),
        Verb("concerned", False, "express concern"),
        Verb("observe", False, "observe"),  # what a paragraph with no performative clause does
    )
}

# Whom a paragraph asks to act; checked in order, so the longer names come first.
ACTORS: dict[str, str] = {
    "secretary-general": "Secretary-General of the United Nations",
    "network-coordinator": "Coordinator of the United Nations Network on Migration",
    "network": "United Nations Network on Migration",
    "president-of-the-general-assembly": "President of the General Assembly",
    "member-states-and-stakeholders": "Member States and stakeholders",
    "member-states": "Member States",
    "stakeholders": "Stakeholders",
    "regional-processes": "Subregional, regional and cross-regional processes, platforms and organizations",
    "ecosoc-subsidiary-bodies": "Subsidiary bodies of the Economic and Social Council",
    "general-assembly": "General Assembly",
}
_ACTOR_PATTERNS = {
    "secretary-general": r"Secretary-General",
    "network-coordinator": r"Coordinator of the (?:United Nations )?Network(?: on Migration)?",
    "network": r"(?:United Nations )?Network(?: on Migration)?",
    "president-of-the-general-assembly": r"President of the General Assembly",
    "member-states-and-stakeholders": r"Member States and (?:other )?(?:relevant )?stakeholders",
    "member-states": r"Member States",
    "stakeholders": r"(?:other )?stakeholders",
    "regional-processes":
        r"(?:(?:sub-?|cross-|inter-)?regional,?\s+(?:and\s+)?)+(?:processes|platforms|organizations)",
    "ecosoc-subsidiary-bodies": r"subsidiary bodies of the Economic and Social Council",
    "general-assembly": r"General Assembly",
}
_ADDRESSING = {"request", "invite", "encourage", "call-on", "urge"}


def verb_label(verb: str) -> str:
    """The label of a verb slug: ``verb_label("call-on")`` is ``'call on'``."""
    return VERBS[verb].label


def actor_label(actor: str) -> str:
    """The label of an actor slug: ``actor_label("network")`` names the Network in full."""
    return ACTORS[actor]


def _forms(verb: str) -> dict[str, str]:
    """The verb as it follows "we", opens a resolution's paragraph ("Requests"), or a clause ("Noting")."""
    special = {
        "will": {"we": r"will"},
        "observe": {"we": r"observe"},
        "call-on": {
            "we": r"call (?:on|upon)", "third": r"[Cc]alls (?:on|upon)", "ing": r"[Cc]alling (?:on|upon)",
        },
        "adopt": {"we": r"(?:have )?adopted|adopt", "third": r"[Aa]dopts", "ing": r"[Aa]dopting"},
        "concerned": {
            "we": r"(?:are|remain)(?:\s+(?:also|deeply|gravely|seriously|still|further))*\s+concerned",
            "ing": r"(?:(?:[Dd]eeply|[Gg]ravely|[Ss]eriously|[Aa]lso)\s+)?[Cc]oncerned",
        },
    }
    if verb in special:
        return special[verb]
    stem = verb[:-1] if verb.endswith("e") else verb + ("t" if verb.endswith("mit") else "")
    third = verb + ("es" if verb.endswith(("s", "sh", "ch")) else "s")
    capital = f"[{verb[0].upper()}{verb[0]}]{{}}"
    return {"we": verb, "third": capital.format(third[1:]), "ing": capital.format(stem[1:] + "ing")}


def _alternation(person: str) -> re.Pattern[str]:
    groups = [f"(?P<{slug.replace('-', '_')}>{forms[person]})"
              for slug in VERBS if person in (forms := _forms(slug))]
    return re.compile(r"\b(?:" + "|".join(groups) + r")\b")


_FORMS = {person: _alternation(person) for person in ("we", "third", "ing")}
_MODIFIERS = (
    r"(?:(?:also|further|therefore|hereby|again|once again|strongly|fully|firmly|collectively|jointly)\s+)*"
)
_WE = re.compile(r"\b[Ww]e\b")
_AFTER_WE = re.compile(r"\s*" + _MODIFIERS)
_APPOSITION = re.compile(r",\s+" + _MODIFIERS)  # "We, the Heads of State ..., have adopted"
_OPENER = re.compile(r"(?:(?:Also|Further|Moreover)\s+)?")
# what joins a second verb to the first: ", and", "and,", ",", "and", with "in this regard," between
_JOIN = re.compile(r"(?:,\s*and\b,?|\band\b,?|,)\s*(?:(?:in this regard|in this context|also|further),?\s+)*")
_SENTENCE = re.compile(r"[^.!?]*(?:[.!?]+[\"”’)]*|$)")


def speech_acts(text: str) -> tuple[SpeechAct, ...]:
    """The speech acts of a paragraph in text order; ``observe`` if it has no performative clause.

    >>> [(a.verb, a.addressee) for a in speech_acts("Concerned that costs rise, we call on the Network to act.")]
    [('concerned', None), ('call-on', 'network')]
    """
    found: dict[int, SpeechAct] = {}
    for sentence in _SENTENCE.finditer(text):
        start, end = sentence.span()
        for person, (offset, verb, verb_end) in _clause_heads(text, start, end):
            found.setdefault(offset, _act(text, verb, offset, verb_end))
            for offset, verb, verb_end in _coordinated(text, person, verb_end, end):
                found.setdefault(offset, _act(text, verb, offset, verb_end))
    return tuple(found[offset] for offset in sorted(found)) or (SpeechAct("observe", False, None, 0),)


def _verb_at(person: str, text: str, position: int, end: int) -> tuple[int, str, int] | None:
    """The verb standing exactly at ``position`` as (offset, verb slug, end offset), if any."""
    match = _FORMS[person].match(text, position, end)
    return (match.start(), match.lastgroup.replace("_", "-"), match.end()) if match else None


def _clause_heads(text: str, start: int, end: int):
    """Verbs that head a clause, with their grammatical person: after "we", or opening the sentence."""
    opener = _OPENER.match(text, start + len(text[start:end]) - len(text[start:end].lstrip()), end).end()
    for person in ("third", "ing"):  # "Requests the Secretary-General", "Concerned that ..."
        if hit := _verb_at(person, text, opener, end):
            yield person, hit
    for we in _WE.finditer(text, start, end):
        if text.startswith(",", we.end()):  # "We, the Heads of State ..., have adopted"
            heads = (_verb_at("we", text, comma.end(), end) for comma in _APPOSITION.finditer(text, we.end(), end))
            hit = next((h for h in heads if h), None)
        else:
            hit = _verb_at("we", text, _AFTER_WE.match(text, we.end(), end).end(), end)
        if hit:
            yield "we", hit


def _coordinated(text: str, person: str, position: int, end: int):
    """Verbs joined to a clause head by "and" or a comma, with the same subject ("... and request")."""
    for join in _JOIN.finditer(text, position, end):
        if hit := _verb_at(person, text, join.end(), end):
            yield hit


def _act(text: str, verb: str, offset: int, verb_end: int) -> SpeechAct:
    addressee = _addressee(text, verb_end) if verb in _ADDRESSING else None
    return SpeechAct(verb, VERBS[verb].committing, addressee, offset)


_ADDRESSEE_LEAD = re.compile(r"\s*(?:all\s+)?(?:the\s+)?(?:relevant\s+)?")
_ACTOR_REGEX = re.compile(
    "|".join(f"(?P<{slug.replace('-', '_')}>{pattern})" for slug, pattern in _ACTOR_PATTERNS.items())
)


def _addressee(text: str, position: int) -> str | None:
    """The actor named right after an addressing verb ("request the Secretary-General")."""
    start = _ADDRESSEE_LEAD.match(text, position).end()
    match = _ACTOR_REGEX.match(text, start)
    return match.lastgroup.replace("_", "-") if match else None
