"""The register of instruments the texts cite or name (``sources/instruments.yml``), and its graph.

Every name as written ("SG report", "76/172", "A/RES/73/195") is resolved here and only here:
the register is data a reviewer can read, so no other module keeps its own alias table.

>>> resolve("SG Report").symbol
'A/76/642'
>>> resolve("76/172").slug
'ga-resolution-76-172'
>>> resolve("Marrakech Compact on Migration").iri
rdflib.term.URIRef('https://w3id.org/gcmkg/id/doc/gcm')
>>> un_symbol("75/1"), un_symbol("A/CONF.219/2021/IPC/CRP.2"), un_symbol("SG report")
('A/RES/75/1', 'A/CONF.219/2021/IPC/CRP.2', None)
>>> resolve("Unheard-of Report") is None
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from ..errors import SourceError
from ..ontology.vocab import GCMKG, ID
from .provenance import add_source_record
from .registry import SOURCES_DIR, register

REGISTER_PATH = SOURCES_DIR / "instruments.yml"
REGISTER_IRI = ID["register/instruments"]
KINDS = frozenset({"resolution", "report", "declaration", "framework", "treaty", "decision", "publication"})
_REQUIRED = ("slug", "symbol", "title", "aliases")
_OPTIONAL = ("kind", "framework")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# "76/172", "resolution 76/172", "General Assembly resolution 76/172": the GA's own short form.
_GA_RESOLUTION = re.compile(r"(?:(?:General Assembly\s+)?resolution\s+)?(\d{2,3})/(\d{1,3})", re.I)
# A/76/642, A/RES/73/195, A/CONF.219/2021/IPC/CRP.2, FCCC/CP/2015/10/Add.1, E/HLS/2021/1
UN_SYMBOL = re.compile(r"[A-Z]{1,6}(?:\.\d+)?(?:/[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*(?:\([a-z0-9]+\))?)+")


@dataclass(frozen=True)
class Instrument:
    """One entry of the register: a resolution, report, treaty or publication."""

    slug: str
    symbol: str | None
    title: str
    aliases: tuple[str, ...]
    kind: str | None = None
    framework: bool = False
    line: int = 0

    @property
    def iri(self) -> URIRef:
        """``id/doc/<slug>``."""
        return ID[f"doc/{self.slug}"]

    @property
    def names(self) -> tuple[str, ...]:
        """Everything that names this instrument: its symbol, then its aliases."""
        return ((self.symbol,) if self.symbol else ()) + self.aliases


def un_symbol(name: str) -> str | None:
    """The UN symbol a name stands for by rule alone: ``NN/NNN`` is ``A/RES/NN/NNN``; a symbol is kept."""
    name = " ".join(name.split())
    if match := _GA_RESOLUTION.fullmatch(name):
        return f"A/RES/{match[1]}/{match[2]}"
    return name if UN_SYMBOL.fullmatch(name) else None


def name_key(name: str) -> str:
    """How names are compared: case-insensitive, whitespace collapsed, typographic apostrophes plain."""
    return " ".join(name.replace("\u2019", "'").split()).casefold()


class Register:
    """The instruments, indexed by every name (symbol or alias) that resolves to them."""

    def __init__(self, instruments: Iterator[Instrument] | list[Instrument], path: Path = REGISTER_PATH):
        self.path = Path(path)
        self.instruments = tuple(instruments)
        self._by_name = {name_key(n): i for i in self.instruments for n in i.names}
        self._by_slug = {i.slug: i for i in self.instruments}
        self._names = sorted((n for i in self.instruments for n in i.names), key=lambda n: (-len(n), n))

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self.instruments)

    def __len__(self) -> int:
        return len(self.instruments)

    def get(self, slug: str) -> Instrument:
        """The instrument with this slug; ``KeyError`` if there is none."""
        return self._by_slug[slug]

    def resolve(self, name: str) -> Instrument | None:
        """The instrument a name as written stands for: alias, symbol, or ``NN/NNN`` -> ``A/RES/NN/NNN``."""
        found = self._by_name.get(name_key(name))
        if found is None and (symbol := un_symbol(name)):
            found = self._by_name.get(name_key(symbol))
        return found

    def symbol(self, name: str) -> str | None:
        """The UN symbol of a name: its instrument's, else what the rule of ``un_symbol`` gives."""
        found = self.resolve(name)
        return found.symbol if found else un_symbol(name)

    def names(self) -> list[str]:
        """Every symbol and alias, longest first (so that prefix matching prefers the longest name)."""
        return list(self._names)


def load_register(path: Path | str = REGISTER_PATH) -> Register:
    """Read and check a register file: unknown, missing or duplicate fields, slugs and names refused.

    >>> len(load_register()) >= 20
    True
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or error
        raise SourceError(path, f"not valid YAML: {problem}", mark.line + 1 if mark else None) from error
    if not isinstance(root, yaml.SequenceNode):
        raise SourceError(path, "the register must be a YAML list of instruments", 1)
    instruments, seen_slugs, seen_names = [], {}, {}
    for item in root.value:
        instrument = _instrument(path, item)
        if instrument.slug in seen_slugs:
            message = f"slug {instrument.slug!r} already used on line {seen_slugs[instrument.slug]}"
            raise SourceError(path, message, instrument.line)
        seen_slugs[instrument.slug] = instrument.line
        for name in instrument.names:
            if name_key(name) in seen_names:
                other = seen_names[name_key(name)]
                message = f"name {name!r} of {instrument.slug!r} already names {other!r}"
                raise SourceError(path, message, instrument.line)
            seen_names[name_key(name)] = instrument.slug
        instruments.append(instrument)
    return Register(instruments, path)


def _instrument(path: Path, node: yaml.Node) -> Instrument:
    """One entry, checked field by field; errors name the line of the offending field."""
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(path, "each instrument must be a mapping of fields", line)
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key not in _REQUIRED + _OPTIONAL:
            raise SourceError(path, f"unknown field {key!r}", key_node.start_mark.line + 1)
        if key in fields:
            raise SourceError(path, f"field {key!r} given twice", key_node.start_mark.line + 1)
        fields[key] = value_node
    for key in _REQUIRED:
        if key not in fields:
            raise SourceError(path, f"instrument has no {key!r} field", line)
    values = {key: yaml.SafeLoader("").construct_object(value, deep=True) for key, value in fields.items()}

    def check(key: str, ok: bool, expected: str) -> None:
        if key in values and not ok:
            raise SourceError(path, f"field {key!r} must be {expected}", fields[key].start_mark.line + 1)

    slug, symbol, title, aliases = (values[k] for k in _REQUIRED)
    check("slug", isinstance(slug, str) and bool(_SLUG.fullmatch(slug)), "lowercase words joined by hyphens")
    check("symbol", symbol is None or (isinstance(symbol, str) and symbol.strip() != ""), "a UN symbol or null")
    check("title", isinstance(title, str) and title.strip() != "", "a non-empty string")
    check("aliases", isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases),
          "a list of non-empty strings")
    check("kind", values.get("kind") in KINDS, f"one of {', '.join(sorted(KINDS))}")
    check("framework", isinstance(values.get("framework"), bool), "true or false")
    kind, framework = values.get("kind"), values.get("framework", False)
    return Instrument(slug, symbol, title, tuple(aliases), kind, framework, line)


@functools.cache
def default_register() -> Register:
    """The register shipped in ``loaders/sources/instruments.yml``, read once."""
    return load_register(REGISTER_PATH)


def resolve(name: str) -> Instrument | None:
    """Resolve a name as written against the shipped register (see ``Register.resolve``)."""
    return default_register().resolve(name)


def register_graph(reg: Register) -> Graph:
    """The instruments as RDF: Document (and Framework), symbol, title, aliases; plus the provenance.

    >>> g = register_graph(default_register())
    >>> (resolve("GCM").iri, RDF.type, GCMKG.Framework) in g
    True
    """
    g = Graph()
    for instrument in reg:
        node = instrument.iri
        g.add((node, RDF.type, GCMKG.Document))
        if instrument.framework:
            g.add((node, RDF.type, GCMKG.Framework))
        if instrument.symbol:
            g.add((node, DCTERMS.identifier, Literal(instrument.symbol)))
        g.add((node, DCTERMS.title, Literal(instrument.title, lang="en")))
        for alias in instrument.aliases:
            g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
    g.add((REGISTER_IRI, RDF.type, PROV.Entity))
    g.add((REGISTER_IRI, RDFS.label, Literal("Register of the instruments the texts cite or name", lang="en")))
    add_source_record(g, REGISTER_IRI, reg.path)
    return g


@register("instruments", "Register of the instruments the texts cite or name")
def load_instruments() -> Graph:
    """The graph of the shipped register."""
    return register_graph(default_register())
