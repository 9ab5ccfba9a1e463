"""The Paris Agreement loader on the real text: counts, exact wording, offsets, eIds, SPARQL, bad input."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import DCTERMS

from gcmkg.errors import SourceError
from gcmkg.loaders.paris import PARIS, SOURCE, load_paris, part_iri, read_paris
from gcmkg.loaders.registry import default_sources
from gcmkg.ontology.vocab import GCMKG

ART_8_PARA_1 = ("Parties recognize the importance of averting, minimizing and addressing loss and damage associated "
                "with the adverse effects of climate change, including extreme weather events and slow onset events, "
                "and the role of sustainable development in reducing the risk of loss and damage.")
ART_2_PARA_1_A = ("Holding the increase in the global average temperature to well below 2 °C above pre-industrial "
                  "levels and to pursue efforts to limit the temperature increase to 1.5 °C above pre-industrial "
                  "levels, recognizing that this would significantly reduce the risks and impacts of climate change;")
ART_29 = ("The original of this Agreement, of which the Arabic, Chinese, English, French, Russian and Spanish texts "
          "are equally authentic, shall be deposited with the Secretary-General of the United Nations.")


@pytest.fixture(scope="module")
def g():
    return load_paris()


@pytest.fixture(scope="module")
def source_text():
    return SOURCE.read_text(encoding="utf-8")


def of_class(g, cls):
    return set(g.subjects(RDF.type, cls))


def text(g, node):
    return str(g.value(node, GCMKG.text))


def test_paris_agreement_is_a_registered_source():
    assert "paris-agreement" in [source.name for source in default_sources()]


def test_counts_29_articles_131_paragraphs_36_points_16_recitals(g):
    assert len(of_class(g, GCMKG.Article)) == 29
    assert len(of_class(g, GCMKG.Paragraph)) == 131
    assert len(of_class(g, GCMKG.Point)) == 36
    assert len(of_class(g, GCMKG.Recital)) == 16
    numbered = {p for p in of_class(g, GCMKG.Paragraph) if (p, GCMKG.paragraphNumber, None) in g}
    assert len(numbered) == 124  # the 7 single-paragraph articles (3, 12, 22, 24, 26, 27, 29) print no number


def test_article_8_paragraph_1_has_its_exact_text_number_and_parents(g):
    node = part_iri("art_8__para_1")
    assert text(g, node) == ART_8_PARA_1
    assert g.value(node, GCMKG.text).language == "en"
    assert g.value(node, GCMKG.paragraphNumber).toPython() == 1
    assert str(g.value(node, GCMKG.eId)) == "art_8__para_1"
    assert g.value(node, GCMKG.partOf) == part_iri("art_8")
    assert g.value(node, GCMKG.inDocument) == PARIS
    assert str(g.value(node, RDFS.label)) == "Article 8, paragraph 1"


def test_article_8_paragraph_4_point_h_and_its_paragraph(g):
    point = part_iri("art_8__para_4__point_h")
    assert (point, RDF.type, GCMKG.Point) in g
    assert text(g, point) == "Resilience of communities, livelihoods and ecosystems."
    assert g.value(point, GCMKG.partOf) == part_iri("art_8__para_4")
    points = sorted(str(g.value(p, GCMKG.eId)) for p in g.subjects(GCMKG.partOf, part_iri("art_8__para_4")))
    assert points == [f"art_8__para_4__point_{letter}" for letter in "abcdefgh"]
    # a paragraph's text holds its chapeau and its points
    paragraph = text(g, part_iri("art_8__para_4"))
    assert paragraph.startswith("Accordingly, areas of cooperation and facilitation")
    assert paragraph.endswith("(h) Resilience of communities, livelihoods and ecosystems.")


def test_article_2_1_a_keeps_the_l9_rev1_wording(g):
    assert text(g, part_iri("art_2__para_1__point_a")) == ART_2_PARA_1_A
    assert str(g.value(part_iri("art_2"), RDFS.label)) == "Article 2"
    assert text(g, part_iri("art_2__para_1__point_c")).startswith("Making finance flows consistent")


def test_single_paragraph_article_has_its_text_and_an_unnumbered_para_1(g):
    article, paragraph = part_iri("art_29"), part_iri("art_29__para_1")
    assert text(g, article) == text(g, paragraph) == ART_29
    assert (paragraph, GCMKG.paragraphNumber, None) not in g
    assert (paragraph, RDF.type, GCMKG.Paragraph) in g
    assert g.value(paragraph, GCMKG.partOf) == article


def test_article_1_chapeau_is_in_the_article_text_not_a_paragraph(g):
    assert text(g, part_iri("art_1")).startswith("For the purpose of this Agreement, the definitions contained")
    assert text(g, part_iri("art_1__para_1")).startswith("“Convention” means")


def test_recitals_exclude_the_opening_and_closing_formulas(g):
    first, last = part_iri("preamble__recital_1"), part_iri("preamble__recital_16")
    assert text(g, first).startswith("Being Parties to the United Nations Framework Convention")
    assert text(g, last).startswith("Also recognizing that sustainable lifestyles")
    assert g.value(first, GCMKG.partOf) == part_iri("preamble")
    preamble = text(g, part_iri("preamble"))
    assert preamble.startswith("The Parties to this Agreement,") and preamble.endswith("Have agreed as follows:")
    assert not any(text(g, r) in ("The Parties to this Agreement,", "Have agreed as follows:")
                   for r in of_class(g, GCMKG.Recital))


def test_closing_lines_are_kept_as_the_conclusions(g):
    closing = text(g, part_iri("conclusions"))
    assert closing.startswith("DONE at Paris this twelfth day of December two thousand and fifteen.")
    assert closing.endswith("have signed this Agreement.")


def test_every_part_has_a_unique_eid_equal_to_its_iri_tail_and_is_in_the_document(g):
    parts = set(g.subjects(GCMKG.inDocument, PARIS))
    eids = [str(g.value(p, GCMKG.eId)) for p in parts]
    assert len(eids) == len(set(eids)) == len(parts) == 16 + 29 + 131 + 36 + 2  # + preamble, conclusions
    assert all(str(p).endswith("/paris-agreement/" + str(g.value(p, GCMKG.eId))) for p in parts)
    assert all((p, GCMKG.partOf, None) in g for p in parts)


def test_offsets_slice_back_to_the_text_and_lines_match(g, source_text):
    lines = source_text.split("\n")
    for part in g.subjects(GCMKG.inDocument, PARIS):
        start, end = (g.value(part, p).toPython() for p in (GCMKG.startOffset, GCMKG.endOffset))
        assert source_text[start:end] == text(g, part), part
        first, last = (g.value(part, p).toPython() for p in (GCMKG.startLine, GCMKG.endLine))
        assert lines[first - 1].endswith(source_text[start:end].split("\n")[0]), part
        assert source_text.count("\n", 0, end) + 1 == last, part


def test_document_and_provenance(g):
    assert (PARIS, RDF.type, GCMKG.Framework) in g
    assert g.value(PARIS, DCTERMS.title) == Literal("Paris Agreement", lang="en")
    assert str(g.value(PARIS, DCTERMS.identifier)) == "FCCC/CP/2015/10/Add.1"
    copy = g.value(PARIS, DCTERMS.source)
    assert str(g.value(copy, RDFS.label)) == "loaders/sources/paris/paris_agreement.txt"
    assert len(str(g.value(copy, GCMKG.sha256))) == 64
    assert "FCCC/CP/2015/L.9/Rev.1" in str(g.value(copy, DCTERMS.description))
    gaps = [str(gap) for gap in g.objects(PARIS, GCMKG.knownGap)]
    assert any("and pursuing efforts" in gap for gap in gaps)
    assert any("1/CP.21" in gap for gap in gaps)


def test_sparql_in_pyoxigraph_finds_the_paragraphs_of_article_8(g):
    store = ox.Store()
    store.load(g.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    rows = store.query("""
        PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
        SELECT ?number ?text WHERE {
          ?article a gcmkg:Article ; gcmkg:eId "art_8" .
          ?paragraph a gcmkg:Paragraph ; gcmkg:partOf ?article ; gcmkg:paragraphNumber ?number ; gcmkg:text ?text .
        } ORDER BY ?number""")
    rows = [(int(row["number"].value), row["text"].value) for row in rows]
    assert [number for number, _ in rows] == [1, 2, 3, 4, 5]
    assert rows[0][1] == ART_8_PARA_1


# Broken copies of the text: each must stop the load with a SourceError naming the file and line.

def broken(tmp_path, edit):
    path = tmp_path / "paris_agreement.txt"
    path.write_text(edit(SOURCE.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def refused(path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        load_paris(path)
    assert caught.value.path == str(path)
    return caught.value


def test_missing_file_is_refused(tmp_path):
    error = refused(tmp_path / "nowhere.txt")
    assert "cannot read" in error.message


def test_text_cut_after_article_20_is_refused_at_its_last_line(tmp_path):
    path = broken(tmp_path, lambda t: t[: t.index("Article 21")])
    error = refused(path)
    assert error.line == 381  # the last paragraph of Article 20
    assert "ends here" in error.message and "Article 21" in error.message


def test_skipped_article_number_is_refused(tmp_path):
    error = refused(broken(tmp_path, lambda t: t.replace("\nArticle 9\n", "\nArticle 10\n", 1)))
    assert (error.line, error.message) == (231, "expected Article 9, found 'Article 10'")


def test_repeated_article_number_is_refused(tmp_path):
    error = refused(broken(tmp_path, lambda t: t.replace("\nArticle 9\n", "\nArticle 8\n", 1)))
    assert (error.line, error.message) == (231, "expected Article 9, found 'Article 8'")


def test_skipped_paragraph_number_is_refused(tmp_path):
    error = refused(broken(tmp_path, lambda t: t.replace("\n3. Parties should enhance understanding", "\n4. X", 1)))
    assert (error.line, error.message) == (209, "expected paragraph 3 of Article 8, found 4")


def test_missing_point_letter_is_refused(tmp_path):
    error = refused(broken(tmp_path, lambda t: t.replace("(g) Non-economic losses;\n\n", "", 1)))
    assert error.line == 225
    assert error.message == "expected subparagraph (g) of Article 8, paragraph 4, found (h)"


def test_stray_unnumbered_line_inside_an_article_is_refused(tmp_path):
    error = refused(broken(tmp_path, lambda t: t.replace("\n5. The Warsaw International", "\nThe Warsaw International", 1)))
    assert error.line == 229 and "expected a numbered paragraph" in error.message


def test_a_lost_recital_is_refused_by_the_count(tmp_path):
    error = refused(broken(tmp_path, lambda t: t.replace(
        "Taking full account of the specific needs and special situations of the least developed countries with "
        "regard to funding and transfer of technology,\n\n", "", 1)))
    assert "expected 16 recitals" in error.message and error.line == 33


def test_missing_closing_lines_are_refused(tmp_path):
    error = refused(broken(tmp_path, lambda t: t[: t.index("IN WITNESS")]))
    assert error.line == 433 and "IN WITNESS WHEREOF" in error.message
