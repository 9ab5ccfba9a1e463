"""The document model every text loader produces: plain data, no RDF and no I/O.

A loader reads a source into a ``Document``; ``loaders.declaration_rdf`` turns it into triples.

>>> p = Paragraph(number=1, text="We commit.", section="sec_1", span=Span(0, 13, 1, 1))
>>> p.eid
'para_1'
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """Where something stands in the source: code-point offsets ``[start, end)`` and 1-based lines."""

    start: int
    end: int
    line: int
    end_line: int


@dataclass(frozen=True)
class Footnote:
    """A footnote as printed at the foot of a page: its marker ("1") and its text without ``*``."""

    marker: str
    text: str
    span: Span


@dataclass(frozen=True)
class Citation:
    """One reference inside a source annotation, e.g. ``SG report, para 98`` in ``*[based on ...]*``.

    ``cited`` is the name as written ("SG report"), ``symbol`` the UN document symbol it resolves
    to where the text allows it ("A/76/642"), ``pinpoint`` the place cited ("para 98", "OP6(f)"),
    ``instrument`` the slug of the register entry it resolves to (``loaders/sources/instruments.yml``),
    if any: a publication without a symbol still has one.
    """

    cited: str
    symbol: str | None
    pinpoint: str | None
    based_on: bool
    annotation: str
    span: Span
    instrument: str | None = None


@dataclass(frozen=True)
class SpeechAct:
    """What a paragraph does ("commit", "request", "recognize"), and to whom where it names an actor."""

    verb: str
    committing: bool
    addressee: str | None = None
    offset: int = 0


@dataclass
class Section:
    """A heading and what falls under it. ``kind`` is "preamble", "section" or "round_table"."""

    key: str
    heading: str
    kind: str
    span: Span
    parent: str | None = None
    number: int | None = None
    objectives: tuple[int, ...] = ()
    footnote_markers: tuple[str, ...] = ()


@dataclass
class Paragraph:
    """A numbered paragraph: its whole printed text (no footnotes, markers or annotations)."""

    number: int
    text: str
    section: str
    span: Span
    footnote_markers: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    speech_acts: tuple[SpeechAct, ...] = ()

    @property
    def eid(self) -> str:
        """The Akoma Ntoso-style identifier of the paragraph inside its document."""
        return f"para_{self.number}"

    @property
    def primary_speech_act(self) -> SpeechAct | None:
        """The act that carries the paragraph: its first committing act, else its first act."""
        committing = [act for act in self.speech_acts if act.committing]
        return (committing or list(self.speech_acts) or [None])[0]

    @property
    def is_commitment(self) -> bool:
        """True when the paragraph commits, decides, requests, invites or encourages."""
        return any(act.committing for act in self.speech_acts)


@dataclass
class Document:
    """A parsed source text: title lines, sections, paragraphs, footnotes and what they define.

    ``objectives`` maps an objective number to its title where the text lists them (as the
    declaration's round-table footnotes do); ``principles`` lists guiding principles named in order.
    """

    slug: str
    title: str
    source_path: str
    sha256: str
    text: str
    subtitle: str | None = None
    date: str | None = None
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    objectives: dict[int, str] = field(default_factory=dict)
    principles: list[str] = field(default_factory=list)
    principles_paragraph: int | None = None

    def paragraph(self, number: int) -> Paragraph:
        """The paragraph with this number; ``KeyError`` if there is none."""
        for paragraph in self.paragraphs:
            if paragraph.number == number:
                return paragraph
        raise KeyError(number)
