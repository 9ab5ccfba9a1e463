"""Source annotations: the drafters' bracketed italic notes such as ``*[based on SG report, para 98]*``.

Pure text work: find the annotations in a paragraph, take them out of its text, and read each into
one ``Citation`` per reference. Names resolve through the register of instruments only.

>>> text, found = remove_annotations("We act *[GCM para 49]*, now. *[based on 76/172, pp5]*")
>>> text
'We act, now.'
>>> [(c.cited, c.symbol, c.pinpoint, c.based_on) for c in parse_annotation(found[1].text)]
[('76/172', 'A/RES/76/172', 'pp5', True)]
>>> [(c.cited, c.pinpoint) for c in parse_annotation("based on GCM para 11 and 12")]
[('GCM', 'para 11 and 12')]
>>> [(c.cited, c.pinpoint) for c in parse_annotation("based on GCM para 11 and 76/172, pp5")]
[('GCM', 'para 11'), ('76/172', 'pp5')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .document import Citation, Span
from .instruments import UN_SYMBOL, Register, default_register

OPEN, CLOSE = "*[", "]*"
# "based on X", and the typo "based X" (paragraph 44 of the zero draft)
_BASED_ON = re.compile(r"\s*based(?:\s+on)?\s+", re.I)
# what joins a second reference to the first inside one part: "; on 76/172", "; and A/CONF..."
_JOINER = re.compile(r"\s*(?:(?:and|on)\s+)*", re.I)
_SEPARATOR = re.compile(r",\s*and\s+|\s+and\s+|,\s*")
_GA_SHORT = re.compile(r"(?:(?:General Assembly\s+)?resolution\s+)?\d{2,3}/\d{1,3}(?![/\w])", re.I)
# the places a reference points to: para 13, paras 104 to 106, pp5, pp 19, OP6(f), page 85, snapshot
_PINPOINT = re.compile(r"(?:paras?|pp|op|pages?|annex|section|chapter|article|art)\.?\s*\d|snapshot\b", re.I)
_PINPOINT_START = re.compile(r"(?:,\s*|\s+)(?=" + _PINPOINT.pattern + ")", re.I)


class UnclosedAnnotation(ValueError):
    """A ``*[`` with no ``]*`` before the next ``*[`` or the end; ``offset`` is where it opens."""

    def __init__(self, offset: int) -> None:
        self.offset = offset
        super().__init__(f"source annotation opened at offset {offset} is not closed with ']*'")


@dataclass(frozen=True)
class Annotation:
    """Where an annotation stands in a text: ``[start, end)`` spans ``*[ ... ]*``."""

    start: int
    end: int
    text: str

    @property
    def text_start(self) -> int:
        """The offset of the annotation's own text, just after ``*[``."""
        return self.start + len(OPEN)


def find_annotations(text: str) -> list[Annotation]:
    """Every ``*[...]*`` in order; an unclosed one raises ``UnclosedAnnotation``."""
    found, position = [], 0
    while (start := text.find(OPEN, position)) != -1:
        close = text.find(CLOSE, start + len(OPEN))
        reopened = text.find(OPEN, start + len(OPEN))
        if close == -1 or -1 < reopened < close:
            raise UnclosedAnnotation(start)
        found.append(Annotation(start, close + len(CLOSE), text[start + len(OPEN) : close]))
        position = close + len(CLOSE)
    return found


def remove_annotations(text: str) -> tuple[str, list[Annotation]]:
    """The text without its annotations, and the annotations (offsets into the text given).

    Each annotation goes with the whitespace before it, so that "stakeholders *[...]*, have"
    reads "stakeholders, have" and "approach. *[...]*" ends at the full stop.
    """
    annotations = find_annotations(text)
    pieces, position = [], 0
    for annotation in annotations:
        pieces.append(text[position : annotation.start].rstrip())
        position = annotation.end
    pieces.append(text[position:])
    return "".join(pieces), annotations


def parse_annotation(
    annotation: str,
    locate: Callable[[int, int], Span] | None = None,
    register: Register | None = None,
) -> tuple[Citation, ...]:
    """One ``Citation`` per reference in an annotation's text (without ``*[`` and ``]*``).

    ``locate(start, end)`` turns offsets into the annotation text into a ``Span`` in the source;
    by default the span is relative to the annotation.

    >>> [(c.cited, c.symbol, c.pinpoint) for c in parse_annotation(
    ...     "based on SG report, para 98; on 76/172, OP6(f); and A/CONF.219/2021/IPC/CRP.2, para 84")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('SG report', 'A/76/642', 'para 98'), ('76/172', 'A/RES/76/172', 'OP6(f)'),
     ('A/CONF.219/2021/IPC/CRP.2', 'A/CONF.219/2021/IPC/CRP.2', 'para 84')]
    """
    register = register or default_register()
    locate = locate or (lambda start, end: Span(start, end, 1, 1))
    based_on = bool(_BASED_ON.match(annotation))
    citations = []
    for start, end in _references(annotation, register):
        reference = annotation[start:end]
        length = _name_length(reference, register) or _unknown_name_length(reference)
        cited = reference[:length].strip()
        pinpoint = reference[length:].lstrip(" ,").strip() or None
        instrument = register.resolve(cited)
        citations.append(
            Citation(
                cited=cited,
                symbol=register.symbol(cited),
                pinpoint=pinpoint,
                based_on=based_on,
                annotation=annotation,
                span=locate(start, end),
                instrument=instrument.slug if instrument else None,
            )
        )
    return tuple(citations)


def _references(annotation: str, register: Register) -> list[tuple[int, int]]:
    """The ``[start, end)`` of each reference: parts split on ";", then on "and"/"," before a name."""
    spans, part_end = [], -1
    for part in annotation.split(";"):
        part_start, part_end = part_end + 1, part_end + 1 + len(part)
        based = _BASED_ON.match(annotation, part_start) if part_start == 0 else None
        start = _JOINER.match(annotation, based.end() if based else part_start).end()
        end = start + len(annotation[start:part_end].rstrip())
        for split_at, resume_at in _splits(annotation, start, end, register):
            spans.append((start, split_at))
            start = resume_at
        if end > start:
            spans.append((start, end))
    return spans


def _splits(text: str, start: int, end: int, register: Register) -> list[tuple[int, int]]:
    """Where one reference ends and the next begins inside ``text[start:end]``.

    A separator (", ", " and ", ", and ") splits only where a known name follows it, or where the
    reference so far already has a pinpoint and a capitalised name follows: "GCM para 11 and 12" is
    one reference, "GCM para 11 and 76/172, pp5" two.
    """
    splits, current = [], start
    for match in _SEPARATOR.finditer(text, start, end):
        after = text[match.end() : end]
        named = _name_length(after, register) > 0
        unknown_next = (
            bool(_PINPOINT.search(text, current, match.start()))
            and after[:1].isupper()
            and not _PINPOINT.match(after)
        )
        if named or unknown_next:
            splits.append((match.start(), match.end()))
            current = match.end()
    return splits


def _name_length(text: str, register: Register) -> int:
    """How long the known name at the start of ``text`` is (0 if none): alias, symbol or ``NN/NNN``."""
    folded = text.replace("\u2019", "'").casefold()
    for name in register.names():
        n = len(name)
        if folded.startswith(name.casefold()) and (n == len(text) or not text[n].isalnum()):
            return n
    for pattern in (_GA_SHORT, UN_SYMBOL):
        if (match := pattern.match(text)) and (match.end() == len(text) or not text[match.end()].isalnum()):
            return match.end()
    return 0


def _unknown_name_length(reference: str) -> int:
    """An unknown name runs up to its pinpoint ("Foo study, page 3") or to the end."""
    match = _PINPOINT_START.search(reference)
    return match.start() if match else len(reference)
