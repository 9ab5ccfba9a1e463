"""The declaration parser: the plain text of a UN declaration or resolution -> ``Document``.

``parse_declaration`` is pure (a string in, a Document out); ``read_declaration`` reads a file and
refuses what is not text. Neither writes RDF: ``declaration_rdf`` does.

The text form (as extracted from the PDF): title lines, then numbered paragraphs ``N. ...``,
unnumbered heading lines, footnote blocks (lines opening with superscript digits) printed where a
page ended, page breaks inside paragraphs, italics marked ``*``, source annotations ``*[...]*``.

>>> doc = parse_declaration(
...     "Demo declaration\\nZero draft\\n1 May 2022\\n\\nIntroduction\\n\\n1. We commit to act\\n\\n"
...     "¹² A note.\\n\\nnow.¹² *[based on GCM para 4]*\\n", slug="demo")
>>> doc.date, doc.sections[0].key, doc.paragraph(1).text, doc.paragraph(1).footnote_markers
('2022-05-01', 'sec_1', 'We commit to act now.', ('12',))
>>> [(c.symbol, c.pinpoint) for c in doc.paragraph(1).citations]
[('A/RES/73/195', 'para 4')]
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
from pathlib import Path

from ..errors import SourceError
from .annotations import UnclosedAnnotation, parse_annotation, remove_annotations
from .document import Citation, Document, Footnote, Paragraph, Section, Span
from .speech_acts import speech_acts

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")
_MARKER = re.compile(f"[{SUPERSCRIPTS}]+")
_FOOTNOTE = re.compile(f"([{SUPERSCRIPTS}]+)\\s*")
_NUMBERED = re.compile(r"(\d+)\.(?:\s+|$)")  # "5." alone on its line still opens paragraph 5
_SUB_ITEM = re.compile(r"\((?:[a-z]{1,2}|[ivx]+)\)\s")  # "(a) ..." continues the paragraph above
_CLOSED = re.compile(r"[.!?:;][\"”’)\]]*$")  # sentence-ending punctuation, perhaps in quotes
_RUNNING_TEXT = re.compile(r"[.,;]$")
_MONTHS = "January February March April May June July August September October November December".split()
_DATE = re.compile(r"(\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4})")
_ROUND_TABLE = re.compile(r"Round table (\d+)\b", re.I)
_OBJECTIVE_NUMBERS = re.compile(r"\(objectives? ([\d,\s]+(?:,?\s*and\s+\d+)?)\)", re.I)
_OBJECTIVE = re.compile(r"Objective\s+(\d+)\s*:\s*(.+)", re.S)
_ROMAN = re.compile(r"([IVXL]+)\.\s")
_LETTER = re.compile(r"([A-Z])\.\s")
_PRINCIPLES = re.compile(r"guiding principles\s*:\s*([^.]+)\.", re.I)


@dataclasses.dataclass
class _Line:
    """A non-blank source line: 1-based number, offsets of its stripped text, the text."""

    number: int
    start: int
    end: int
    text: str


@dataclasses.dataclass
class _Draft:
    """A paragraph being read: its number, section, and the source lines it spans so far."""

    number: int
    section: str
    lines: list[_Line]

    def raw(self) -> tuple[str, list[int]]:
        """The lines joined by one space, and for each character its offset in the source."""
        text, origin = "", []
        for line in self.lines:
            if text:  # the line break becomes one space, standing where the break was
                text += " "
                origin.append(origin[-1] + 1)
            text += line.text
            origin.extend(range(line.start, line.end))
        return text, origin

    def is_open(self) -> bool:
        """True while the text does not end a sentence: the next text line continues it."""
        raw = self.raw()[0]
        try:
            text = remove_annotations(raw[_NUMBERED.match(raw).end():])[0]
        except UnclosedAnnotation:  # an annotation broken by the page break is still open
            return True
        text = _clean(text)
        return not text or not _CLOSED.search(text)


def _clean(text: str) -> str:
    """Text without footnote markers and italics, whitespace collapsed to single spaces."""
    return " ".join(_MARKER.sub("", text).replace("*", "").split())


class _Parser:
    """One pass over the lines; methods share the source, its line index and what was read."""

    def __init__(self, text: str, path: str) -> None:
        self.text, self.path = text, path
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.sections: list[Section] = []
        self.drafts: list[_Draft] = []
        self.footnotes: list[Footnote] = []
        self.references: dict[str, int] = {}  # footnote marker -> line of its first reference
        self.top: Section | None = None
        self.current: Section | None = None
        self.last: _Draft | None = None  # the paragraph a line may continue; a heading ends it

    def error(self, message: str, line: int | None) -> SourceError:
        return SourceError(self.path, message, line)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.line_of(start), self.line_of(max(start, end - 1)))

    def lines(self) -> list[_Line]:
        found = []
        for (number, start), raw in zip(enumerate(self.line_starts, start=1), self.text.split("\n")):
            if stripped := raw.strip():
                first = start + len(raw) - len(raw.lstrip())
                found.append(_Line(number, first, first + len(stripped), stripped))
        return found

    def parse(self, slug: str) -> Document:
        lines = self.lines()
        if not lines:
            raise self.error("the text is empty", 1)
        title_block = self.title_block(lines)
        for line in lines[len(title_block):]:
            self.read(line)
        if not self.drafts:
            raise self.error("no numbered paragraph ('1. ...') found", None)
        title_lines = [_clean(line.text) for line in title_block]
        self.note_markers(" ".join(line.text for line in title_block), title_block[0].number)
        dates = [_iso_date(t) for t in title_lines[1:] if _iso_date(t)]
        others = [t for t in title_lines[1:] if not _iso_date(t)]
        paragraphs = [self.paragraph(draft) for draft in self.drafts]
        self.add_preamble(paragraphs)
        self.check_footnotes()
        doc = Document(slug=slug, title=title_lines[0], source_path=self.path,
                       sha256=hashlib.sha256(self.text.encode("utf-8")).hexdigest(), text=self.text,
                       subtitle=" ".join(others) or None, date=dates[0] if dates else None,
                       sections=self.sections, paragraphs=paragraphs, footnotes=self.footnotes)
        doc.objectives = self.objectives()
        _add_principles(doc)
        return doc

    def title_block(self, lines: list[_Line]) -> list[_Line]:
        """The first run of consecutive non-blank lines before paragraph 1: title, subtitle, date."""
        if _NUMBERED.match(lines[0].text) or _FOOTNOTE.match(lines[0].text):
            raise self.error("no title line before the first paragraph", lines[0].number)
        block = [lines[0]]
        for line in lines[1:]:
            if line.number != block[-1].number + 1 or _NUMBERED.match(line.text):
                break
            block.append(line)
        return block

    def read(self, line: _Line) -> None:
        """File one line as a footnote, a new paragraph, a continuation or a heading."""
        draft = self.last
        if match := _FOOTNOTE.match(line.text):
            self.add_footnote(line, match)
        elif match := _NUMBERED.match(line.text):
            number, expected = int(match[1]), len(self.drafts) + 1
            if number != expected:
                what = "repeats" if number < expected else "skips"
                message = f"paragraph {number} {what} the numbering: expected paragraph {expected}"
                raise self.error(message, line.number)
            key = self.current.key if self.current else "preamble"
            self.last = _Draft(number, key, [line])
            self.drafts.append(self.last)
        elif draft and (draft.is_open() or _SUB_ITEM.match(line.text) or line.text[0].islower()):
            draft.lines.append(line)
        else:
            self.add_heading(line)

    def add_footnote(self, line: _Line, match: re.Match[str]) -> None:
        marker = match[1].translate(_DIGITS)
        if any(f.marker == marker for f in self.footnotes):
            raise self.error(f"footnote {marker} is printed twice", line.number)
        text = " ".join(line.text[match.end():].replace("*", "").split())
        self.footnotes.append(Footnote(marker, text, self.span(line.start, line.end)))

    def note_markers(self, text: str, line: int) -> tuple[str, ...]:
        markers = tuple(m.translate(_DIGITS) for m in _MARKER.findall(text))
        for marker in markers:
            self.references.setdefault(marker, line)
        return markers

    def add_heading(self, line: _Line) -> None:
        """A heading opens a section: top level, or nested (round table, "A." under "I.")."""
        heading = _clean(line.text)
        if _RUNNING_TEXT.search(heading):
            after = f"after paragraph {self.drafts[-1].number}" if self.drafts else "before paragraph 1"
            raise self.error(f"unnumbered line ending with {heading[-1]!r} {after} is neither a heading nor "
                             "a continuation (a missing paragraph number, or a page break between sentences?)",
                             line.number)
        markers = self.note_markers(line.text, line.number)
        round_table, letter, roman = _ROUND_TABLE.match(heading), _LETTER.match(heading), _ROMAN.match(heading)
        nested = self.top is not None and bool(
            round_table or (letter and letter[1] == chr(ord("A") + self.count_children())))
        if nested:
            number = int(round_table[1]) if round_table else self.count_children() + 1
            key, parent = f"{self.top.key}__subsec_{number}", self.top.key
        else:
            index = sum(1 for s in self.sections if s.parent is None and s.kind != "preamble") + 1
            number = _roman_value(roman[1]) if roman and _roman_value(roman[1]) else index
            key, parent = f"sec_{index}", None
        if any(s.key == key for s in self.sections):
            raise self.error(f"a second heading numbered {number} in the same section", line.number)
        listed = _OBJECTIVE_NUMBERS.search(heading)
        objectives = tuple(int(n) for n in re.findall(r"\d+", listed[1])) if listed else ()
        kind = "round_table" if round_table else "section"
        section = Section(key, heading, kind, self.span(line.start, line.end), parent, number, objectives, markers)
        self.sections.append(section)
        self.current, self.last = section, None
        if not nested and not round_table:  # a round table before any heading stays a sibling
            self.top = section

    def count_children(self) -> int:
        return sum(1 for s in self.sections if self.top and s.parent == self.top.key)

    def paragraph(self, draft: _Draft) -> Paragraph:
        """The whole paragraph: text without its number, annotations, markers and italics."""
        raw, origin = draft.raw()
        body = _NUMBERED.match(raw).end()
        try:
            text, annotations = remove_annotations(raw[body:])
        except UnclosedAnnotation as error:
            raise self.error("source annotation '*[' is not closed with ']*'",
                             self.line_of(origin[body + error.offset])) from error
        citations: list[Citation] = []
        for annotation in annotations:
            at = body + annotation.text_start
            citations += parse_annotation(annotation.text,
                                          lambda s, e, at=at: self.span(origin[at + s], origin[at + e - 1] + 1))
        markers = tuple(m.translate(_DIGITS) for m in _MARKER.findall(text))
        for marker in _MARKER.finditer(raw, body):
            self.references.setdefault(marker[0].translate(_DIGITS), self.line_of(origin[marker.start()]))
        text = _clean(text)
        return Paragraph(draft.number, text, draft.section, self.span(origin[0], origin[-1] + 1),
                         markers, tuple(citations), speech_acts(text))

    def add_preamble(self, paragraphs: list[Paragraph]) -> None:
        """The part before the first heading, as a section without a printed heading."""
        before = [p for p in paragraphs if p.section == "preamble"]
        if before:
            span = self.span(before[0].span.start, before[-1].span.end)
            self.sections.insert(0, Section("preamble", "", "preamble", span))

    def check_footnotes(self) -> None:
        """Every marker has its footnote, every footnote its marker."""
        printed = {f.marker: f for f in self.footnotes}
        for marker, line in self.references.items():
            if marker not in printed:
                raise self.error(f"footnote marker {marker} has no footnote", line)
        for footnote in self.footnotes:
            if footnote.marker not in self.references:
                message = f"footnote {footnote.marker} is not referenced in the text"
                raise self.error(message, footnote.span.line)

    def objectives(self) -> dict[int, str]:
        """Objective titles from footnotes "Objective N: *title*; ...", checked against round tables."""
        found: dict[int, str] = {}
        listed = {f.marker: _objective_list(f.text) for f in self.footnotes}
        for footnote in self.footnotes:
            for number, title in (listed[footnote.marker] or {}).items():
                if found.setdefault(number, title) != title:
                    raise self.error(f"objective {number} has two titles", footnote.span.line)
        for section in self.sections:
            lists = [listed[m] for m in section.footnote_markers if listed.get(m)]
            in_footnotes = {n for titles in lists for n in titles}
            if section.kind == "round_table" and lists and in_footnotes != set(section.objectives):
                raise self.error(f"{section.heading!r} lists objectives {sorted(section.objectives)} but its "
                                 f"footnote lists {sorted(in_footnotes)}", section.span.line)
        return dict(sorted(found.items()))


def _objective_list(text: str) -> dict[int, str] | None:
    """``{N: title}`` when the whole footnote is "Objective N: title; Objective M: title."."""
    found = {}
    for part in re.split(r";\s*(?=Objective\s+\d+\s*:)", text.strip()):
        if not (match := _OBJECTIVE.fullmatch(part.strip())):
            return None
        found[int(match[1])] = match[2].strip().removesuffix(".").strip()
    return found


def _add_principles(doc: Document) -> None:
    """The first paragraph naming "guiding principles: a, b, ... and z." gives ``doc.principles``."""
    for paragraph in doc.paragraphs:
        if match := _PRINCIPLES.search(paragraph.text):
            items = [item.strip() for item in match[1].split(",")]
            last = items.pop().removeprefix("and ")
            items += [part.strip() for part in last.rsplit(" and ", 1)]
            doc.principles, doc.principles_paragraph = [i for i in items if i], paragraph.number
            return


def _iso_date(text: str) -> str | None:
    """``"17 March 2022"`` -> ``"2022-03-17"``."""
    if match := _DATE.fullmatch(text):
        return f"{match[3]}-{_MONTHS.index(match[2]) + 1:02d}-{int(match[1]):02d}"
    return None


def _roman_value(numeral: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = sum(-values[a] if values[a] < values[b] else values[a] for a, b in zip(numeral, numeral[1:]))
    total += values[numeral[-1]]
    return total if 0 < total < 90 else None


def parse_declaration(text: str, source_path: str = "<string>", slug: str | None = None) -> Document:
    """Parse the plain text of a declaration; refuse (``SourceError`` with line) what does not fit.

    >>> parse_declaration("Title\\n\\n1. We commit to act.\\n\\n3. We will.\\n", "demo.txt")
    Traceback (most recent call last):
    gcmkg.errors.SourceError: demo.txt:5: paragraph 3 skips the numbering: expected paragraph 2
    """
    default = "declaration" if source_path.startswith("<") else Path(source_path).stem
    return _Parser(text, source_path).parse(slug or default)


def read_declaration(path: Path | str) -> Document:
    """Read a declaration file (UTF-8 text); the slug is the file stem, sha256 that of its bytes.

    >>> from gcmkg.loaders.registry import SOURCES_DIR
    >>> doc = read_declaration(SOURCES_DIR / "declarations" / "imrf-2022-zero-draft.txt")
    >>> doc.slug, len(doc.paragraphs), doc.paragraph(52).footnote_markers
    ('imrf-2022-zero-draft', 57, ('5',))
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(str(path), f"cannot read the file: {error.strerror}") from error
    if not data.strip():
        raise SourceError(str(path), "the file is empty", 1)
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise SourceError(str(path), "a binary file (NUL bytes), not plain text", line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start]
        raise SourceError(str(path), f"not UTF-8 (byte 0x{bad:02x} at byte offset {error.start})",
                          data[: error.start].count(b"\n") + 1) from error
    doc = parse_declaration(text, str(path), path.stem)
    return dataclasses.replace(doc, sha256=hashlib.sha256(data).hexdigest())
