"""The Addis Ababa Action Agenda loader on the real facts file: sections, action areas, paragraph 40, bad input."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import DCTERMS, SKOS

from gcmkg.errors import SourceError
from gcmkg.loaders.aaaa import AAAA, ACTION_AREAS, SOURCE, SUMMARY, load_aaaa
from gcmkg.loaders.registry import default_sources
from gcmkg.ontology.vocab import GCMKG, ID

PARA_40 = ID["doc/aaaa/para_40"]


@pytest.fixture(scope="module")
def g():
    return load_aaaa()


def test_aaaa_is_a_registered_source():
    assert "aaaa" in [source.name for source in default_sources()]


def test_three_sections_with_their_titles(g):
    sections = {str(g.value(s, GCMKG.eId)): str(g.value(s, GCMKG.heading)) for s in g.subjects(RDF.type, GCMKG.Section)}
    assert sections == {
        "sec_I": "A global framework for financing development post-2015",
        "sec_II": "Action areas",
        "sec_III": "Data, monitoring and follow-up",
    }
    assert all(g.value(ID[f"doc/aaaa/{eid}"], GCMKG.partOf) == AAAA for eid in sections)


def test_seven_action_areas_in_section_ii(g):
    areas = sorted(g.subjects(RDF.type, GCMKG.ActionArea))
    assert [str(g.value(a, SKOS.notation)) for a in areas] == list("ABCDEFG")
    for area in areas:
        assert (area, RDF.type, SKOS.Concept) in g
        assert g.value(area, SKOS.inScheme) == ACTION_AREAS
        assert g.value(area, GCMKG.partOf) == ID["doc/aaaa/sec_II"]
    assert g.value(ID["aaaa/action-area/B"], SKOS.prefLabel) == Literal(
        "Domestic and international private business and finance", lang="en")


def test_paragraph_40_is_in_action_area_b_with_summaries_and_no_text(g):
    assert (PARA_40, RDF.type, GCMKG.Paragraph) in g
    assert g.value(PARA_40, GCMKG.paragraphNumber).toPython() == 40
    assert g.value(PARA_40, GCMKG.partOf) == ID["aaaa/action-area/B"]
    assert g.value(PARA_40, GCMKG.inDocument) == AAAA
    assert g.value(PARA_40, DCTERMS.subject) == Literal("remittances", lang="en")
    assert (PARA_40, GCMKG.text, None) not in g
    notes = sorted(str(n) for n in g.objects(PARA_40, SKOS.note))
    assert len(notes) == 5
    assert all(note.startswith(SUMMARY) for note in notes)
    assert all(n.language == "en" for n in g.objects(PARA_40, SKOS.note))
    assert SUMMARY + ("work towards reducing the average transaction cost of migrant remittances by 2030 to less "
                      "than 3 per cent of the amount transferred") in notes
    assert set(g.subjects(RDF.type, GCMKG.Paragraph)) == {PARA_40}  # no paragraph the facts do not establish


def test_document_identity_and_known_gap(g):
    assert (AAAA, RDF.type, GCMKG.Framework) in g
    assert str(g.value(AAAA, DCTERMS.identifier)) == "A/RES/69/313"
    assert str(g.value(AAAA, DCTERMS.date)) == "2015-07-27"
    assert str(g.value(AAAA, DCTERMS.title)).startswith("Addis Ababa Action Agenda")
    gaps = [str(gap) for gap in g.objects(AAAA, GCMKG.knownGap)]
    assert any(gap.startswith("No full text") for gap in gaps)
    assert any("not their official wording" in gap for gap in gaps)
    source = g.value(AAAA, DCTERMS.source)
    assert str(g.value(source, RDFS.label)) == "loaders/sources/aaaa/aaaa-structure.yml"


def test_sparql_in_pyoxigraph_finds_the_remittances_paragraph_under_section_ii(g):
    store = ox.Store()
    store.load(g.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    rows = store.query("""
        PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?number ?area WHERE {
          ?section gcmkg:eId "sec_II" .
          ?paragraph a gcmkg:Paragraph ; gcmkg:partOf+ ?section ; gcmkg:paragraphNumber ?number ;
                     gcmkg:partOf ?a . ?a skos:notation ?area .
        }""")
    assert [(int(row["number"].value), row["area"].value) for row in rows] == [(40, "B")]


# Broken copies of the facts file: each must stop the load with a SourceError naming the file and line.

def broken(tmp_path, edit):
    path = tmp_path / "aaaa-structure.yml"
    path.write_text(edit(SOURCE.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def refused(path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        load_aaaa(path)
    assert caught.value.path == str(path)
    return caught.value


def test_missing_file_is_refused(tmp_path):
    assert "not found" in refused(tmp_path / "nowhere.yml").message


def test_missing_action_area_is_refused(tmp_path):
    error = refused(broken(tmp_path, lambda t: t.replace("  E: Debt and debt sustainability\n", "")))
    assert (error.line, error.message) == (18, "expected action area 'E', found 'F'")


def test_missing_section_is_refused(tmp_path):
    error = refused(broken(tmp_path, lambda t: t.replace("  III: Data, monitoring and follow-up\n", "")))
    assert error.line == 11 and "expected section 'III'" in error.message


def test_missing_title_is_refused(tmp_path):
    error = refused(broken(tmp_path, lambda t: t.replace("  title: Addis Ababa Action Agenda", "  name: Addis")))
    assert (error.line, error.message) == (4, "expected the key 'title' under 'document'")


def test_paragraph_in_an_unknown_action_area_is_refused(tmp_path):
    error = refused(broken(tmp_path, lambda t: t.replace("action_area: B", "action_area: H")))
    assert error.line == 23 and "expected an action area A to G, found 'H'" in error.message


def test_paragraph_without_facts_is_refused(tmp_path):
    error = refused(broken(tmp_path, lambda t: t[: t.index("    facts:")]))
    assert (error.line, error.message) == (22, "expected the key 'facts' under '40'")
