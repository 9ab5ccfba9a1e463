"""The 2023 global indicator framework (A/RES/71/313 annex, refined up to 2023) read from UNSD's workbook.

Reads ``Global_Indicator_Framework_after_2023_refinement.English.xlsx`` with openpyxl into plain
records and checks its layout; it makes no RDF (``sdg.py`` does) and never guesses: a row it cannot
place stops the read with a ``SourceError`` naming the row.

>>> framework = read_indicator_framework()
>>> len(framework.goals), len(framework.targets), len(framework.rows), framework.unique_indicator_count
(17, 169, 248, 231)
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
import warnings
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from ..errors import SourceError
from .registry import SOURCES_DIR

SDG_SOURCES = SOURCES_DIR / "sdg"
WORKBOOK = "Global_Indicator_Framework_after_2023_refinement.English.xlsx"
SHEET = "A.RES.71.313 Annex"
TITLE = ("Global indicator framework for the Sustainable Development Goals and targets of the 2030 Agenda "
         "for Sustainable Development")
HEADER_ROW = 3
HEADER = ("Goals and targets (from the 2030 Agenda for Sustainable Development)", "Indicators",
          "UNSD Indicator Codes†")
GOAL_COUNT, TARGET_COUNT, INDICATOR_ROW_COUNT = 17, 169, 248
# Footnote markers the workbook flattened into the text as a trailing digit (PROVENANCE.md): where each
# sits (a notation, or "preamble" for the disaggregation sentence) and its number. Trailing digits
# elsewhere ("2015–2030", "by 2020") are text, so only these places are stripped.
FOOTNOTE_MARKERS = {"preamble": "1", "10.4.2": "2", "13": "3", "14.6": "4", "17.6.1": "5"}
# UNSD's list of repeated indicators (unstats.un.org/sdgs/indicators/indicators-list/) names 13: twelve
# share one C20xxxx code in the workbook; the thirteenth, "13.2.1/13.b.1 (with a slight amendment)",
# keeps two codes. Hence 232 codes but 231 unique indicators in UNSD's count.
AMENDED_REPEATS = {"13.b.1": "13.2.1"}

REQUIRED_NOTES = ("*", "†")  # on the whole list: its sources, and what the UNSD codes are
_GOAL = re.compile(r"Goal (\d{1,2})\.\s+(.+)", re.S)
_TARGET = re.compile(r"(\d{1,2}\.[0-9a-z]{1,2})\s+(.+)", re.S)
_INDICATOR = re.compile(r"(\d{1,2}\.[0-9a-z]{1,2}\.\d{1,2})\s+(.+)", re.S)
_CODE = re.compile(r"C\d{2}[0-9a-z]{2}\d{2}")
_NOTE = re.compile(r"(\*|†|\d{1,2})\s+(.+)", re.S)
_HEADING_MAX = 60  # goal 17's sub-headings ("Finance", "Systemic issues") are short; longer text is a broken row


@dataclass(frozen=True)
class Goal:
    """``Goal 10. Reduce inequality ...``: its number, title and the footnote its title carried."""

    number: str
    title: str
    row: int
    footnote: str | None = None


@dataclass(frozen=True)
class Target:
    """A target: notation ``10.7``, goal, official text, the note row below it and goal 17's headings."""

    notation: str
    goal: str
    text: str
    row: int
    footnote: str | None = None
    note: str | None = None
    headings: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorRow:
    """One of the 248 indicator rows: notation ``10.7.1`` under a target, with its permanent UNSD code."""

    notation: str
    target: str
    code: str
    text: str
    row: int
    footnote: str | None = None


@dataclass(frozen=True)
class IndicatorFramework:
    """The workbook's content: preamble, goals, targets, indicator rows and the notes below the table."""

    path: Path
    title: str
    preamble: str
    preamble_footnote: str
    notes: dict[str, str]
    goals: tuple[Goal, ...]
    targets: tuple[Target, ...]
    rows: tuple[IndicatorRow, ...]

    @property
    def rows_by_code(self) -> dict[str, list[IndicatorRow]]:
        """Indicator rows grouped by permanent code, in workbook order (the first is the primary)."""
        grouped: dict[str, list[IndicatorRow]] = defaultdict(list)
        for row in self.rows:
            grouped[row.code].append(row)
        return dict(grouped)

    @property
    def unique_indicator_count(self) -> int:
        """Unique indicators as UNSD counts them: distinct codes, less the repeats that kept their own code."""
        return len(self.rows_by_code) - len(AMENDED_REPEATS)


def read_indicator_framework(source_dir: Path = SDG_SOURCES) -> IndicatorFramework:
    """Read and check the 2023 workbook in ``source_dir``; a ``SourceError`` names the row that breaks.

    >>> framework = read_indicator_framework()
    >>> [(r.notation, r.code) for r in framework.rows if r.target == "10.7"][0]
    ('10.7.1', 'C100701')
    >>> [t.note[:29] for t in framework.targets if t.notation == "11.c"]
    ['No suitable replacement indic']
    """
    path = Path(source_dir) / WORKBOOK
    rows = _sheet_rows(path)
    title, preamble, preamble_marker = _preamble(path, rows)
    end = next((i for i, cells in enumerate(rows) if i >= HEADER_ROW and not any(cells)), len(rows))
    notes = _notes(path, rows, end)
    goals, targets, indicator_rows = _Body(path).read(rows[HEADER_ROW:end], first_row=HEADER_ROW + 1)
    _check_counts(path, goals, targets, indicator_rows)
    goals, targets, indicator_rows = _attach_footnotes(path, notes, goals, targets, indicator_rows)
    _check_repeats(path, indicator_rows)
    return IndicatorFramework(path, title, preamble, _footnote(path, notes, preamble_marker), notes,
                              goals, targets, indicator_rows)


def same_wording(a: str, b: str) -> bool:
    """Whether two texts differ at most in spaces, dashes or quotes (typography, not wording).

    >>> same_wording("By 2030,halve food waste", "By 2030, halve food\\xa0waste")
    True
    """
    return _typographic_key(a) == _typographic_key(b)


def _typographic_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for variants, plain in (("\u2010\u2011\u2012\u2013\u2014", "-"), ("\u2018\u2019", "'"), ("\u201c\u201d", '"')):
        text = re.sub(f"[{variants}]", plain, text)
    return re.sub(r"\s+", "", text)


def _sheet_rows(path: Path) -> list[tuple[str | None, str | None, str | None]]:
    """Columns B-D of the annex sheet as stripped strings (None when empty); row N is item N - 1."""
    if not path.is_file():
        raise SourceError(path, "file not found: the 2023 indicator workbook")
    with warnings.catch_warnings():  # openpyxl warns about an Excel extension it does not need
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            if SHEET not in workbook.sheetnames:
                raise SourceError(path, f"expected a sheet named '{SHEET}', found {workbook.sheetnames}")
            rows = [tuple(_cell(v) for v in (row + (None,) * 4)[1:4])
                    for row in workbook[SHEET].iter_rows(values_only=True)]
            workbook.close()
        except SourceError:
            raise
        except Exception as error:  # a truncated zip fails in several ways inside openpyxl
            raise SourceError(path, f"not a readable .xlsx workbook, truncated or damaged? ({error})") from error
    return rows


def _cell(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _preamble(path: Path, rows: list) -> tuple[str, str, str]:
    """The title (row 1), the disaggregation sentence (row 2) and its footnote marker, after a header check."""
    if len(rows) <= HEADER_ROW or tuple(rows[HEADER_ROW - 1]) != HEADER:
        found = tuple(rows[HEADER_ROW - 1]) if len(rows) >= HEADER_ROW else "no such row"
        raise SourceError(path, f"expected the column headers {HEADER}, found {found}", HEADER_ROW)
    title = " ".join((rows[0][0] or "").split()).rstrip("*")
    if title != TITLE:
        raise SourceError(path, f"expected the title '{TITLE}'", 1)
    preamble, marker = _strip_marker(path, rows[1][0] or "", FOOTNOTE_MARKERS["preamble"], 2)
    return title, preamble, marker


def _notes(path: Path, rows: list, end: int) -> dict[str, str]:
    """The notes below the table, by mark: ``*``, ``†`` and the numbered footnotes."""
    notes = {}
    for i in range(end, len(rows)):
        text = rows[i][0]
        if not any(rows[i]):
            continue
        match = _NOTE.fullmatch(text or "")
        if not match or rows[i][1] or rows[i][2]:
            raise SourceError(path, "expected a note below the table: '*', '†' or a footnote number, then its text",
                              i + 1)
        notes[match[1]] = match[2]
    missing = [mark for mark in REQUIRED_NOTES if mark not in notes]
    if missing:
        raise SourceError(path, f"expected the notes {', '.join(missing)} below the table", end + 1)
    return notes


class _Body:
    """Reads the table body row by row, keeping track of the current goal, target and heading."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.goals: list[Goal] = []
        self.targets: list[Target] = []
        self.rows: list[IndicatorRow] = []
        self.headings: list[str] = []
        self.after_heading = False

    def read(self, rows: list, first_row: int) -> tuple[tuple[Goal, ...], tuple[Target, ...], tuple[IndicatorRow, ...]]:
        for number, (goal_or_target, indicator, code) in enumerate(rows, start=first_row):
            if goal_or_target:
                self._goal_or_target(goal_or_target, number)
            if indicator:
                self._indicator(indicator, code, number)
            elif code:
                raise SourceError(self.path, f"an indicator code ({code}) with no indicator", number)
        return tuple(self.goals), tuple(self.targets), tuple(self.rows)

    def _goal_or_target(self, text: str, row: int) -> None:
        heading = self.after_heading
        self.after_heading = False
        if goal := _GOAL.fullmatch(text):
            if goal[1] != str(len(self.goals) + 1):
                raise SourceError(self.path, f"expected goal {len(self.goals) + 1}, found goal {goal[1]}", row)
            self.goals.append(Goal(goal[1], goal[2], row))
            self.headings = []
        elif target := _TARGET.fullmatch(text):
            self._target(target[1], target[2], row)
        elif self.goals and not text[0].isdigit() and len(text) <= _HEADING_MAX:
            # Goal 17's sub-headings: one right after another nests under it ("Systemic issues" >
            # "Policy and institutional coherence"); one after targets replaces the innermost.
            self.headings = [*self.headings, text] if heading else [*self.headings[:-1], text]
            self.after_heading = True
        else:
            raise SourceError(self.path, f"expected 'Goal N. ...', a target 'N.x ...' or a short heading: "
                                         f"{text[:60]!r}", row)

    def _target(self, notation: str, text: str, row: int) -> None:
        if not self.goals or notation.split(".")[0] != self.goals[-1].number:
            raise SourceError(self.path, f"target {notation} is not under goal {notation.split('.')[0]}", row)
        if any(t.notation == notation for t in self.targets):
            raise SourceError(self.path, f"target {notation} appears twice", row)
        self.targets.append(Target(notation, self.goals[-1].number, text, row, headings=tuple(self.headings)))

    def _indicator(self, text: str, code: str | None, row: int) -> None:
        target = self.targets[-1] if self.targets else None
        if indicator := _INDICATOR.fullmatch(text):
            notation = indicator[1]
            if target is None or notation.rsplit(".", 1)[0] != target.notation:
                parent = notation.rsplit(".", 1)[0]
                raise SourceError(self.path, f"indicator {notation} is not under target {parent}", row)
            if not code or not _CODE.fullmatch(code):
                raise SourceError(self.path, f"indicator {notation} needs a UNSD code like C100701, found {code!r}",
                                  row)
            if any(r.notation == notation for r in self.rows):
                raise SourceError(self.path, f"indicator {notation} appears twice", row)
            self.rows.append(IndicatorRow(notation, target.notation, code, indicator[2], row))
        elif target is not None and not code and target.note is None and target.row == row:
            self.targets[-1] = dataclasses.replace(target, note=text)  # 11.c: a note where its indicator would be
        else:
            raise SourceError(self.path, f"expected an indicator 'N.x.k ...' with its code: {text[:60]!r}", row)


def _check_counts(path: Path, goals: tuple, targets: tuple, rows: tuple) -> None:
    """The framework is whole: 17 goals, 169 targets, 248 indicator rows; else name the last row read."""
    for kind, found, expected in (("goals", goals, GOAL_COUNT), ("targets", targets, TARGET_COUNT),
                                  ("indicator rows", rows, INDICATOR_ROW_COUNT)):
        if len(found) != expected:
            last = found[-1].row if found else None
            message = f"expected {expected} {kind}, found {len(found)} (the last one read is on this row)"
            raise SourceError(path, message, last)


def _attach_footnotes(path: Path, notes: dict[str, str], goals: tuple, targets: tuple, rows: tuple) -> tuple:
    """Strip each flattened footnote marker from its cell and keep the footnote's text beside it."""
    def attach(items: tuple, key: str) -> tuple:
        fixed = []
        for item in items:
            marker = FOOTNOTE_MARKERS.get(getattr(item, key))
            if marker:
                field = "title" if key == "number" else "text"
                text, marker = _strip_marker(path, getattr(item, field), marker, item.row)
                item = dataclasses.replace(item, **{field: text, "footnote": _footnote(path, notes, marker)})
            fixed.append(item)
        return tuple(fixed)

    return attach(goals, "number"), attach(targets, "notation"), attach(rows, "notation")


def _strip_marker(path: Path, text: str, marker: str, row: int) -> tuple[str, str]:
    if not text.endswith(marker) or text[: -len(marker)][-1:].isdigit():
        raise SourceError(path, f"expected footnote marker {marker} at the end of this cell", row)
    return text[: -len(marker)].rstrip(), marker


def _footnote(path: Path, notes: dict[str, str], marker: str) -> str:
    if marker not in notes:
        raise SourceError(path, f"footnote {marker} is marked in the table but missing below it")
    return notes[marker]


def _check_repeats(path: Path, rows: tuple[IndicatorRow, ...]) -> None:
    """A repeated code must carry the same wording each time; UNSD's amended repeats must both be there."""
    first: dict[str, IndicatorRow] = {}
    for row in rows:
        primary = first.setdefault(row.code, row)
        if not same_wording(primary.text, row.text):
            raise SourceError(path, f"indicator {row.notation} repeats {primary.notation} ({row.code}) with other "
                                    "wording", row.row)
    notations = {row.notation for row in rows}
    for repeat, primary in AMENDED_REPEATS.items():
        if repeat not in notations or primary not in notations:
            raise SourceError(path, f"expected indicators {primary} and {repeat} (a repeat with a slight amendment)")
