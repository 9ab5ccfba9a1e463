"""The Python API: open (or build) the graph, query it, walk it, trace its alignments, export it.

A ``KnowledgeGraph`` reads a built store; it never changes it. Names of nodes can be IRIs or the
short names people write ("para 53", "objective 20", "SDG 10.c", "Sendai target a").

>>> import gcmkg
>>> kg = gcmkg.open()  # the store in $GCMKG_STORE (else the user data folder), built first if missing
>>> kg.node("objective 20").label
'Objective 20'
>>> [row["notation"] for row in kg.query("targets-of-goal", goal="goal 10")][:3]
['10.1', '10.2', '10.3']
"""

from __future__ import annotations

import difflib
import re
import sys
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph

from gcmkg.errors import QueryError
from gcmkg.graph.build import build as build_store
from gcmkg.graph.export import ExportReport, ExportSource
from gcmkg.graph.export import export as export_source
from gcmkg.graph.labels import Labels
from gcmkg.graph.named_queries import load_named_queries
from gcmkg.graph.networkx_view import to_networkx
from gcmkg.graph.resolve import Resolver
from gcmkg.graph.rows import Rows
from gcmkg.graph.search import Hit, search
from gcmkg.graph.store import Store, default_store_location, is_remote, open_store
from gcmkg.graph.terms import to_rdflib
from gcmkg.graph.trace import AlignmentPath, trace
from gcmkg.graph.traverse import Node

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PLOTS = ("coverage", "alignment", "network")


def open(store: str | Path | None = None, *, language: str = "en") -> "KnowledgeGraph":
    """The graph in ``store`` (default: ``$GCMKG_STORE``, else the user data folder), built first if missing.

    ``store`` is a directory or a SPARQL server's URL (``http://127.0.0.1:7878``); see ``KnowledgeGraph``.

    Building prints one line on stderr and takes a few seconds. ``language`` picks the labels
    (en, es, fr where the sources have them; English otherwise).

    >>> import gcmkg
    >>> kg = gcmkg.open(language="es")
    >>> kg.node("goal 10").label
    'Objetivo 10'
    """
    location = _location(store)
    if not is_remote(location) and not (Path(location) / "CURRENT").exists():
        print(f"gcmkg: no graph at {location}; building it from the official texts (a few seconds)", file=sys.stderr)
        build_store(location, progress=False)
    return KnowledgeGraph(location, language=language)


def build(store: str | Path | None = None, add: Iterable[str | Path] = (), *, language: str = "en") -> "KnowledgeGraph":
    """Build the graph into ``store`` from the official texts plus the declarations in ``add``, and open it.

    The build is atomic: if it fails, the store that was there is left as it was. Declarations
    added by earlier builds are kept.

    >>> import gcmkg, pathlib, tempfile
    >>> declaration = pathlib.Path(tempfile.mkdtemp()) / "coastal-declaration.txt"
    >>> _ = declaration.write_text("Coastal Declaration\\n\\n1. We commit to protect coastal migrants.\\n")
    >>> kg = gcmkg.build(declaration.parent / "store", add=[declaration])
    >>> "coastal-declaration" in kg.graphs, kg.node("coastal-declaration para 1").type
    (True, 'Commitment')
    """
    location = _location(store)
    build_store(location, list(add), progress=False)
    return KnowledgeGraph(location, language=language)


class KnowledgeGraph:
    """A built gcm-kg store, read-only: SPARQL, named queries, nodes, alignment paths, networkx, exports.

    ``store`` is a directory, a SPARQL server's URL (credentials from ``$GCMKG_STORE_USER`` and
    ``$GCMKG_STORE_PASSWORD``), or a store opened with ``gcmkg.graph.store.open_store``.

    >>> import gcmkg
    >>> kg = gcmkg.open()
    >>> "gcm" in kg.graphs
    True
    >>> gcmkg.KnowledgeGraph(kg.path, language="fr").node("SDG 10.7").label
    'Cible 10.7'
    """

    def __init__(self, store: str | Path | Store | None = None, *, language: str = "en") -> None:
        self.store = store if hasattr(store, "graph_names") else open_store(_location(store))
        self.language = language

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.location} ({len(self.store)} quads, labels in {self.language!r})>"

    @property
    def location(self) -> str:
        """The store's directory or query URL."""
        return self.store.location

    @property
    def path(self) -> Path | None:
        """The store's directory; ``None`` for a SPARQL server."""
        return getattr(self.store, "path", None)

    @cached_property
    def labels(self) -> Labels:
        """Types, labels and texts of every node, in the graph's language."""
        return Labels(self.store, self.language)

    @cached_property
    def resolver(self) -> Resolver:
        """The short names of every node."""
        return Resolver(self.labels)

    @property
    def graphs(self) -> list[str]:
        """The short names of the named graphs (``gcm``, ``agenda-2030``, ``alignment``, ...)."""
        return [iri.rsplit("/", 1)[-1] for iri in self.store.graph_names()]

    def sparql(self, text: str) -> Rows | bool | Graph:
        """Run SPARQL over the union of the graphs: rows for SELECT, a bool for ASK, an rdflib Graph otherwise.

        >>> import gcmkg
        >>> kg = gcmkg.open()
        >>> rows = kg.sparql('''PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
        ...     SELECT ?number WHERE { ?p a gcmkg:Commitment ; gcmkg:paragraphNumber ?number } ORDER BY ?number''')
        >>> rows[0]["number"] > 0, len(rows) > 10
        (True, True)
        """
        results = self.store.query(text)
        if isinstance(results, ox.QueryBoolean):
            return bool(results)
        if isinstance(results, ox.QueryTriples):
            graph = Graph()
            for triple in results:
                graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
            return graph
        return Rows.from_solutions(results)

    def query(self, name: str, **params: object) -> Rows:
        """Run the named query ``name`` of ``queries/`` with its parameters bound as RDF terms.

        An IRI parameter also takes a short name ("goal 10"); a query with a ``lang`` parameter gets
        the graph's language unless given one. The columns that echo the parameters are left out.

        >>> import gcmkg
        >>> rows = gcmkg.open().query("targets-of-goal", goal="sdg:10")
        >>> rows.variables
        ('target', 'notation', 'label')
        """
        queries = load_named_queries()
        if name not in queries:
            close = difflib.get_close_matches(name, list(queries), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(queries)}"
            raise QueryError(f"no query named {name!r}{hint}")
        named = queries[name]
        kinds = {p.name: p.kind for p in named.parameters}
        values = {_camel(key, kinds): value for key, value in params.items() if value is not None}
        if "lang" in kinds and "lang" not in values:
            values["lang"] = self.language
        text = {key: self._parameter_text(value, kinds.get(key)) for key, value in values.items()}
        return Rows.from_solutions(self.store.query(named.text, named.bind(text)), hide_prefix="_")

    def _parameter_text(self, value: object, kind: str | None) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, Node):
            return value.iri
        text = str(value)
        if kind == "iri" and ":" not in text:
            return self.resolver.resolve(text)
        return text

    def resolve(self, ref: str) -> str:
        """The IRI a name stands for; ``UnknownNodeError`` (a ``GcmkgError``) with the closest names if none.

        >>> import gcmkg
        >>> gcmkg.open().resolve("indicator 10.7.1")
        'http://metadata.un.org/sdg/C100701'
        """
        return self.resolver.resolve(ref)

    def node(self, ref: str) -> Node:
        """The node ``ref`` names (an IRI or a short name), with its type, label, text and neighbours.

        >>> import gcmkg
        >>> objective = gcmkg.open().node("objective 20")
        >>> objective.type, objective.text[:45]
        ('Objective', 'Promote faster, safer and cheaper transfer of')
        >>> "Round table 3" in [n.label.split(" (")[0] for n in objective.into("coversObjective")]
        True
        """
        return Node(self.resolve(ref), self.store, self.labels)

    def trace(self, ref: str, framework: str | None = None, basis: str | Iterable[str] | None = None,
              min_score: float = 0.0) -> list[AlignmentPath]:
        """The alignment paths that start or end at ``ref``, best first; each step has basis, score, evidence.

        Out of a paragraph: paragraph -advances-> objective -alignsWith-> framework element, and its
        direct alignments; into a target the same paths backwards. ``framework`` ("Paris Agreement",
        "2030 Agenda") keeps paths whose far end is in it, ``basis`` those resting only on these
        bases, ``min_score`` those whose every step scores at least that.

        >>> import gcmkg
        >>> paths = gcmkg.open().trace("para 32", min_score=0.5)
        >>> all("Paragraph 32" in (p.source.label, p.target.label) and p.score >= 0.25 for p in paths)
        True
        """
        within = self.resolve(framework) if framework else None
        return trace(self.store, self.labels, self.resolve(ref), framework=within, basis=basis, min_score=min_score)

    def search(self, text: str, limit: int = 10, document: str | None = None) -> list[Hit]:
        """The paragraphs whose text best matches ``text`` (all its words; "a phrase"; ``prefix*``), best first.

        ``document`` (a short name such as ``paris-agreement``, or an IRI) keeps that document's. The
        first search after a build writes the search index beside the store (``gcmkg.graph.search``).

        >>> import gcmkg
        >>> [(hit.document, hit.number) for hit in gcmkg.open().search("remittance costs")]
        [('imrf-2022-zero-draft', 46)]
        """
        return search(self.store, text, limit=limit, document=document)

    def to_networkx(self, *, graphs: Iterable[str] | None = None, node_types: Iterable[str] | None = None,
                    predicates: Iterable[str] | None = None, collapse_alignments: bool = False) -> nx.MultiDiGraph:
        """The graph as a networkx ``MultiDiGraph`` (see ``gcmkg.graph.networkx_view``).

        >>> import gcmkg
        >>> g = gcmkg.open().to_networkx(node_types=["Objective", "Goal"], predicates=["skos:inScheme"])
        >>> sorted({data["type"] for _, data in g.nodes(data=True)})
        ['Goal', 'Objective']
        """
        return to_networkx(self.store, self.labels, graphs=graphs, node_types=node_types,
                           predicates=predicates, collapse_alignments=collapse_alignments)

    def export(self, path: str | Path, format: str | None = None, graphs: Iterable[str] | None = None, *,
               collapse_alignments: bool = False) -> ExportReport:
        """Write the graph (or the named ``graphs``) to ``path``; ``format`` is guessed from the suffix if not given.

        ``collapse_alignments`` (network formats only) writes alignment records as weighted edges.

        >>> import gcmkg, tempfile
        >>> report = gcmkg.open().export(tempfile.mkdtemp() + "/gcm.ttl", graphs=["gcm"])
        >>> report.format, report.size > 10_000
        ('turtle', True)
        """
        source = ExportSource(self.store, self.labels, list(graphs) if graphs is not None else None,
                              collapse_alignments=collapse_alignments)
        return export_source(source, path, format)

    def plot(self, kind: str, node: str | None = None) -> "Figure":
        """A matplotlib figure: ``coverage``, ``alignment`` or ``network`` (of ``node``).

        >>> import gcmkg
        >>> figure = gcmkg.open().plot("network", node="objective 20")
        >>> "Objective 20" in figure.axes[0].get_title()
        True
        """
        from gcmkg.graph import plots  # matplotlib is imported only by those who plot

        if kind == "network":
            if node is None:
                raise QueryError("a network plot needs a node, e.g. plot('network', node='objective 20')")
            return plots.network(self.store, self.labels, self.resolve(node))
        if kind in ("coverage", "alignment"):
            return getattr(plots, kind)(self.store, self.labels)
        raise QueryError(f"unknown plot {kind!r}; the plots are: {', '.join(PLOTS)}")


def _camel(name: str, known: dict[str, str]) -> str:
    """``min_score`` for a query whose parameter is ``minScore``."""
    if name in known:
        return name
    camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)
    return camel if camel in known else name


def _location(store: str | Path | None) -> str | Path:
    """A directory (user home expanded) or a server URL; the default location when ``None``."""
    if store is None:
        return default_store_location()
    return str(store) if is_remote(store) else Path(store).expanduser()
