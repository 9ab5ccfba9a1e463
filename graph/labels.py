"""What people call the nodes: types, a short label and a text per node, in a chosen language.

One pass over the store fills a ``Labels`` index (the graph is small: a few thousand nodes), which
the Python API, the networkx view, the exports and the plots all read; it never writes the store.
A label in the asked language wins, then English, then an untagged one.

>>> compact("https://w3id.org/gcmkg/ontology#advances")
'gcmkg:advances'
>>> expand("skos:broader")
'http://www.w3.org/2004/02/skos/core#broader'
>>> local_name("http://metadata.un.org/sdg/ontology#Target")
'Target'
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import pyoxigraph as ox

from gcmkg.graph.store import Store

NAMESPACES = {
    "gcmkg": "https://w3id.org/gcmkg/ontology#",
    "id": "https://w3id.org/gcmkg/id/",
    "sdgo": "http://metadata.un.org/sdg/ontology#",
    "sdg": "http://metadata.un.org/sdg/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "oa": "http://www.w3.org/ns/oa#",
}
RDF_TYPE = NAMESPACES["rdf"] + "type"
# the type a node is shown as when it has several: the most telling first
TYPE_ORDER = (
    "Alignment", "Commitment", "Declaration", "Framework", "RoundTable", "Objective", "Action",
    "GuidingPrinciple", "Goal", "Target", "Indicator", "SendaiTarget", "SendaiPriority", "ActionArea",
    "Article", "Point", "Recital", "Paragraph", "Footnote", "Citation", "Section", "Document",
    "SpeechAct", "Actor", "AlignmentBasis", "Activity", "SoftwareAgent", "Concept",
)
# label sources, best first; skos:note names SDG goals/targets/indicators ("Target 10.7", "Cible 10.7")
LABEL_PROPERTIES = ("rdfs:label", "sdg-note", "dcterms:title", "skos:prefLabel", "gcmkg:heading")
TEXT_PROPERTIES = ("gcmkg:text", "skos:prefLabel", "dcterms:description")
NAME_QUERY = """
SELECT DISTINCT ?node ?property ?value WHERE {
  VALUES ?property { rdfs:label skos:prefLabel skos:altLabel skos:note dcterms:title dcterms:description
                     dcterms:identifier gcmkg:text gcmkg:heading skos:notation }
  ?node ?property ?value .
  FILTER(isLiteral(?value) && (?property != skos:notation || DATATYPE(?value) = xsd:string))
}"""
TYPE_QUERY = "SELECT DISTINCT ?node ?type WHERE { ?node a ?type FILTER(isIRI(?type)) }"


def compact(iri: str) -> str:
    """``gcmkg:advances`` for the IRI of a known namespace; other IRIs unchanged."""
    for prefix, namespace in NAMESPACES.items():
        if iri.startswith(namespace) and "/" not in iri[len(namespace):].strip("/"):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def expand(name: str) -> str:
    """The IRI of ``prefix:local`` for a known prefix; anything else unchanged."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in NAMESPACES and not local.startswith("//"):
        return NAMESPACES[prefix] + local
    return name


def local_name(iri: str) -> str:
    """The last segment of an IRI: ``Target``, ``advances``, ``para_53``."""
    return iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]


def _prefix_query(text: str) -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in NAMESPACES.items()) + text


def _pick(values: dict[str, list[str]], language: str) -> str | None:
    """The value in ``language``, else English, else untagged, else any; the shortest of a tie."""
    for tag in (language, "en", ""):
        if values.get(tag):
            return min(values[tag], key=lambda v: (len(v), v))
    rest = [v for vs in values.values() for v in vs]
    return min(rest, key=lambda v: (len(v), v)) if rest else None


class Labels:
    """Types, labels, texts and alternative names of every node of a store, in one language.

    >>> import tempfile
    >>> from rdflib import Graph
    >>> from gcmkg.graph.store import EmbeddedStore
    >>> g = Graph().parse(data='''@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...   @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ...   <urn:o20> a <https://w3id.org/gcmkg/ontology#Objective> ; rdfs:label "Objective 20"@en ;
    ...     skos:prefLabel "Promote faster, safer and cheaper transfer of remittances"@en .''', format="turtle")
    >>> store = EmbeddedStore(tempfile.mkdtemp() + "/s"); _ = store.replace_graph("urn:g", g)
    >>> labels = Labels(store)
    >>> labels.label("urn:o20"), labels.type("urn:o20")
    ('Objective 20', 'Objective')
    >>> labels.text("urn:o20")
    'Promote faster, safer and cheaper transfer of remittances'
    """

    def __init__(self, store: Store, language: str = "en") -> None:
        self.language = language
        self.types: dict[str, tuple[str, ...]] = {}
        self.values: dict[str, dict[str, dict[str, list[str]]]] = defaultdict(lambda: defaultdict(dict))
        found: dict[str, set[str]] = defaultdict(set)
        for row in store.query(_prefix_query(TYPE_QUERY)):
            found[node_id(row["node"])].add(row["type"].value)
        self.types = {node: tuple(sorted(types)) for node, types in found.items()}
        for row in store.query(_prefix_query(NAME_QUERY)):
            node, value = node_id(row["node"]), row["value"]
            prop = compact(row["property"].value)
            if prop == "skos:note" and node.startswith(NAMESPACES["sdg"]):
                prop = "sdg-note"
            self.values[node][prop].setdefault(value.language or "", []).append(value.value)

    def nodes(self) -> Iterable[str]:
        """Every node that has a type or a name."""
        return set(self.types) | set(self.values)

    def value(self, node: str, prop: str) -> str | None:
        """One value of a naming property (``"skos:prefLabel"``) in the index's language."""
        return _pick(self.values.get(node, {}).get(prop, {}), self.language)

    def all_values(self, node: str, prop: str) -> list[str]:
        """Every value of a naming property, whatever its language."""
        return [v for vs in self.values.get(node, {}).get(prop, {}).values() for v in vs]

    def label(self, node: str) -> str:
        """A short name: rdfs:label, an SDG's "Target 10.7", a title, a preferred label, else the IRI's end."""
        for prop in LABEL_PROPERTIES:
            found = self.value(node, prop)
            if found:
                return found
        notation = self.value(node, "skos:notation")
        return notation if notation else local_name(node)

    def text(self, node: str) -> str | None:
        """The words of the node (a paragraph's text, an objective's or target's title), if not its label."""
        label = self.label(node)
        for prop in TEXT_PROPERTIES:
            found = self.value(node, prop)
            if found and found != label:
                return found
        return None

    def short_title(self, node: str) -> str:
        """A name fit for an axis: a framework's shortest spaced alias, otherwise the label."""
        aliases = [a for a in self.all_values(node, "skos:altLabel") if " " in a]
        return min(aliases, key=len) if aliases else self.label(node)

    def type(self, node: str) -> str:
        """The node's most telling type as a local name (``Commitment`` over ``Paragraph``)."""
        names = [local_name(t) for t in self.types.get(node, ())]
        for preferred in TYPE_ORDER:
            if preferred in names:
                return preferred
        return names[0] if names else "Resource"

    def has_type(self, node: str, wanted: Iterable[str]) -> bool:
        """Whether one of the node's types is among ``wanted`` (local names, ``prefix:local`` or IRIs)."""
        mine = self.types.get(node, ())
        keys = {t for t in mine} | {compact(t) for t in mine} | {local_name(t) for t in mine}
        return any(w in keys or expand(w) in keys for w in wanted)


def node_id(term: ox.NamedNode | ox.BlankNode) -> str:
    """A node's identifier: the IRI, or ``_:id`` for a blank node.

    >>> node_id(ox.NamedNode("http://metadata.un.org/sdg/10.7")), node_id(ox.BlankNode("b0"))
    ('http://metadata.un.org/sdg/10.7', '_:b0')
    """
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"
