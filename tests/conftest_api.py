"""Fixtures for the Python API, exports and plots: the real graph opened, with alignments, and a toy graph.

Used through ``pytest_plugins = ["tests.conftest_api"]``. The toy graph is a handful of nodes and
alignment records written by hand, so that trace and the alignment views are tested against
exactly known paths whatever the alignment step of the build gives today.
"""

from __future__ import annotations

import importlib
import shutil

import pytest
from rdflib import Graph

from gcmkg import KnowledgeGraph
from gcmkg.graph.alignments import Alignment, alignment_graph
from gcmkg.graph.store import EmbeddedStore
from gcmkg.ontology import ONTOLOGY_FILE
from gcmkg.ontology.vocab import GCMKG, GRAPH, ID, SDG

TOY = {
    "declaration": """
@prefix gcmkg: <https://w3id.org/gcmkg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix id: <https://w3id.org/gcmkg/id/> .
id:doc\\/toy a gcmkg:Declaration ; rdfs:label "Toy declaration"@en .
id:doc\\/toy\\/sec_3 a gcmkg:Section ; rdfs:label "Recommendations"@en ; gcmkg:inDocument id:doc\\/toy ;
    gcmkg:startOffset 100 .
id:doc\\/toy\\/sec_2 a gcmkg:Section, gcmkg:RoundTable ; rdfs:label "Round table 3 (objective 20)"@en ;
    gcmkg:inDocument id:doc\\/toy ; gcmkg:startOffset 10 ; gcmkg:coversObjective id:gcm\\/objective\\/20 .
id:doc\\/toy\\/para_7 a gcmkg:Paragraph, gcmkg:Commitment ; rdfs:label "Paragraph 7"@en ;
    gcmkg:text "We commit to reduce the costs of remittances."@en ; gcmkg:paragraphNumber 7 ;
    gcmkg:inDocument id:doc\\/toy ; gcmkg:inSection id:doc\\/toy\\/sec_3 .
id:doc\\/toy\\/para_8 a gcmkg:Paragraph ; rdfs:label "Paragraph 8"@en ; gcmkg:paragraphNumber 8 ;
    gcmkg:text "Remittances grew."@en ; gcmkg:inDocument id:doc\\/toy ; gcmkg:inSection id:doc\\/toy\\/sec_2 .
""",
    "gcm": """
@prefix gcmkg: <https://w3id.org/gcmkg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix id: <https://w3id.org/gcmkg/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
id:doc\\/gcm a gcmkg:Framework ; dcterms:title "Global Compact for Safe, Orderly and Regular Migration"@en .
id:gcm\\/objective\\/20 a gcmkg:Objective ; rdfs:label "Objective 20"@en ; skos:notation "20" ;
    skos:prefLabel "Promote faster, safer and cheaper transfer of remittances"@en .
id:gcm\\/objective\\/2 a gcmkg:Objective ; rdfs:label "Objective 2"@en ; skos:notation "2" ;
    skos:prefLabel "Minimize the adverse drivers and structural factors"@en .
""",
    "agenda-2030": """
@prefix gcmkg: <https://w3id.org/gcmkg/ontology#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix sdgo: <http://metadata.un.org/sdg/ontology#> . @prefix id: <https://w3id.org/gcmkg/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
id:doc\\/agenda-2030 a gcmkg:Framework ; skos:altLabel "2030 Agenda"@en ; dcterms:title "Transforming our world"@en .
<http://metadata.un.org/sdg/10> a sdgo:Goal ; skos:notation "10" ; skos:note "Goal 10"@en, "Objectif 10"@fr ;
    gcmkg:inDocument id:doc\\/agenda-2030 .
<http://metadata.un.org/sdg/10.c> a sdgo:Target ; skos:notation "10.c" ; skos:note "Target 10.c"@en, "Cible 10.c"@fr ;
    skos:prefLabel "Reduce to less than 3 per cent the transaction costs of migrant remittances"@en ;
    sdgo:isTargetOf <http://metadata.un.org/sdg/10> .
""",
    "paris-agreement": """
@prefix gcmkg: <https://w3id.org/gcmkg/ontology#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/gcmkg/id/> . @prefix dcterms: <http://purl.org/dc/terms/> .
id:doc\\/paris-agreement a gcmkg:Framework ; dcterms:title "Paris Agreement"@en ; skos:altLabel "Paris Agreement"@en .
""",
}
PARA_7, PARA_8 = ID["doc/toy/para_7"], ID["doc/toy/para_8"]
OBJECTIVE_20, OBJECTIVE_2 = ID["gcm/objective/20"], ID["gcm/objective/2"]
TARGET_10C, PARIS = SDG["10.c"], ID["doc/paris-agreement"]
TOY_ALIGNMENTS = [
    Alignment(PARA_7, OBJECTIVE_20, "structure", 0.8, "toy", "reduce the costs of remittances", 13, 44,
              relation=GCMKG.advances),
    Alignment(PARA_7, OBJECTIVE_2, "structure", 0.5, "toy", relation=GCMKG.advances),
    Alignment(OBJECTIVE_20, TARGET_10C, "crosswalk", 1.0, "toy", "both are about remittance costs"),
    Alignment(OBJECTIVE_20, TARGET_10C, "similarity", 0.6, "toy-similarity"),
    Alignment(OBJECTIVE_2, PARIS, "mention", 1.0, "toy", "the Paris Agreement", relation=GCMKG.mentions),
    Alignment(PARA_8, TARGET_10C, "similarity", 0.4, "toy-similarity", "remittances"),
    Alignment(PARA_7, TARGET_10C, "inference", 0.8, "toy-inference", relation=GCMKG.contributesTo),
]


@pytest.fixture(scope="session")
def toy_store_path(tmp_path_factory):
    """A small store: a toy declaration, two objectives, SDG 10.c, the Paris Agreement, seven alignments."""
    path = tmp_path_factory.mktemp("toy") / "store"
    store = EmbeddedStore(path)
    store.replace_graph(GRAPH["ontology"], Graph().parse(ONTOLOGY_FILE))
    for name, turtle in TOY.items():
        store.replace_graph(GRAPH[name], Graph().parse(data=turtle, format="turtle"))
    store.replace_graph(GRAPH["alignment"], alignment_graph(TOY_ALIGNMENTS))
    store.flush()
    del store
    return path


@pytest.fixture(scope="session")
def toy_without_alignments(tmp_path_factory) -> KnowledgeGraph:
    """The toy graph before any alignment step: no graph/alignment, no advances links."""
    path = tmp_path_factory.mktemp("toy-unaligned") / "store"
    store = EmbeddedStore(path)
    for name, turtle in TOY.items():
        store.replace_graph(GRAPH[name], Graph().parse(data=turtle, format="turtle"))
    store.flush()
    del store
    return KnowledgeGraph(path)


@pytest.fixture(scope="session")
def toy(toy_store_path) -> KnowledgeGraph:
    """The toy graph, opened."""
    return KnowledgeGraph(toy_store_path)


@pytest.fixture(scope="session")
def kg(built_store_path) -> KnowledgeGraph:
    """The real graph, built once per session, opened read-only."""
    return KnowledgeGraph(built_store_path)


@pytest.fixture(scope="session")
def aligned_store_path(built_store_path, tmp_path_factory):
    """The real graph with its alignment records: the build's own if it makes them, else enriched here."""
    if str(GRAPH["alignment"]) in EmbeddedStore(built_store_path, read_only=True).graph_names():
        return built_store_path
    try:
        align = importlib.import_module("gcmkg.graph.align")
    except ModuleNotFoundError:
        pytest.skip("no alignment step in this checkout (gcmkg.graph.align)")
    path = tmp_path_factory.mktemp("aligned") / "store"
    shutil.copytree(built_store_path, path)
    align.enrich(EmbeddedStore(path))
    return path


@pytest.fixture(scope="session")
def aligned(aligned_store_path) -> KnowledgeGraph:
    """The real graph with alignments, opened."""
    return KnowledgeGraph(aligned_store_path)
