"""Reasoning: the ontology's property axioms materialised into ``graph/inferred``, two ways that must agree.

The axioms (``ontology/gcmkg.ttl``): sub-properties of ``partOf``, inverses, transitive ``partOf`` /
``hasPart``, and the chains ``contributesTo = advances o alignsWith`` and ``cites = hasCitation o
citedDocument``. Two reasoners give the same triples (``tests/test_reason.py`` checks it):

- ``"rules"`` (the default, no Java): the SPARQL CONSTRUCT rules of ``queries/rules/*.rq``, which
  read the axioms from the ontology graph, run on the store until none adds a triple;
- ``"owl"``: owlready2 and HermiT over the ontology plus the asserted triples of those properties.

Either way the result holds only triples the store did not already have. Each inferred
``contributesTo`` also becomes an ``Alignment`` with basis ``inference``, quoting its two steps.

>>> sorted(path.stem for path in RULES)
['chain', 'inverse', 'subproperty', 'transitive']
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import OWL, RDFS

from gcmkg.errors import GcmkgError

from ..ontology import ONTOLOGY_FILE
from ..ontology.vocab import GCMKG, GRAPH
from ..queries import QUERIES_DIR
from .alignments import Alignment
from .store import EmbeddedStore
from .terms import to_rdflib

RULES = sorted((QUERIES_DIR / "rules").glob("*.rq"))
REASONERS = ("rules", "owl")
MAX_ROUNDS = 50  # the rules only add triples among existing nodes, so a fixpoint comes long before


def materialise(store: EmbeddedStore, *, reasoner: str = "rules") -> Graph:
    """The triples the property axioms add to the store (not those already in it).

    The rules write ``graph/inferred`` as they go (each rule must see what the others found); the
    OWL reasoner leaves the store as it is.
    """
    if reasoner == "rules":
        return materialise_with_rules(store)
    if reasoner == "owl":
        return materialise_with_owl(store)
    raise GcmkgError(f"unknown reasoner {reasoner!r}; choose one of {', '.join(REASONERS)}")


def materialise_with_rules(store: EmbeddedStore, rules: list[Path] = RULES) -> Graph:
    """Run the rules, each adding to ``graph/inferred``, until a whole round adds nothing.

    The graph is emptied first; what a rule finds is added to it at once (the next rule must see
    it), without rewriting what earlier rules found.
    """
    texts = [Path(rule).read_text(encoding="utf-8") for rule in rules]
    target = ox.NamedNode(str(GRAPH["inferred"]))
    store.replace_graph(GRAPH["inferred"], Graph())
    inferred = Graph()
    for _ in range(MAX_ROUNDS):
        added = 0
        for text in texts:
            new = list(store.query(text))
            if new:
                store.oxigraph.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in new)
                for triple in new:
                    inferred.add(tuple(to_rdflib(term) for term in triple))
                added += len(new)
        if not added:
            return inferred
    raise GcmkgError(f"the rules did not reach a fixpoint in {MAX_ROUNDS} rounds")


def axiom_properties(ontology: Graph) -> tuple[set[URIRef], set[URIRef]]:
    """The properties the axioms read (every one they name) and those they can add triples of."""
    read, written = set(), set()
    for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
        read |= {sub, sup}
        written.add(sup)
    for prop, inverse in ontology.subject_objects(OWL.inverseOf):
        read |= {prop, inverse}
        written |= {prop, inverse}
    for prop in ontology.subjects(RDF.type, OWL.TransitiveProperty):
        read.add(prop)
        written.add(prop)
    for prop, chain in ontology.subject_objects(OWL.propertyChainAxiom):
        read |= {prop, *ontology.items(chain)}
        written.add(prop)
    return {p for p in read if isinstance(p, URIRef)}, {p for p in written if isinstance(p, URIRef)}


def asserted(store: EmbeddedStore, properties: set[URIRef]) -> Graph:
    """The triples of ``properties`` in every graph but ``graph/inferred``, between IRIs."""
    g = Graph()
    inferred = ox.NamedNode(str(GRAPH["inferred"]))
    wanted = {str(prop) for prop in properties}
    for quad in store.quads():
        if quad.predicate.value in wanted and quad.graph_name != inferred and isinstance(quad.object, ox.NamedNode):
            g.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return g


def java_available() -> bool:
    """HermiT runs on Java: is there a ``java`` on the PATH?"""
    return shutil.which("java") is not None


def materialise_with_owl(store: EmbeddedStore) -> Graph:
    """owlready2 + HermiT over the ontology and the asserted triples of the axioms' properties."""
    import owlready2  # imported here: the default build never needs it

    if not java_available():
        raise GcmkgError("the OWL reasoner (HermiT) needs Java; install a JRE or use the rules reasoner")
    ontology = Graph().parse(ONTOLOGY_FILE)
    read, written = axiom_properties(ontology)
    facts = asserted(store, read)
    data = ontology + facts
    for node in set(facts.subjects()) | set(facts.objects()):
        data.add((node, RDF.type, OWL.NamedIndividual))  # owlready2 ignores untyped individuals
    world = owlready2.World()
    payload = data.serialize(format="nt", encoding="utf-8")
    world.get_ontology("https://w3id.org/gcmkg/reasoning").load(fileobj=io.BytesIO(payload), format="ntriples")
    owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    result = world.as_rdflib_graph()
    known = asserted(store, written)
    inferred = Graph()
    for prop in written:
        for s, o in result.subject_objects(prop):
            if isinstance(s, URIRef) and isinstance(o, URIRef) and (s, prop, o) not in known:
                inferred.add((s, prop, o))
    world.close()
    return inferred


# ---------------------------------------------------------------------------------------------
# Inferred contributesTo links as Alignment records

PATHS = """
PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
SELECT ?a ?b ?c WHERE {
  GRAPH <https://w3id.org/gcmkg/graph/inferred> { ?a gcmkg:contributesTo ?c }
  ?a gcmkg:advances ?b . ?b gcmkg:alignsWith ?c .
} ORDER BY ?a ?c ?b"""

LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?node ?name ?rank WHERE {
  { ?node rdfs:label ?name FILTER(LANG(?name) IN ("en", "")) BIND(1 AS ?rank) }
  UNION { ?node skos:notation ?n
          FILTER(DATATYPE(?n) = xsd:string && STRSTARTS(STR(?node), "http://metadata.un.org/sdg/"))
          BIND(CONCAT("SDG ", ?n) AS ?name) BIND(2 AS ?rank) }
  UNION { ?node dcterms:title ?name FILTER(LANG(?name) IN ("en", "")) BIND(3 AS ?rank) }
  FILTER(isIRI(?node))
}"""


def labels(store: EmbeddedStore) -> dict[str, str]:
    """A short English label per node that has one: its label, else its SDG notation, else its title.

    ("Paragraph 32", "Objective 20", "SDG 10.c", "Paris Agreement"); the first in sort order wins a tie.
    """
    ranked: dict[str, tuple[int, str]] = {}
    for row in store.query(LABELS):
        node, choice = row["node"].value, (int(row["rank"].value), row["name"].value)
        if node not in ranked or choice < ranked[node]:
            ranked[node] = choice
    return {node: name for node, (_, name) in ranked.items()}


def inference_alignments(store: EmbeddedStore, links: list[Alignment]) -> list[Alignment]:
    """One ``contributesTo`` record (basis inference) per inferred triple, through its best-scored objective.

    Its score is the product of the two steps' scores: a chain is no surer than both its links.
    """
    steps: dict[tuple[str, str, str], Alignment] = {}
    for link in links:
        key = (str(link.source), str(link.relation), str(link.target))
        if link.accepted and (key not in steps or link.score > steps[key].score):
            steps[key] = link
    names = labels(store)
    best: dict[tuple[str, str], Alignment] = {}
    for row in store.query(PATHS):
        a, b, c = (row[v].value for v in ("a", "b", "c"))
        first, second = steps.get((a, str(GCMKG.advances), b)), steps.get((b, str(GCMKG.alignsWith), c))
        score = (first.score if first else 1.0) * (second.score if second else 1.0)
        if (a, c) in best and best[(a, c)].score >= score:
            continue
        evidence = (f"{names.get(a, a)} advances {names.get(b, b)} ({_how(first)}); "
                    f"{names.get(b, b)} aligns with {names.get(c, c)} ({_how(second)})")
        best[(a, c)] = Alignment(URIRef(a), URIRef(c), "inference", round(score, 4), "contributes-to-chain",
                                 evidence, relation=GCMKG.contributesTo)
    return list(best.values())


def _how(step: Alignment | None) -> str:
    return f"{step.basis} {step.score:.2f}" if step else "asserted"
