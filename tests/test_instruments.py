"""The register of instruments: its content, name resolution, its checks and its graph."""

from __future__ import annotations

import doctest

import pytest
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import DCTERMS, SKOS

from gcmkg.errors import SourceError
from gcmkg.loaders import instruments
from gcmkg.loaders.instruments import REGISTER_IRI, REGISTER_PATH, default_register, load_register, resolve, un_symbol
from gcmkg.loaders.registry import default_sources
from gcmkg.ontology.vocab import GCMKG, ID

REQUIRED = {
    "gcm": "A/RES/73/195",
    "agenda-2030": "A/RES/70/1",
    "aaaa": "A/RES/69/313",
    "paris-agreement": "FCCC/CP/2015/10/Add.1",
    "sendai-framework": "A/RES/69/283",
    "sg-report-a-76-642": "A/76/642",
    "ga-resolution-73-326": "A/RES/73/326",
    "ga-resolution-76-172": "A/RES/76/172",
    "ga-resolution-76-141": "A/RES/76/141",
    "new-york-declaration": "A/RES/71/1",
    "sdg-indicator-framework": "A/RES/71/313",
    "smuggling-protocol": "A/RES/55/25",
    "a-conf-219-2021-ipc-crp-2": "A/CONF.219/2021/IPC/CRP.2",
    "hlpf-2021-ministerial-declaration": None,
    "glasgow-climate-pact": None,
    "unfccc": None,
}
FRAMEWORKS = {"gcm", "agenda-2030", "aaaa", "paris-agreement", "sendai-framework"}


def test_docstring_examples_run():
    assert doctest.testmod(instruments).failed == 0


def test_register_holds_every_required_instrument_with_its_symbol():
    register = default_register()
    assert {slug: register.get(slug).symbol for slug in REQUIRED} == REQUIRED
    assert register.get("gcm").title == "Global Compact for Safe, Orderly and Regular Migration"
    assert register.get("new-york-declaration").title == "New York Declaration for Refugees and Migrants"
    assert {i.slug for i in register if i.framework} == FRAMEWORKS


def test_names_the_declaration_writes_resolve():
    written = {
        "Global Compact": "gcm", "Marrakech Compact on Migration": "gcm", "resolution 73/195": "gcm",
        "2030 Agenda for Sustainable Development": "agenda-2030", "Addis Ababa Action Agenda": "aaaa",
        "Paris Agreement": "paris-agreement", "Sendai Framework for Disaster Risk Reduction": "sendai-framework",
        "Glasgow Climate Pact": "glasgow-climate-pact", "United Nations Framework Convention on Climate Change": "unfccc",
        "Protocol against the Smuggling of Migrants by Land, Sea and Air": "smuggling-protocol",
        "General Assembly resolution 71/313": "sdg-indicator-framework",
        "General Assembly resolution 73/326": "ga-resolution-73-326", "A/76/642": "sg-report-a-76-642",
    }
    assert {name: resolve(name).slug for name in written} == written


def test_resolution_is_case_insensitive_and_knows_the_general_assembly_short_form():
    assert resolve("sg REPORT").slug == "sg-report-a-76-642"
    assert resolve("SG\u2019s Policy brief on COVID-19 and People on the Move").slug == (
        "sg-policy-brief-covid-19-people-on-the-move")
    assert resolve("71/1").slug == "new-york-declaration"
    assert resolve("a/res/69/283").slug == "sendai-framework"
    assert resolve("99/999") is None and resolve("Nothing of the sort") is None


def test_un_symbol_rule_without_the_register():
    assert un_symbol("76/141") == "A/RES/76/141"
    assert un_symbol("General Assembly resolution 71/313") == "A/RES/71/313"
    assert un_symbol("FCCC/CP/2015/10/Add.1") == "FCCC/CP/2015/10/Add.1"
    assert un_symbol("HLPF 2021") is None


def test_register_says_which_titles_are_descriptive():
    text = REGISTER_PATH.read_text(encoding="utf-8")
    assert "descriptive" in text.split("- slug:")[0]
    assert "General Assembly resolution 76/172  # descriptive title" in text


def test_graph_types_identifies_titles_and_labels_each_instrument():
    g = instruments.load_instruments()
    gcm = ID["doc/gcm"]
    assert (gcm, RDF.type, GCMKG.Document) in g and (gcm, RDF.type, GCMKG.Framework) in g
    assert (gcm, DCTERMS.identifier, Literal("A/RES/73/195")) in g
    assert (gcm, DCTERMS.title, Literal("Global Compact for Safe, Orderly and Regular Migration", lang="en")) in g
    assert (gcm, SKOS.altLabel, Literal("Marrakech Compact on Migration", lang="en")) in g
    assert {s for s in g.subjects(RDF.type, GCMKG.Framework)} == {ID[f"doc/{slug}"] for slug in FRAMEWORKS}
    assert g.value(ID["doc/fsdr-2022"], DCTERMS.identifier) is None
    assert len(set(g.subjects(RDF.type, GCMKG.Document))) == len(default_register())


def test_graph_carries_the_register_provenance():
    g = instruments.load_instruments()
    assert str(g.value(g.value(REGISTER_IRI, DCTERMS.source), RDFS.label)) == "loaders/sources/instruments.yml"
    assert g.value(g.value(REGISTER_IRI, DCTERMS.source), GCMKG.sha256) is not None


def test_register_is_a_registered_source():
    assert "instruments" in [source.name for source in default_sources()]


GOOD = "- slug: one\n  symbol: A/RES/1/1\n  title: One\n  aliases: [First]\n"


@pytest.mark.parametrize(
    "text, line, words",
    [
        (GOOD + "- slug: one\n  symbol: null\n  title: Two\n  aliases: []\n", 5, "slug 'one' already used"),
        (GOOD + "- slug: two\n  symbol: null\n  title: Two\n  aliases: [first]\n", 5, "'first' of 'two' already names"),
        (GOOD + "- slug: two\n  symbol: A/RES/1/1\n  title: Two\n  aliases: []\n", 5, "already names 'one'"),
        (GOOD + "- slug: two\n  symbol: null\n  aliases: []\n", 5, "no 'title' field"),
        (GOOD + "- slug: two\n  symbol: null\n  title: Two\n  aliases: []\n  colour: red\n", 9, "unknown field"),
        (GOOD + "- slug: two\n  symbol: null\n  title: Two\n  aliases: []\n  kind: poem\n", 9, "'kind' must be"),
        (GOOD + "- slug: Two Words\n  symbol: null\n  title: Two\n  aliases: []\n", 5, "'slug' must be"),
        (GOOD + "- slug: two\n  symbol: null\n  title: [Two\n", 8, "not valid YAML"),
        ("slug: one\n", 1, "YAML list"),
    ],
)
def test_bad_register_is_refused_with_file_and_line(tmp_path, text, line, words):
    path = tmp_path / "instruments.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_register(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert words in caught.value.message
