"""Reading the Paris Agreement's plain text into its parts (preamble, recitals, articles, paragraphs, points).

Pure parsing and checking, no RDF (that is ``paris.py``). ``sources/paris/paris_agreement.txt`` is
the judge of the layout: one block per line, blocks separated by blank lines; a title, the preamble
("The Parties to this Agreement," recitals, "Have agreed as follows:"), ``Article N`` headings,
``N.`` paragraphs, ``(x)`` points, and the closing "DONE at Paris ..." / "IN WITNESS WHEREOF ..."
lines. Anything else, or a number out of sequence, is a ``SourceError`` at its line.

Every part's ``text`` is exactly ``source[start:end]`` of its offsets and holds everything printed
in it, without its own marker: a paragraph's text includes its points, an article's its paragraphs.

>>> read_paris().get("art_8__para_4__point_h").text
'Resilience of communities, livelihoods and ecosystems.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from .document import Span
from .registry import SOURCES_DIR

SOURCE = SOURCES_DIR / "paris" / "paris_agreement.txt"
# the counts PROVENANCE.md states: a source that gives others is not the text we checked
EXPECTED = {"recital": 16, "article": 29, "paragraph": 131, "point": 36}

TITLE_LINE = "PARIS AGREEMENT"
OPENING = "The Parties to this Agreement,"
CLOSING = "Have agreed as follows:"
_ARTICLE = re.compile(r"Article (\d+)")
_PARAGRAPH = re.compile(r"(\d+)\.\s+(?=\S)")
_POINT = re.compile(r"\(([a-z])\)\s+(?=\S)")
_DONE, _WITNESS = "DONE at Paris", "IN WITNESS WHEREOF"


@dataclass(frozen=True)
class Provision:
    """A part of the Agreement: preamble, recital, article, paragraph, point or conclusions (closing lines).

    ``number`` is as printed ("8", "4", "h"); None where nothing is printed (preamble, conclusions, the
    sole unnumbered paragraph of an article). ``parent`` is the eId of the enclosing part, None for the
    document itself.
    """

    eid: str
    kind: str
    number: str | None
    text: str
    span: Span
    parent: str | None

    @property
    def label(self) -> str:
        """How a reader cites it: "Article 8, paragraph 4(h)"."""
        article = self.eid.split("__")[0].removeprefix("art_")
        if self.kind == "article":
            return f"Article {article}"
        if self.kind == "paragraph":
            return f"Article {article}, paragraph {self.number}" if self.number else f"Article {article} (sole paragraph)"
        if self.kind == "point":
            return f"Article {article}, paragraph {self.eid.split('__')[1].removeprefix('para_')}({self.number})"
        if self.kind == "recital":
            return f"Preamble, recital {self.number}"
        return {"preamble": "Preamble", "conclusions": "Closing lines (place, date and signature)"}[self.kind]


@dataclass(frozen=True)
class Agreement:
    """The parsed Agreement: its parts in text order and the path of the text they come from.

    >>> agreement = read_paris()
    >>> agreement.get("art_8__para_4__point_h").label
    'Article 8, paragraph 4(h)'
    >>> [p.eid for p in agreement.of_kind("paragraph")][-3:]
    ['art_28__para_2', 'art_28__para_3', 'art_29__para_1']
    """

    path: Path
    text: str
    provisions: tuple[Provision, ...]

    def of_kind(self, kind: str) -> list[Provision]:
        """The parts of one kind ("article", "paragraph", ...), in text order."""
        return [p for p in self.provisions if p.kind == kind]

    def get(self, eid: str) -> Provision:
        """The part with this eId; ``KeyError`` if there is none."""
        for provision in self.provisions:
            if provision.eid == eid:
                return provision
        raise KeyError(eid)


@dataclass(frozen=True)
class _Line:
    number: int
    start: int
    text: str


@dataclass
class _Part:
    """A part while the text is read: it reaches ``last`` until a later line is added to it."""

    eid: str
    kind: str
    number: str | None
    first: _Line
    skip: int  # the length of its marker ("4. ", "(h) "), which its text leaves out
    last: _Line
    parent: _Part | None


def _lines(text: str) -> list[_Line]:
    """The non-blank lines with their 1-based number and start offset, trailing spaces (and \\r) left out."""
    lines, offset = [], 0
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            lines.append(_Line(number, offset, raw.rstrip()))
        offset += len(raw) + 1
    return lines


class _Reader:
    """One pass over the lines, checking each number against the one before it."""

    def __init__(self, text: str, path: str) -> None:
        self.text, self.path = text, path
        self.lines = _lines(text)
        self.position = 0
        self.parts: list[_Part] = []

    def fail(self, message: str, line: _Line | None = None) -> SourceError:
        line = line or (self.lines[-1] if self.lines else None)
        return SourceError(self.path, message, line.number if line else 1)

    def take(self, expected: str) -> _Line:
        """The next line; at the end of the text, a ``SourceError`` saying what should have come."""
        if self.position >= len(self.lines):
            raise self.fail(f"the text ends here: expected {expected}")
        self.position += 1
        return self.lines[self.position - 1]

    def peek(self) -> str:
        return self.lines[self.position].text if self.position < len(self.lines) else ""

    def open(self, eid: str, kind: str, number: str | None, line: _Line, skip: int, parent: _Part | None) -> _Part:
        part = _Part(eid, kind, number, line, skip, line, parent)
        self.parts.append(part)
        self.extend(parent, line)
        return part

    def extend(self, part: _Part | None, line: _Line) -> None:
        """``part`` and every part above it now reach ``line``."""
        while part is not None:
            part.last = line
            part = part.parent

    def expect(self, wanted: str, what: str) -> _Line:
        line = self.take(what)
        if not line.text.startswith(wanted):
            raise self.fail(f"expected {what}, found {line.text[:50]!r}", line)
        return line

    def read(self) -> list[Provision]:
        title = self.take(f"the title {TITLE_LINE!r}")
        if title.text != TITLE_LINE:
            raise self.fail(f"expected the title {TITLE_LINE!r}, found {title.text[:50]!r}", title)
        self.preamble()
        articles = 0
        while not self.peek().startswith(_DONE):
            heading = self.take(f"Article {articles + 1} or the closing line {_DONE!r}...")
            match = _ARTICLE.fullmatch(heading.text)
            if not match or int(match[1]) != articles + 1:
                raise self.fail(f"expected Article {articles + 1}, found {heading.text[:50]!r}", heading)
            articles += 1
            self.article(articles, heading)
        done = self.take(_DONE)
        witness = self.expect(_WITNESS, f"the line {_WITNESS!r}...")
        if self.position < len(self.lines):
            raise self.fail("expected nothing after the closing lines", self.lines[self.position])
        self.extend(self.open("conclusions", "conclusions", None, done, 0, None), witness)
        return [self.provision(part) for part in self.parts]

    def preamble(self) -> None:
        opening = self.expect(OPENING, f"the opening {OPENING!r}")
        preamble = self.open("preamble", "preamble", None, opening, 0, None)
        while (line := self.take(f"a recital or {CLOSING!r}")).text != CLOSING:
            if _ARTICLE.fullmatch(line.text):
                raise self.fail(f"expected {CLOSING!r} before the first article", line)
            number = str(sum(p.kind == "recital" for p in self.parts) + 1)
            self.open(f"preamble__recital_{number}", "recital", number, line, 0, preamble)
        self.extend(preamble, line)

    def article(self, number: int, heading: _Line) -> None:
        """The lines up to the next heading: an unnumbered first line, numbered paragraphs, their points."""
        eid, article, paragraph = f"art_{number}", None, None
        while self.peek() and not _ARTICLE.fullmatch(self.peek()) and not self.peek().startswith(_DONE):
            line = self.take("")
            if article is None:
                article = self.open(eid, "article", str(number), line, 0, None)
            if match := _PARAGRAPH.match(line.text):
                expected = 1 if paragraph is None else int(paragraph.number) + 1
                if int(match[1]) != expected:
                    raise self.fail(f"expected paragraph {expected} of Article {number}, found {match[1]}", line)
                paragraph = self.open(f"{eid}__para_{match[1]}", "paragraph", match[1], line, len(match[0]), article)
                points = 0
            elif match := _POINT.match(line.text):
                if paragraph is None:
                    raise self.fail(f"a lettered subparagraph must follow a numbered paragraph (Article {number})", line)
                letter = chr(ord("a") + points)
                if match[1] != letter:
                    raise self.fail(f"expected subparagraph ({letter}) of Article {number}, paragraph "
                                    f"{paragraph.number}, found ({match[1]})", line)
                self.open(f"{paragraph.eid}__point_{letter}", "point", letter, line, len(match[0]), paragraph)
                points += 1
            elif line is not article.first or paragraph is not None:
                # unnumbered text is only the article's first line (Article 1's chapeau, or a sole paragraph)
                raise self.fail(f"expected a numbered paragraph or a lettered subparagraph in Article {number}, "
                                f"found {line.text[:50]!r}", line)
        if article is None:
            raise self.fail(f"expected the text of Article {number}", heading)
        if paragraph is None:
            # an article of one unnumbered paragraph gets it as para_1 too, so that every provision of
            # the Agreement is a Paragraph (131 of them, as PROVENANCE.md counts); no number is printed
            self.open(f"{eid}__para_1", "paragraph", None, article.first, 0, article)

    def provision(self, part: _Part) -> Provision:
        start, end = part.first.start + part.skip, part.last.start + len(part.last.text)
        span = Span(start, end, part.first.number, part.last.number)
        parent = part.parent.eid if part.parent else None
        return Provision(part.eid, part.kind, part.number, self.text[start:end], span, parent)


def parse_paris(text: str, path: Path | str = "paris_agreement.txt") -> Agreement:
    """Parse the Agreement's text; any break in its layout or numbering is a ``SourceError`` at its line.

    Pure: the counts PROVENANCE.md states are checked by ``read_paris``.

    >>> text = "PARIS AGREEMENT\\n\\nThe Parties to this Agreement,\\n\\nRecalling X,\\n\\nHave agreed as follows:\\n\\n"
    >>> text += "Article 1\\n\\n1. Parties act:\\n\\n(a) Now.\\n\\nDONE at Paris.\\n\\nIN WITNESS WHEREOF, signed.\\n"
    >>> agreement = parse_paris(text)
    >>> [(p.eid, p.text) for p in agreement.provisions if p.kind in ("paragraph", "point")]
    [('art_1__para_1', 'Parties act:\\n\\n(a) Now.'), ('art_1__para_1__point_a', 'Now.')]
    >>> parse_paris(text.replace("Article 1", "Article 2"))
    Traceback (most recent call last):
    gcmkg.errors.SourceError: paris_agreement.txt:9: expected Article 1, found 'Article 2'
    """
    return Agreement(Path(path), text, tuple(_Reader(text, str(path)).read()))


def read_paris(path: Path | str = SOURCE) -> Agreement:
    """Read and parse the text file, and check it has as many parts of each kind as PROVENANCE.md states.

    >>> agreement = read_paris()
    >>> len(agreement.of_kind("article")), len(agreement.of_kind("paragraph")), len(agreement.of_kind("point"))
    (29, 131, 36)
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(path, f"cannot read the source file: {error.strerror}") from None
    try:
        # decoded without newline translation, so offsets count the characters of the file (a BOM aside)
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(path, "not UTF-8 text", data[: error.start].count(b"\n") + 1) from None
    agreement = parse_paris(text, path)
    for kind, expected in EXPECTED.items():
        found = agreement.of_kind(kind)
        if len(found) != expected:
            line = found[-1].span.end_line if found else None
            raise SourceError(path, f"expected {expected} {kind}s (as PROVENANCE.md states), found {len(found)}", line)
    return agreement
