"""The SHACL shapes and the violation queries: a good fixture passes, each broken one fails as expected.

Fixtures are in ``tests/data/shapes``: ``good.ttl`` conforms and passes every check; each case below
adds ``broken/<name>.ttl`` to it and removes some of its triples, and names what must catch it.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph, URIRef

from gcmkg.graph.named_queries import parse_named_query
from gcmkg.graph.validate import check_queries, validate
from gcmkg.ontology import ONTOLOGY_FILE, SHAPES_FILE
from gcmkg.queries import QUERIES_DIR

DATA = Path(__file__).parent / "data" / "shapes"
GCMKG = "https://w3id.org/gcmkg/ontology#"
DEMO = "https://w3id.org/gcmkg/id/doc/demo/"
ID = "https://w3id.org/gcmkg/id/"


def _iri(name: str) -> URIRef:
    """``gcmkg:x``, ``demo:x``, ``id:x`` or a full IRI."""
    for prefix, base in (("gcmkg:", GCMKG), ("demo:", DEMO), ("id:", ID)):
        if name.startswith(prefix):
            return URIRef(base + name[len(prefix):])
    return URIRef(name)


def fixture(add: str = "empty", remove: tuple[tuple[str, str], ...] = ()) -> Graph:
    """good.ttl plus ``broken/<add>.ttl``, without the triples of each (subject, predicate) in ``remove``."""
    g = Graph().parse(DATA / "good.ttl")
    g.parse(DATA / "broken" / f"{add}.ttl")
    for subject, predicate in remove:
        triples = list(g.triples((_iri(subject), _iri(predicate), None)))
        assert triples, f"the fixture has no {subject} {predicate} to remove"
        for triple in triples:
            g.remove(triple)
    return g


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def shacl(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, str]:
    """Run the shapes as ``graph/validate.py`` does (RDFS inference with the ontology)."""
    conforms, _, text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", allow_warnings=True
    )
    return bool(conforms), text


def run_check(name: str, data: Graph) -> list[tuple[str, str]]:
    """The rows of ``queries/checks/<name>.rq`` on ``data``, held in a named graph and queried as the union."""
    store = ox.Store()
    graph = ox.NamedNode("https://w3id.org/gcmkg/graph/fixture")
    store.load(data.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    query = parse_named_query(QUERIES_DIR / "checks" / f"{name}.rq")
    rows = store.query(query.text, use_default_graph_as_union=True)
    return [(row["focus"].value, row["message"].value) for row in rows]


# --- SHACL --------------------------------------------------------------------------------------

def test_good_fixture_conforms(shapes, ontology):
    conforms, text = shacl(fixture(), shapes, ontology)
    assert conforms, text


# (case, fixture to add, (subject, predicate) pairs to remove, words the report must contain)
SHACL_CASES = [
    ("paragraph without text, no known gap", "paragraph-without-text", (),
     "does not record why (gcmkg:knownGap)"),
    ("gcm paragraph without text once the gap is gone", "empty", (("id:doc/gcm", "gcmkg:knownGap"),),
     "does not record why (gcmkg:knownGap)"),
    ("text with a drafting annotation", "text-with-annotation", (), "drafting annotation"),
    ("text with a superscript footnote marker", "text-with-footnote-marker", (), "drafting annotation"),
    ("text not tagged @en", "text-without-language", (), "non-empty English text"),
    ("paragraph number 0", "paragraph-number-zero", (), "exactly one paragraph number"),
    ("paragraph with no number", "empty", (("demo:para_1", "gcmkg:paragraphNumber"),),
     "exactly one paragraph number"),
    ("paragraph in no document", "empty", (("demo:para_1", "gcmkg:inDocument"),), "exactly one document"),
    ("citation without cited document", "empty", (("demo:para_1__cit_1", "gcmkg:citedDocument"),),
     "exactly one cited document"),
    ("citation without its words as written", "empty", (("demo:para_1__cit_1", "gcmkg:citedAs"),),
     "exactly as the text writes it"),
    ("objective with two English prefLabels", "objective-two-preflabels", (), "exactly one English preferred label"),
    ("objective without prefLabel", "empty", (("id:gcm/objective/20", "http://www.w3.org/2004/02/skos/core#prefLabel"),),
     "exactly one English preferred label"),
    ("objective 24", "objective-bad-notation", (), "from 1 to 23"),
    ("objective held in no paragraph", "empty", (("id:gcm/objective/20", "gcmkg:heldIn"),), "gcmkg:heldIn"),
    ("alignment score 1.5", "alignment-score", (), "score, a decimal number from 0 to 1"),
    ("alignment on an unknown basis", "alignment-unknown-basis", (), "one of the six bases"),
    ("alignment without method", "empty", (("id:alignment/0000000000000001", "http://www.w3.org/ns/prov#wasGeneratedBy"),),
     "method that made it"),
    ("commitment without committing speech act", "empty", (("demo:para_2", "gcmkg:speechAct"),),
     "committing speech act"),
    ("speech act without committing flag", "empty", (("id:speech-act/commit", "gcmkg:committing"),),
     "whether it commits"),
    ("footnote marker not a number", "footnote-bad-marker", (), "digits only"),
    ("round table covering nothing", "empty", (("demo:sec_1__subsec_1", "gcmkg:coversObjective"),),
     "objectives it covered"),
    ("round table covering an SDG target", "round-table-covers-target", (), "from 1 to 23"),
    ("source file with a bad sha256", "source-bad-sha256", (), "64 lowercase hexadecimal digits"),
    ("span ending before it starts", "span-reversed", (), "not after its end offset"),
    ("current indicator linked to no target", "indicator-without-target", (), "not marked as dropped"),
    ("target of no goal", "empty", (("http://metadata.un.org/sdg/10.c", "http://metadata.un.org/sdg/ontology#isTargetOf"),),
     "exactly one goal"),
    ("document without title", "empty", (("id:doc/paris-agreement", "http://purl.org/dc/terms/title"),), "no title"),
    ("point outside any paragraph", "empty", (("https://w3id.org/gcmkg/id/doc/paris-agreement/art_8__para_4__point_h",
                                               "gcmkg:partOf"),), "part of the paragraph it stands in"),
]


@pytest.mark.parametrize("case, add, remove, message", SHACL_CASES, ids=[c[0] for c in SHACL_CASES])
def test_broken_fixture_fails_with_message(shapes, ontology, case, add, remove, message):
    conforms, text = shacl(fixture(add, remove), shapes, ontology)
    assert not conforms, f"{case}: the shapes let it through"
    assert message in text, f"{case}: expected a message with {message!r}; the report was:\n{text}"


def test_every_shape_message_is_english(shapes):
    from rdflib.namespace import SH

    messages = list(shapes.objects(None, SH.message))
    assert len(messages) > 40
    assert all(m.language == "en" and m.endswith(".") for m in messages)


# --- violation queries --------------------------------------------------------------------------

# the check, and a broken fixture on which it must report rows
CHECK_CASES = {
    "paragraph-numbering-violation": ("paragraph-numbering-gap", (), "has a gap"),
    "paragraph-eid-violation": ("paragraph-eid-mismatch", (), "should end in para_3"),
    "round-table-objective-violation": ("round-table-covers-target", (), "not a Compact objective"),
    "commitment-speech-act-violation": ("committing-paragraph-not-commitment", (), "not listed as a commitment"),
    "duplicate-notation-violation": ("duplicate-objective-notation", (), "same notation \"20\""),
    "cited-document-name-violation": ("cited-document-unnamed", (), "neither a title nor a UN document symbol"),
    "citation-shortcut-violation": ("empty", (("demo:para_1", "gcmkg:cites"),), "no direct link"),
    "footnote-link-violation": ("empty", (("demo:sec_1__subsec_1", "gcmkg:hasFootnote"),),
                                "does not list it"),
    "section-document-violation": ("section-of-other-document", (), "placed in section"),
    "deprecated-indicator-violation": ("deprecated-indicator-linked", (), "still linked"),
    "alignment-direct-link-violation": ("alignment-without-direct-link", (), "lacks its direct link"),
}
MORE_CHECK_CASES = [
    ("commitment-speech-act-violation", "empty", (("demo:para_2", "gcmkg:speechAct"),), "none of its speech acts"),
    ("paragraph-numbering-violation", "empty", (("demo:para_1", "gcmkg:paragraphNumber"),), "no paragraph 1"),
    ("citation-shortcut-violation", "empty", (("demo:para_1", "gcmkg:hasCitation"),), "no citation of it"),
]
CHECK_NAMES = sorted(p.stem for p in (QUERIES_DIR / "checks").glob("*-violation.rq"))


def test_every_check_has_a_broken_fixture():
    assert CHECK_NAMES, "no queries/checks/*-violation.rq"
    assert set(CHECK_NAMES) == set(CHECK_CASES), "each check needs a case in CHECK_CASES, and each case its check"


def test_checks_have_headers_and_columns():
    for query in check_queries():
        assert query.summary and query.description, query.name
        assert "?focus" in query.text and "?message" in query.text, query.name
        assert not query.parameters, f"{query.name} must take no parameters"


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_check_finds_nothing_on_good_fixture(name):
    assert run_check(name, fixture()) == []


@pytest.mark.parametrize(
    "name, add, remove, message",
    [(name, *case) for name, case in CHECK_CASES.items()] + MORE_CHECK_CASES,
)
def test_check_reports_broken_fixture(name, add, remove, message):
    rows = run_check(name, fixture(add, remove))
    assert rows, f"{name} found nothing on {add} {remove}"
    assert any(message in text for _, text in rows), rows
    assert all(focus for focus, _ in rows)


# --- the real build -----------------------------------------------------------------------------

def test_real_build_conforms(store):
    report = validate(store)
    assert report.conforms, report.text()
