"""The real SPARQL servers of ``tests/sparql_servers.py`` answer the protocols gcm-kg's remote store uses.

Graph Store PUT (with the fixture's credentials), reads through the query URL, SPARQL Update,
and, on Virtuoso, a refused wrong password. The data is gcm-kg's own ontology file.
"""

from __future__ import annotations

import uuid
from typing import Iterator

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from gcmkg.ontology import ONTOLOGY_FILE
from tests.sparql_servers import SparqlServer

RESULTS_JSON = {"Accept": "application/sparql-results+json"}


def select(server: SparqlServer, sparql: str) -> list[dict[str, str]]:
    """The rows of a SELECT through the server's query URL, as plain strings."""
    response = httpx.post(server.query_url, data={"query": sparql}, headers=RESULTS_JSON, timeout=60)
    response.raise_for_status()
    return [{name: term["value"] for name, term in row.items()} for row in response.json()["results"]["bindings"]]


def count(server: SparqlServer, graph: str) -> int:
    """How many triples the named graph ``graph`` holds on the server."""
    return int(select(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0]["n"])


def put(server: SparqlServer, graph: str, turtle: str, auth: httpx.Auth | None) -> httpx.Response:
    """A Graph Store PUT of Turtle into the named graph ``graph``."""
    return httpx.put(server.gsp_url, params={"graph": graph}, content=turtle.encode(),
                     headers={"Content-Type": "text/turtle"}, auth=auth, timeout=60)


def update(server: SparqlServer, sparql: str, auth: httpx.Auth | None) -> httpx.Response:
    """A SPARQL Update through the server's update URL."""
    return httpx.post(server.update_url, data={"update": sparql}, auth=auth, timeout=60)


@pytest.fixture
def graph(sparql_server) -> Iterator[str]:
    """A fresh named-graph IRI for one test, dropped afterwards."""
    iri = f"urn:gcmkg-test:{uuid.uuid4().hex}"
    yield iri
    update(sparql_server, f"DROP SILENT GRAPH <{iri}>", sparql_server.auth).raise_for_status()


def test_graph_store_put_loads_and_a_second_put_replaces(sparql_server, graph):
    ontology = Graph().parse(ONTOLOGY_FILE)
    classes = {str(c) for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}

    assert put(sparql_server, graph, ONTOLOGY_FILE.read_text(), sparql_server.auth).is_success
    assert count(sparql_server, graph) == len(ontology)
    rows = select(sparql_server, f"SELECT ?c WHERE {{ GRAPH <{graph}> {{ ?c a <{OWL.Class}> FILTER isIRI(?c) }} }}")
    assert {row["c"] for row in rows} == classes

    thing = f"{graph}/thing"
    assert put(sparql_server, graph, f'<{thing}> <{RDF.value}> "second" .', sparql_server.auth).is_success
    assert count(sparql_server, graph) == 1
    # no GRAPH clause: the default graph is the union of the named graphs
    assert select(sparql_server, f"SELECT ?v WHERE {{ <{thing}> <{RDF.value}> ?v }}") == [{"v": "second"}]


def test_update_inserts_into_a_named_graph(sparql_server, graph):
    objective = "https://w3id.org/gcmkg/id/gcm/objective/20"
    two_operations = (f'INSERT DATA {{ GRAPH <{graph}> {{ <{objective}> <{RDF.value}> "20" }} }} ;\n'
                      f'INSERT DATA {{ GRAPH <{graph}> {{ <{objective}> <{RDF.type}> <{OWL.Thing}> }} }}')
    response = update(sparql_server, two_operations, sparql_server.auth)
    assert response.is_success, response.text

    rows = select(sparql_server, f"SELECT ?p ?o WHERE {{ GRAPH <{graph}> {{ <{objective}> ?p ?o }} }} ORDER BY ?p")
    assert rows == [{"p": str(RDF.type), "o": str(OWL.Thing)}, {"p": str(RDF.value), "o": "20"}]


def test_virtuoso_refuses_writes_without_the_right_password(virtuoso_server):
    graph = f"urn:gcmkg-test:{uuid.uuid4().hex}"
    wrong = httpx.DigestAuth(virtuoso_server.user, "not-the-password")

    assert update(virtuoso_server, f'INSERT DATA {{ GRAPH <{graph}> {{ <{graph}> <{RDF.value}> "x" }} }}',
                  wrong).status_code == 401
    assert put(virtuoso_server, graph, f'<{graph}> <{RDF.value}> "x" .', wrong).status_code == 401
    assert put(virtuoso_server, graph, f'<{graph}> <{RDF.value}> "x" .', None).status_code == 401
    assert count(virtuoso_server, graph) == 0
