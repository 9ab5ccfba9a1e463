"""Reading a YAML file of checked facts so that a missing, repeated or malformed fact names its line.

Only reads and checks; what the facts mean is the business of the loader that asks for them.

>>> from gcmkg.loaders.registry import SOURCES_DIR
>>> facts = read_facts(SOURCES_DIR / "sendai" / "sendai-framework.yml")
>>> facts.mapping("document").text("symbol")
'A/RES/69/283'
>>> facts.mapping("targets").line_of("a")
15
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from ..errors import SourceError


class Facts:
    """A YAML mapping whose keys (as written, so ``1:`` is ``"1"``) keep the line they stand on.

    >>> from gcmkg.loaders.registry import SOURCES_DIR
    >>> document = read_facts(SOURCES_DIR / "aaaa" / "aaaa-structure.yml").mapping("document")
    >>> document.date("endorsed_by_general_assembly_on")
    '2015-07-27'
    >>> document.number("symbol")
    Traceback (most recent call last):
    gcmkg.errors.SourceError: .../aaaa-structure.yml:6: 'symbol' must be a positive whole number, not 'A/RES/69/313'
    """

    def __init__(self, path: Path, node: yaml.MappingNode, name: str | None = None, line: int = 1) -> None:
        self.path = Path(path)
        self.name = name  # the key this mapping stands under; None for the top level
        self.line = line  # the line of that key, where a missing key is reported
        self._values: dict[str, yaml.Node] = {}
        self._lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 1
            if key in self._values:
                raise SourceError(path, f"key {key!r} given twice (first on line {self._lines[key]})", line)
            self._values[key], self._lines[key] = value_node, line

    def keys(self) -> list[str]:
        """The keys in the order the file gives them."""
        return list(self._values)

    def line_of(self, key: str) -> int:
        """The line of ``key``; a ``SourceError`` at the line of this mapping's own key if it is missing."""
        self._node(key)
        return self._lines[key]

    def error(self, key: str, expected: str) -> SourceError:
        """A ``SourceError`` saying what was expected at ``key``'s line."""
        return SourceError(self.path, expected, self._lines.get(key, self.line))

    def mapping(self, key: str) -> Facts:
        """The nested mapping at ``key``."""
        node = self._node(key)
        if not isinstance(node, yaml.MappingNode) or not node.value:
            raise self.error(key, f"{key!r} must be a non-empty mapping")
        return Facts(self.path, node, key, self._lines[key])

    def text(self, key: str) -> str:
        """The non-empty string at ``key`` (a number or date is read as written)."""
        node = self._node(key)
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            raise self.error(key, f"{key!r} must be a non-empty text")
        return " ".join(str(node.value).split())

    def number(self, key: str) -> int:
        """The positive whole number at ``key``."""
        value = self.text(key)
        if not value.isdigit() or int(value) == 0:
            raise self.error(key, f"{key!r} must be a positive whole number, not {value!r}")
        return int(value)

    def date(self, key: str) -> str:
        """The ISO date (``YYYY-MM-DD``) at ``key``."""
        value = self.text(key)
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise self.error(key, f"{key!r} must be a date written YYYY-MM-DD, not {value!r}") from None
        return value

    def texts(self, key: str) -> list[str]:
        """The non-empty list of non-empty strings at ``key``."""
        node = self._node(key)
        ok = isinstance(node, yaml.SequenceNode) and node.value and all(
            isinstance(item, yaml.ScalarNode) and str(item.value).strip() for item in node.value)
        if not ok:
            raise self.error(key, f"{key!r} must be a non-empty list of texts")
        return [" ".join(str(item.value).split()) for item in node.value]

    def expect_keys(self, expected: list[str], what: str) -> None:
        """Refuse any key other than ``expected``, in that order: the first difference names its line."""
        found = self.keys()
        for index, key in enumerate(expected):
            if index >= len(found):
                raise SourceError(self.path, f"expected {what} {key!r} after {found[-1]!r}", self.line_of(found[-1]))
            if found[index] != key:
                raise self.error(found[index], f"expected {what} {key!r}, found {found[index]!r}")
        if len(found) > len(expected):
            extra = found[len(expected)]
            raise self.error(extra, f"unexpected {what} {extra!r} after {expected[-1]!r}")

    def _node(self, key: str) -> yaml.Node:
        if key not in self._values:
            where = f"under {self.name!r}" if self.name else "at the top level"
            raise SourceError(self.path, f"expected the key {key!r} {where}", self.line)
        return self._values[key]


def read_facts(path: Path | str) -> Facts:
    """The top-level mapping of a YAML facts file; a missing file or broken YAML is a ``SourceError``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(path, "source file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(path, f"cannot read the source file: {error}") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or error
        raise SourceError(path, f"not valid YAML: {problem}", mark.line + 1 if mark else None) from None
    if not isinstance(root, yaml.MappingNode):
        raise SourceError(path, "expected a YAML mapping of facts", 1)
    return Facts(path, root)
