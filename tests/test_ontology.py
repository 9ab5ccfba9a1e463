"""The OWL ontology ``ontology/gcmkg.ttl``: it parses, matches ``vocab.py`` term for term, and HermiT
finds it consistent and draws the inferences its axioms promise (property chains, transitivity,
inverses, the definition of a commitment, disjointness)."""

from __future__ import annotations

import io
import re
import shutil
import time
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from gcmkg.graph.alignments import BASES
from gcmkg.ontology import ONTOLOGY_FILE
from gcmkg.ontology import vocab
from gcmkg.ontology.vocab import GCMKG, ID, SDG

ONTOLOGY_IRI = URIRef("https://w3id.org/gcmkg/ontology")
NS = str(GCMKG._NS)
KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs a Java runtime (no `java` on PATH)")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def local(term) -> str:
    return str(term)[len(NS):]


def test_header_says_what_the_ontology_is_and_fetches_nothing(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    for prop in (OWL.versionInfo, DCTERMS.title, DCTERMS.description, DCTERMS.license):
        assert ontology.value(ONTOLOGY_IRI, prop) is not None, f"the header lacks {prop}"
    assert not list(ontology.objects(None, OWL.imports)), "owl:imports would make tools fetch at run time"


def test_declared_terms_are_exactly_those_of_vocab(ontology):
    declared = {local(s) for kind in KINDS for s in ontology.subjects(RDF.type, kind) if str(s).startswith(NS)}
    vocab = set(GCMKG.__annotations__)
    assert not vocab - declared, f"in vocab.py but not declared in gcmkg.ttl: {sorted(vocab - declared)}"
    assert not declared - vocab, f"declared in gcmkg.ttl but missing from vocab.py: {sorted(declared - vocab)}"


def test_no_gcmkg_term_is_used_without_being_in_vocab(ontology):
    used = {local(t) for triple in ontology for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used <= set(GCMKG.__annotations__), f"typos or undeclared terms: {sorted(used - set(GCMKG.__annotations__))}"


def vocab_kinds() -> dict[str, URIRef]:
    """Each term of vocab.py with the kind its block says: classes, then "# object properties", then "# datatype properties"."""
    kind, kinds = OWL.Class, {}
    for line in Path(vocab.__file__).read_text(encoding="utf-8").splitlines():
        if line.strip() == "# object properties":
            kind = OWL.ObjectProperty
        elif line.strip() == "# datatype properties":
            kind = OWL.DatatypeProperty
        elif match := re.fullmatch(r"    ([A-Za-z0-9]+): URIRef", line):
            kinds[match.group(1)] = kind
    return kinds


def test_each_term_is_declared_as_the_kind_vocab_lists_it_under(ontology):
    kinds = vocab_kinds()
    assert set(kinds) == set(GCMKG.__annotations__)
    for name, kind in kinds.items():
        declared = set(ontology.objects(GCMKG[name], RDF.type)) & KINDS
        assert declared == {kind}, f"gcmkg:{name} is declared as {sorted(declared)}, vocab.py lists it as {kind}"


def test_each_term_has_an_english_label_comment_and_its_definer(ontology):
    for name in GCMKG.__annotations__:
        term = GCMKG[name]
        for prop in (RDFS.label, RDFS.comment):
            values = [v for v in ontology.objects(term, prop) if isinstance(v, Literal) and v.language == "en"]
            assert len(values) == 1 and str(values[0]).strip(), f"gcmkg:{name} needs one {prop} @en"
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology, f"gcmkg:{name} lacks rdfs:isDefinedBy"


@pytest.mark.parametrize("child, parent", [
    ("Declaration", "Document"), ("Framework", "Document"), ("RoundTable", "Section"), ("Commitment", "Paragraph"),
    *[(part, "Part") for part in ("Section", "Paragraph", "Recital", "Article", "Point", "Footnote")],
])
def test_class_hierarchy(ontology, child, parent):
    assert (GCMKG[child], RDFS.subClassOf, GCMKG[parent]) in ontology


def test_reused_external_classes_are_declared(ontology):
    prov, skos = "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#"
    assert (GCMKG.Document, RDFS.subClassOf, URIRef(prov + "Entity")) in ontology
    for concept in ("Objective", "GuidingPrinciple", "SendaiTarget", "SendaiPriority", "ActionArea"):
        assert (GCMKG[concept], RDFS.subClassOf, URIRef(skos + "Concept")) in ontology
    external = {o for o in ontology.objects(None, RDFS.subClassOf) if isinstance(o, URIRef) and not str(o).startswith(NS)}
    for term in external:
        assert (term, RDF.type, OWL.Class) in ontology, f"{term} is used but not declared"


def test_the_six_alignment_bases_are_named_individuals(ontology):
    bases = set(ontology.subjects(RDF.type, GCMKG.AlignmentBasis))
    assert bases == {ID[f"basis/{name}"] for name in BASES}
    for basis in bases:
        assert (basis, RDF.type, OWL.NamedIndividual) in ontology
        assert ontology.value(basis, RDFS.label) and ontology.value(basis, RDFS.comment)
    suggestion = [b for b in bases if "suggestion" in str(ontology.value(b, RDFS.comment))]
    assert suggestion == [ID["basis/similarity"]]


def test_property_axioms(ontology):
    assert (GCMKG.partOf, RDF.type, OWL.TransitiveProperty) in ontology
    for prop, inverse in [("partOf", "hasPart"), ("hasFootnote", "footnoteOf"), ("hasCitation", "citationIn"),
                          ("coversObjective", "coveredIn"), ("advances", "advancedBy")]:
        assert (GCMKG[prop], OWL.inverseOf, GCMKG[inverse]) in ontology
    for prop in ("inDocument", "inSection"):
        assert (GCMKG[prop], RDFS.subPropertyOf, GCMKG.partOf) in ontology


# ---------------------------------------------------------------------------------------------
# HermiT, through owlready2 (which reads RDF/XML or N-Triples, not Turtle)

def reason(graph: Graph):
    """Load ``graph`` into a fresh owlready2 world, run HermiT, return the world as an rdflib graph."""
    import owlready2

    world = owlready2.World()
    data = graph.serialize(format="nt", encoding="utf-8")
    world.get_ontology("https://w3id.org/gcmkg/test").load(fileobj=io.BytesIO(data), format="ntriples")
    owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    return world


@needs_java
def test_hermit_finds_the_ontology_consistent(ontology):
    started = time.perf_counter()
    world = reason(ontology)
    seconds = time.perf_counter() - started
    assert list(world.inconsistent_classes()) == []
    assert seconds < 60, f"HermiT took {seconds:.1f}s on the bare ontology"


ABOX = """
@prefix gcmkg: <https://w3id.org/gcmkg/ontology#> .
@prefix id:    <https://w3id.org/gcmkg/id/> .
@prefix sdg:   <http://metadata.un.org/sdg/> .
@prefix sdgo:  <http://metadata.un.org/sdg/ontology#> .

id:doc\\/demo a gcmkg:Declaration .
id:doc\\/gcm a gcmkg:Framework .
id:speech-act\\/commit a gcmkg:SpeechAct ; gcmkg:committing true .

# typed only as a paragraph: its committing speech act makes it a commitment
id:doc\\/demo\\/para_1 a gcmkg:Paragraph ;
    gcmkg:inDocument id:doc\\/demo ;
    gcmkg:speechAct id:speech-act\\/commit ;
    gcmkg:hasCitation id:doc\\/demo\\/para_1__cit_1 ;
    gcmkg:advances id:gcm\\/objective\\/20 .
id:doc\\/demo\\/para_1__cit_1 a gcmkg:Citation ; gcmkg:citedDocument id:doc\\/gcm .
id:gcm\\/objective\\/20 a gcmkg:Objective ; gcmkg:alignsWith sdg:10.c .
sdg:10.c a sdgo:Target .

# Paris-style nesting: point (h) of paragraph 4 of Article 8
id:doc\\/paris\\/art_8 a gcmkg:Article ; gcmkg:inDocument id:doc\\/paris .
id:doc\\/paris\\/art_8__para_4 a gcmkg:Paragraph ; gcmkg:partOf id:doc\\/paris\\/art_8 .
id:doc\\/paris\\/art_8__para_4__point_h a gcmkg:Point ; gcmkg:partOf id:doc\\/paris\\/art_8__para_4 .
"""


@pytest.fixture(scope="module")
def inferred(ontology) -> Graph:
    if shutil.which("java") is None:
        pytest.skip("HermiT needs a Java runtime (no `java` on PATH)")
    return reason(ontology + Graph().parse(data=ABOX, format="turtle")).as_rdflib_graph()


def test_reasoner_infers_cites_from_a_citation(inferred):
    assert (ID["doc/demo/para_1"], GCMKG.cites, ID["doc/gcm"]) in inferred
    assert (ID["doc/demo/para_1__cit_1"], GCMKG.citationIn, ID["doc/demo/para_1"]) in inferred


def test_reasoner_infers_contributes_to_through_the_objective(inferred):
    assert (ID["doc/demo/para_1"], GCMKG.contributesTo, SDG["10.c"]) in inferred
    assert (ID["gcm/objective/20"], GCMKG.advancedBy, ID["doc/demo/para_1"]) in inferred


def test_reasoner_follows_part_of_transitively_and_inverts_it(inferred):
    point = ID["doc/paris/art_8__para_4__point_h"]
    assert (point, GCMKG.partOf, ID["doc/paris/art_8"]) in inferred
    assert (point, GCMKG.partOf, ID["doc/paris"]) in inferred  # via inDocument, a sub-property of partOf
    assert (ID["doc/paris"], GCMKG.hasPart, point) in inferred
    assert (ID["doc/demo/para_1"], GCMKG.partOf, ID["doc/demo"]) in inferred


def test_reasoner_classifies_a_paragraph_with_a_committing_act_as_a_commitment(inferred):
    assert (ID["doc/demo/para_1"], RDF.type, GCMKG.Commitment) in inferred
    assert (ID["doc/paris/art_8__para_4"], RDF.type, GCMKG.Commitment) not in inferred


@needs_java
def test_reasoner_rejects_a_paragraph_that_is_also_a_footnote(ontology):
    import owlready2

    clash = Graph()
    clash.add((ID["doc/demo/para_1"], RDF.type, GCMKG.Paragraph))
    clash.add((ID["doc/demo/para_1"], RDF.type, GCMKG.Footnote))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(ontology + clash)


# ---------------------------------------------------------------------------------------------
# The ontology against the graph the loaders build (validation runs with RDFS inference, so a
# domain or range that does not hold would silently retype nodes)

DOMAIN_RANGE_MISFITS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?property ?node ?expected WHERE {
  { ?property rdfs:domain ?expected . ?node ?property ?value . }
  UNION
  { ?property rdfs:range ?expected . FILTER(STRSTARTS(STR(?expected), "https://w3id.org/gcmkg/"))
    ?subject ?property ?node . }
  FILTER(STRSTARTS(STR(?property), "https://w3id.org/gcmkg/ontology#"))
  FILTER NOT EXISTS { ?node a/rdfs:subClassOf* ?expected }
} LIMIT 20
"""


def test_domains_and_ranges_hold_on_the_built_graph(store):
    rows = [(r["property"].value, r["node"].value, r["expected"].value) for r in store.query(DOMAIN_RANGE_MISFITS)]
    assert rows == [], "nodes the ontology would retype:\n" + "\n".join(map(str, rows))


@needs_java
def test_hermit_finds_the_built_graph_consistent_with_the_ontology(store):
    import owlready2
    import pyoxigraph as ox

    data = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()),
                        format=ox.RdfFormat.N_TRIPLES)
    world = owlready2.World()
    world.get_ontology("https://w3id.org/gcmkg/built").load(fileobj=io.BytesIO(data), format="ntriples")
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)  # raises if inconsistent
    assert list(world.inconsistent_classes()) == []


# ---------------------------------------------------------------------------------------------
# The JSON-LD context for exports

def test_context_names_every_term_and_round_trips():
    import json

    from gcmkg.ontology import CONTEXT_FILE

    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    assert context["@version"] == 1.1
    for prefix in ("gcmkg", "id", "skos", "dcterms", "prov", "sdg", "sdgo", "xsd", "rdfs", "owl", "oa"):
        assert prefix in context, f"the context lacks the prefix {prefix}"
    missing = [name for name in GCMKG.__annotations__ if context.get(name, {}).get("@id") != f"gcmkg:{name}"]
    assert not missing, f"the context lacks terms for {missing}"
    data = Graph().parse(Path(__file__).parent / "data" / "shapes" / "good.ttl")
    compacted = data.serialize(format="json-ld", context=context, auto_compact=True)
    assert '"paragraphNumber"' in compacted and '"text"' in compacted
    assert Graph().parse(data=compacted, format="json-ld").isomorphic(data)
