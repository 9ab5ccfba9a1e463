"""Named queries: the ``.rq`` files of ``queries/`` with their grlc-style headers and parameters.

A header is the block of ``#+`` lines at the top of a file, read as YAML the way grlc reads it
(``summary``, ``description``, ``tags``, ``defaults``, ``enumerate``). Parameters are grlc's
``?_name`` (required) and ``?__name`` (optional) variables, with an optional type suffix
(``_iri``, ``_integer``); their values are bound as RDF terms, never pasted into the text.
pyoxigraph's substitution (SEP-0007) binds only projected variables, so a SELECT query must list
its parameters in its projection (they echo the values bound); loading refuses one that does not.

>>> query = load_named_queries()["targets-of-goal"]
>>> [(p.name, p.required) for p in query.parameters]
[('goal', True), ('lang', False)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml

from gcmkg.errors import QueryError

from ..queries import QUERIES_DIR

HEADER_KEYS = {"summary", "description", "tags", "defaults", "enumerate", "endpoint", "method", "pagination"}
PARAMETER = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*)(?:_(iri|integer|string))?\b")
PREFIXES = {
    "id": "https://w3id.org/gcmkg/id/",
    "gcmkg": "https://w3id.org/gcmkg/ontology#",
    "sdg": "http://metadata.un.org/sdg/",
}


@dataclass(frozen=True)
class Parameter:
    """A query parameter: its name, the SPARQL variable it binds, its kind and whether it is needed."""

    name: str
    variable: str
    kind: str
    required: bool


@dataclass(frozen=True)
class NamedQuery:
    """A query file: name (the file stem), header fields, parameters and the SPARQL text."""

    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)

    def bind(self, values: dict[str, str]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
        """Turn ``{"goal": "http://metadata.un.org/sdg/10"}`` into substitutions for the store."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise QueryError(
                f"query '{self.name}' has no parameter {', '.join(unknown)}; it takes: {', '.join(known) or 'none'}"
            )
        missing = [p.name for p in self.parameters if p.required and p.name not in values]
        if missing:
            raise QueryError(f"query '{self.name}' needs parameter {', '.join(missing)}")
        return {ox.Variable(known[n].variable): _term(known[n], v) for n, v in values.items()}


def _term(parameter: Parameter, value: str) -> ox.NamedNode | ox.Literal:
    if parameter.kind == "iri":
        prefix, _, local = value.partition(":")
        iri = PREFIXES[prefix] + local if prefix in PREFIXES and not local.startswith("//") else value
        try:
            return ox.NamedNode(iri)
        except ValueError as error:
            raise QueryError(f"parameter '{parameter.name}': {value!r} is not an IRI ({error})") from error
    if parameter.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise QueryError(f"parameter '{parameter.name}': {value!r} is not an integer")
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(value)


def parse_named_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file; a malformed header is a ``QueryError`` naming the file and line."""
    text = Path(path).read_text(encoding="utf-8")
    header_lines = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        header_lines.append(line[2:].removeprefix(" "))
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise QueryError(f"{path}{line}: malformed query header ({error})") from error
    if not isinstance(header, dict) or "summary" not in header:
        raise QueryError(f"{path}:1: the header must start with '#+ summary: ...'")
    unknown = set(header) - HEADER_KEYS
    if unknown:
        raise QueryError(f"{path}: unknown header field(s) {', '.join(sorted(unknown))}")
    return NamedQuery(
        name=Path(path).stem,
        path=Path(path),
        text=text,
        summary=str(header["summary"]),
        description=str(header.get("description", "")),
        tags=tuple(header.get("tags") or ()),
        parameters=_checked_projection(path, text, _parameters(text)),
    )


def _checked_projection(path: Path, text: str, parameters: tuple[Parameter, ...]) -> tuple[Parameter, ...]:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    select = re.search(r"\bSELECT\b(.*?)\bWHERE\b", body, re.S | re.I)
    if select and "*" not in select.group(1):
        projected = set(re.findall(r"\?(\w+)", select.group(1)))
        missing = [p.variable for p in parameters if p.variable not in projected]
        if missing:
            raise QueryError(f"{path}: parameter variable(s) {', '.join('?' + v for v in missing)} "
                             "must be in the SELECT projection to be bound")
    return parameters


def _parameters(text: str) -> tuple[Parameter, ...]:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    seen: dict[str, Parameter] = {}
    for match in PARAMETER.finditer(body):
        underscores, name, kind = match.groups()
        variable = match.group(0)[1:]
        seen.setdefault(name, Parameter(name, variable, kind or "string", underscores == "_"))
    return tuple(seen.values())


def load_named_queries(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every ``.rq`` file of the folder (not its subfolders), by name."""
    return {path.stem: parse_named_query(path) for path in sorted(Path(directory).glob("*.rq"))}
