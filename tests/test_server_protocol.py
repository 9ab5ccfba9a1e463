"""The SPARQL 1.1 Protocol, the Graph Store Protocol and the limits, over real HTTP to a real ``gcmkg serve``."""

from __future__ import annotations

import json
import re
import shlex
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from tests.conftest import select
from tests.server_process import TOKEN, server, writable_server  # noqa: F401  (fixtures)

GCMKG = "https://w3id.org/gcmkg/ontology#"
PARA_53 = "https://w3id.org/gcmkg/id/doc/imrf-2022-zero-draft/para_53"
GCM_GRAPH = "https://w3id.org/gcmkg/graph/gcm"
TEXT_53 = f"SELECT ?text WHERE {{ <{PARA_53}> <{GCMKG}text> ?text }}"
ROUND_TABLES = f"SELECT ?t ?o WHERE {{ ?t <{GCMKG}coversObjective> ?o }} ORDER BY ?t ?o"
CONSTRUCT_53 = f"CONSTRUCT {{ <{PARA_53}> ?p ?o }} WHERE {{ <{PARA_53}> ?p ?o }}"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def parsed(content: bytes, rdf_format: ox.RdfFormat) -> set:
    """The triples of an RDF document (``ox.parse`` gives quads in the default graph)."""
    return {quad.triple for quad in ox.parse(content, format=rdf_format)}


def bindings(response: httpx.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def test_get_query_answers_sparql_json_over_the_union_of_graphs(server):
    with server.client() as http:
        rows = bindings(http.get("/sparql", params={"query": TEXT_53}))
    assert rows[0]["text"]["value"].startswith("We will further align the implementation")
    assert rows[0]["text"]["xml:lang"] == "en"


def test_post_form_and_post_sparql_query_give_what_the_store_gives(server, store):
    expected = [(r["t"], r["o"]) for r in select(store, ROUND_TABLES)]
    with server.client() as http:
        by_form = bindings(http.post("/sparql", data={"query": ROUND_TABLES}))
        direct = bindings(http.post("/sparql", content=ROUND_TABLES,
                                    headers={"Content-Type": "application/sparql-query"}))
    assert len(expected) == 23
    assert [(r["t"]["value"], r["o"]["value"]) for r in by_form] == expected
    assert by_form == direct


@pytest.mark.parametrize("accept, media_type, parse_as", [
    (None, "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("*/*", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/csv", "text/csv", ox.QueryResultsFormat.CSV),
    ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml",
     ox.QueryResultsFormat.XML),
    ("application/*;q=0.2, text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
])
def test_select_results_are_negotiated_with_q_values(server, accept, media_type, parse_as):
    headers = {"Accept": accept} if accept else {}
    with server.client() as http:
        response = http.get("/sparql", params={"query": ROUND_TABLES}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert "Accept" in response.headers["vary"]
    if parse_as is ox.QueryResultsFormat.CSV:  # CSV loses term kinds: count the data lines
        assert len(response.text.strip().splitlines()) == 1 + 23
    else:
        assert len(list(ox.parse_query_results(response.content, format=parse_as))) == 23


def test_ask_is_a_boolean_in_json_and_xml(server):
    ask = f"ASK {{ <{PARA_53}> a <{GCMKG}Commitment> }}"
    with server.client() as http:
        as_json = http.get("/sparql", params={"query": ask})
        as_xml = http.get("/sparql", params={"query": ask}, headers={"Accept": "application/sparql-results+xml"})
    assert as_json.json() == {"head": {}, "boolean": True}
    assert "<boolean>true</boolean>" in as_xml.text


@pytest.mark.parametrize("accept, rdf_format", [
    (None, ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("text/plain;q=0.1, text/turtle;q=0.8", ox.RdfFormat.TURTLE),
])
def test_construct_is_turtle_by_default_and_negotiated(server, store, accept, rdf_format):
    expected = set(store.query(CONSTRUCT_53))
    with server.client() as http:
        response = http.get("/sparql", params={"query": CONSTRUCT_53}, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(rdf_format.media_type)
    assert parsed(response.content, rdf_format) == expected
    assert len(expected) >= 13


def test_unacceptable_accept_is_406(server):
    with server.client() as http:
        select_as_turtle = http.get("/sparql", params={"query": TEXT_53}, headers={"Accept": "text/turtle"})
        construct_as_csv = http.get("/sparql", params={"query": CONSTRUCT_53}, headers={"Accept": "text/csv"})
    assert select_as_turtle.status_code == construct_as_csv.status_code == 406
    assert "application/sparql-results+json" in select_as_turtle.text
    assert "text/turtle" in construct_as_csv.text


def test_wrong_content_type_is_415(server):
    with server.client() as http:
        response = http.post("/sparql", content=TEXT_53, headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "application/sparql-query" in response.text


def test_malformed_query_is_400_with_the_parser_message(server):
    with server.client() as http:
        response = http.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p "})
        again = http.get("/sparql", params={"query": TEXT_53})
    assert response.status_code == 400
    assert "error at 1:" in response.text and "expected" in response.text
    assert again.status_code == 200


def test_protocol_dataset_parameters_choose_the_graphs(server, store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    expected = select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GCM_GRAPH}> {{ ?s ?p ?o }} }}")[0]["n"]
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    with server.client() as http:
        only_gcm = bindings(http.get("/sparql", params={"query": count, "default-graph-uri": GCM_GRAPH}))
        named = bindings(http.get("/sparql", params={"query": graphs, "named-graph-uri": GCM_GRAPH}))
        everything = bindings(http.get("/sparql", params={"query": count}))
        bad = http.get("/sparql", params={"query": count, "default-graph-uri": "not an iri"})
    assert only_gcm[0]["n"]["value"] == expected
    assert int(everything[0]["n"]["value"]) > int(expected)
    assert [row["g"]["value"] for row in named] == [GCM_GRAPH]
    assert bad.status_code == 400


def test_service_description_without_a_query(server):
    with server.client() as http:
        response = http.get("/sparql")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    triples = parsed(response.content, ox.RdfFormat.TURTLE)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = [t.object.value for t in triples if t.predicate.value == sd + "endpoint"]
    names = {t.object.value for t in triples if t.predicate.value == sd + "name"}
    assert endpoint == [server.url + "/sparql"]
    assert "https://w3id.org/gcmkg/graph/imrf-2022-zero-draft" in names
    assert not any(t.object.value == sd + "SPARQL11Update" for t in triples)  # no token: no updates


def test_a_slow_query_is_stopped_while_others_are_answered(server):
    slow: dict = {}

    def run_slow():
        started = time.monotonic()
        with server.client() as http:
            slow["response"] = http.get("/sparql", params={"query": SLOW})
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.4)
    with server.client() as http:
        killed_before = http.get("/health").json()["killed"]
        started = time.monotonic()
        fast = http.get("/sparql", params={"query": TEXT_53})
        fast_seconds = time.monotonic() - started
        thread.join(30)
        assert slow["response"].status_code == 503
        assert "time limit of 2 s" in slow["response"].text
        assert 1.5 < slow["seconds"] < 6
        assert fast.status_code == 200 and fast_seconds < 1.0
        time.sleep(1.5)  # the killed worker is replaced in the background
        health = http.get("/health").json()
        assert health["killed"] == killed_before + 1 and health["idle"] == health["workers"] == 2
        assert http.get("/sparql", params={"query": TEXT_53}).status_code == 200


def test_results_are_capped_with_a_header_saying_so(server):
    with server.client() as http:
        response = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        small = http.get("/sparql", params={"query": ROUND_TABLES})
    assert len(bindings(response)) == 1000
    assert response.headers["gcmkg-truncated"] == "max-rows=1000"
    assert "gcmkg-truncated" not in small.headers


def test_an_oversized_body_is_413_and_the_server_goes_on(server):
    padding = "#" + "x" * 70_000 + "\n"
    with server.client() as http:
        response = http.post("/sparql", content=padding + TEXT_53, headers={"Content-Type": "application/sparql-query"})
        after = http.get("/sparql", params={"query": TEXT_53})
    assert response.status_code == 413
    assert "65536" in response.text
    assert after.status_code == 200


def test_service_calls_are_refused_but_the_word_in_a_literal_is_not(server):
    federated = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    harmless = 'SELECT ?x WHERE { BIND("SERVICE <http://example.org/sparql> { }" AS ?x) }'
    with server.client() as http:
        refused = http.get("/sparql", params={"query": federated})
        allowed = http.get("/sparql", params={"query": harmless})
    assert refused.status_code == 400 and "--allow-service" in refused.text
    assert allowed.status_code == 200


def test_cors_for_browser_tools(server):
    with server.client() as http:
        preflight = http.options("/sparql", headers={
            "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        simple = http.get("/sparql", params={"query": TEXT_53}, headers={"Origin": "http://localhost:3000"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert simple.headers["access-control-allow-origin"] == "*"


def test_updates_are_refused_without_a_configured_token(server):
    with server.client() as http:
        update = http.post("/update", content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                           headers={"Content-Type": "application/sparql-update", **AUTH})
        put = http.put("/store", params={"graph": "urn:g"}, content="<urn:a> <urn:b> <urn:c> .",
                       headers={"Content-Type": "application/n-triples", **AUTH})
        get_update = http.get("/update")
    assert update.status_code == put.status_code == 403
    assert "--update-token" in update.text
    assert get_update.status_code == 405 and get_update.headers["allow"] == "POST"


def test_graph_store_get_and_head(server, store):
    expected = {quad.triple for quad in store.quads(GCM_GRAPH)}
    with server.client() as http:
        got = http.get("/store", params={"graph": GCM_GRAPH})
        as_nt = http.get("/store", params={"graph": GCM_GRAPH}, headers={"Accept": "application/n-triples"})
        head = http.head("/store", params={"graph": GCM_GRAPH})
        missing = http.get("/store", params={"graph": "https://w3id.org/gcmkg/graph/nothing"})
        ambiguous = http.get("/store", params={"graph": GCM_GRAPH, "default": ""})
        union = http.get("/store", params={"default": ""}, headers={"Accept": "application/n-triples"})
    assert parsed(got.content, ox.RdfFormat.TURTLE) == expected
    assert parsed(as_nt.content, ox.RdfFormat.N_TRIPLES) == expected
    assert head.status_code == 200 and head.content == b""
    assert missing.status_code == 404 and ambiguous.status_code == 400
    assert len(union.text.splitlines()) > len(expected)


def test_named_queries_over_http(server):
    with server.client() as http:
        listed = http.get("/queries").json()
        csv = http.get("/queries/targets-of-goal", params={"goal": "sdg:10", "format": "csv"})
        unknown = http.get("/queries/no-such-query")
        wrong = http.get("/queries/targets-of-goal", params={"goal": "sdg:10", "colour": "red"})
    assert "round-table-objectives" in [q["name"] for q in listed]
    assert csv.status_code == 200 and len(csv.text.strip().splitlines()) == 1 + 10
    assert "http://metadata.un.org/sdg/10.7" in csv.text
    assert unknown.status_code == 404 and "round-table-objectives" in unknown.text
    assert wrong.status_code == 400 and "colour" in wrong.text


def test_resource_iri_gives_html_turtle_or_json_ld(server):
    path = "/id/doc/imrf-2022-zero-draft/para_53"
    with server.client() as http:
        html = http.get(path, headers={"Accept": "text/html"})
        turtle = http.get(path, headers={"Accept": "text/turtle"})
        jsonld = http.get(path, headers={"Accept": "application/ld+json"})
        missing = http.get("/id/doc/imrf-2022-zero-draft/para_533", headers={"Accept": "text/html"})
        missing_rdf = http.get("/id/doc/imrf-2022-zero-draft/para_533", headers={"Accept": "text/turtle"})
    assert html.status_code == 200 and "We will further align" in html.text
    triples = parsed(turtle.content, ox.RdfFormat.TURTLE)
    number = ox.Literal("53", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert ox.Triple(ox.NamedNode(PARA_53), ox.NamedNode(GCMKG + "paragraphNumber"), number) in triples
    assert any(node.get("@id") == PARA_53 for node in json.loads(jsonld.text))
    assert missing.status_code == 404 and 'href="/id/doc/imrf-2022-zero-draft/para_53"' in missing.text
    assert missing_rdf.status_code == 404


def test_updates_need_the_right_token(writable_server):
    update = "INSERT DATA { GRAPH <urn:test:update> { <urn:a> <urn:b> \"written\" } }"
    ask = "ASK { <urn:a> <urn:b> \"written\" }"
    headers = {"Content-Type": "application/sparql-update"}
    with writable_server.client() as http:
        anonymous = http.post("/update", content=update, headers=headers)
        wrong = http.post("/update", content=update, headers={**headers, "Authorization": "Bearer nope"})
        assert http.get("/sparql", params={"query": ask}).json()["boolean"] is False
        malformed = http.post("/update", content="INSERT DATA { <urn:a> ", headers={**headers, **AUTH})
        as_text = http.post("/update", content=update, headers={"Content-Type": "text/plain", **AUTH})
        written = http.post("/update", data={"update": update}, headers=AUTH)
        seen = http.get("/sparql", params={"query": ask}).json()["boolean"]
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"].startswith("Bearer")
    assert wrong.status_code == 403
    assert malformed.status_code == 400 and "error at" in malformed.text
    assert as_text.status_code == 415
    assert written.status_code == 204 and seen is True


def test_a_write_past_the_time_limit_is_stopped_and_writes_nothing(writable_server):
    # an update's WHERE reads the store's own default graph (empty here), so name the graphs
    slow_insert = ("INSERT { <urn:slow> <urn:n> ?a } WHERE { GRAPH ?g { ?a ?b ?c } GRAPH ?h { ?d ?e ?f } "
                   "GRAPH ?i { ?x ?y ?z } }")
    with writable_server.client() as http:
        response = http.post("/update", content=slow_insert,
                             headers={"Content-Type": "application/sparql-update", **AUTH})
        left = http.get("/sparql", params={"query": "ASK { <urn:slow> ?p ?o }"}).json()["boolean"]
    assert response.status_code == 503 and "nothing was written" in response.text
    assert left is False


def test_graph_store_writes(writable_server):
    graph = {"graph": "urn:test:gsp"}
    turtle = {"Content-Type": "text/turtle", **AUTH}
    with writable_server.client() as http:
        created = http.put("/store", params=graph, content="<urn:s> <urn:p> 1 .", headers=turtle)
        added = http.post("/store", params=graph, content="<urn:s> <urn:p> 2 .", headers=turtle)
        two = http.get("/store", params=graph, headers={"Accept": "application/n-triples"}).text
        replaced = http.put("/store", params=graph, content="<urn:s> <urn:p> 3 .", headers=turtle)
        one = http.get("/store", params=graph, headers={"Accept": "application/n-triples"}).text
        bad = http.put("/store", params=graph, content="<urn:s> <urn:p> .", headers=turtle)
        after_bad = http.get("/store", params=graph, headers={"Accept": "application/n-triples"}).text
        wrong_type = http.put("/store", params=graph, content="x", headers={"Content-Type": "text/csv", **AUTH})
        no_token = http.delete("/store", params=graph)
        deleted = http.delete("/store", params=graph, headers=AUTH)
        gone = http.get("/store", params=graph)
    assert created.status_code == 201 and added.status_code == 204 and replaced.status_code == 204
    assert len(two.splitlines()) == 2 and len(one.splitlines()) == 1 and '"3"' in one
    assert bad.status_code == 400 and after_bad == one
    assert wrong_type.status_code == 415 and no_token.status_code == 401
    assert deleted.status_code == 204 and gone.status_code == 404


def test_the_curl_examples_of_the_docs_work(server):
    page = (Path(__file__).resolve().parent.parent / "docs" / "endpoint.md").read_text(encoding="utf-8")
    commands = [line for block in re.findall(r"```sh\n(.*?)```", page, re.S)
                for line in block.replace("\\\n", " ").splitlines() if line.startswith("curl ")]
    assert len(commands) >= 5
    with server.client() as http:
        for command in commands:
            words, headers, form, url = shlex.split(command)[1:], {}, {}, None
            while words:
                word = words.pop(0)
                if word == "-H":
                    name, _, value = words.pop(0).partition(":")
                    headers[name] = value.strip()
                elif word == "--data-urlencode":
                    name, _, value = words.pop(0).partition("=")
                    form[name] = value
                else:
                    url = word.replace("http://127.0.0.1:7800", "")
            response = http.post(url, data=form, headers=headers) if form else http.get(url, headers=headers)
            assert response.status_code == 200 and response.content, command
