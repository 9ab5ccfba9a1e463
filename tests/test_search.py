"""Full-text search on the real built store: ranking, stemming, phrases, hostile input, the index's
freshness, and the CLI, the Python API and the JSON endpoint that expose it."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from gcmkg.graph.remote_store import Endpoints, RemoteStore
from gcmkg.graph.search import ensure_index, search
from gcmkg.graph.search_index import index_path, indexed_stamp, store_stamp
from gcmkg.graph.store import EmbeddedStore

import gcmkg
from gcmkg.errors import QueryError, StoreError
from tests.server_process import server  # noqa: F401  (fixture)

GCMKG = str(Path(sys.executable).parent / "gcmkg")
DECLARATION = "https://w3id.org/gcmkg/id/doc/imrf-2022-zero-draft/"
PARIS = "https://w3id.org/gcmkg/id/doc/paris-agreement/"
# paragraph 46 is the one on the cost of remittances: "Concerned that the cost of transferring
# remittances remained at 6.3 per cent ... reduce the average transaction cost of migrant remittances"
PARA_46 = DECLARATION + "para_46"
HOSTILE = ['AND OR NOT ( ) " * : ^', "NEAR(migrants remittances, 3)", "text:migrants", "^migrants", "-migrants",
           'migrants"', '"migrants', "migrants AND", "(migrants OR", "{text}: migrants", "mi*grants* *", "'; DROP TABLE parts; --"]


def iris(hits) -> list[str]:
    return [hit.iri for hit in hits]


def test_remittance_costs_ranks_paragraph_46_first(store):
    hits = search(store, "remittance costs")
    assert hits[0].iri == PARA_46
    assert (hits[0].document, hits[0].number, hits[0].label) == ("imrf-2022-zero-draft", 46, "Paragraph 46")
    assert "the cost of transferring remittances" in hits[0].text
    assert "[cost]" in hits[0].snippet and "[remittances]" in hits[0].snippet
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))


def test_stemming_finds_plural_and_singular(store):
    singular = iris(search(store, "remittance", limit=50))
    # paragraph 7 says only "remittances", paragraph 34 both "remittance channels" and "remittances"
    assert {DECLARATION + "para_7", DECLARATION + "para_34", PARA_46} <= set(singular)
    assert set(iris(search(store, "remittances", limit=50))) == set(singular)
    assert "[remittances]" in next(h for h in search(store, "remittance", limit=50) if h.number == 7).snippet


def test_prefix_search_widens_the_words(store):
    assert set(iris(search(store, "remit*", limit=50))) >= set(iris(search(store, "remittance", limit=50)))
    assert search(store, "remit", limit=50) == []  # without the star, a word is a whole word


def test_a_quoted_phrase_must_appear_in_that_order(store):
    assert iris(search(store, '"digital remittance channels"')) == [DECLARATION + "para_34"]
    assert search(store, '"channels remittance digital"') == []
    assert DECLARATION + "para_34" in iris(search(store, "channels remittance digital"))  # words in any order


def test_all_words_are_required(store):
    for hit in search(store, "remittances women", limit=50):
        lowered = hit.text.lower()
        assert "remittance" in lowered and "women" in lowered
    assert search(store, "remittances photosynthesis") == []


@pytest.mark.parametrize("text", HOSTILE)
def test_input_full_of_fts_operators_does_not_crash(store, text):
    hits = search(store, text, limit=5)
    assert isinstance(hits, list)
    assert all(hit.text for hit in hits)


def test_operator_words_are_searched_as_words(store):
    hits = search(store, "NOT covered", limit=50)
    assert DECLARATION + "para_33" in iris(hits)  # "Migrants were often not systematically covered ..."
    assert all(re.search(r"\bnot\b", hit.text, re.IGNORECASE) for hit in hits)


@pytest.mark.parametrize("text, limit, parameter", [
    ("", 10, "text"), ("   ", 10, "text"), ('( ) * : ^ "', 10, "text"), ("remittance", 0, "limit"),
    ("remittance", -3, "limit"),
])
def test_bad_input_is_a_query_error_naming_the_parameter(store, text, limit, parameter):
    with pytest.raises(QueryError, match=f"^{parameter}: "):
        search(store, text, limit=limit)


def test_document_filter_keeps_one_document(store):
    paris = search(store, "loss damage", document="paris-agreement", limit=20)
    assert paris and {hit.document for hit in paris} == {"paris-agreement"}
    assert PARIS + "art_8__para_1" in iris(paris)
    by_iri = search(store, "loss damage", document="https://w3id.org/gcmkg/id/doc/paris-agreement", limit=20)
    assert by_iri == paris
    assert search(store, "remittance", document="paris-agreement") == []
    with pytest.raises(QueryError, match="^document: .*did you mean paris-agreement"):
        search(store, "remittance", document="paris")


def test_index_holds_each_paragraph_once(store):
    with sqlite3.connect(ensure_index(store)) as index:
        rows = index.execute("SELECT document, number, iri FROM parts").fetchall()
    declaration = sorted(number for document, number, _ in rows if document == "imrf-2022-zero-draft" and number)
    assert declaration == list(range(1, 58))
    parts = [iri for _, _, iri in rows]
    assert len(parts) == len(set(parts))
    # Article 8 (its paragraphs put together) and its points (in their paragraph's text) are not there twice
    early = iris(search(store, '"early warning systems"', document="paris-agreement", limit=20))
    assert PARIS + "art_8__para_4" in early
    assert search(store, '"early warning systems"', document="paris-agreement")[0].label.startswith("Article ")
    assert PARIS + "art_8" not in early and PARIS + "art_8__para_4__point_a" not in early


def test_index_lives_beside_the_store_and_is_reused(store, built_store_path):
    path = ensure_index(store)
    assert path == built_store_path.with_name("store.search.sqlite")
    assert indexed_stamp(path) == store_stamp(store)
    before = path.stat().st_ino
    search(store, "migrants")
    assert path.stat().st_ino == before  # fresh: not rebuilt


def test_index_with_another_stamp_is_rebuilt_whole(built_store_path, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(built_store_path, copy)
    store = EmbeddedStore(copy, read_only=True)
    path = ensure_index(store)
    assert path == tmp_path / "store.search.sqlite"
    with sqlite3.connect(path) as index:
        index.execute("UPDATE meta SET value = 'another build' WHERE key = 'stamp'")
    reader = sqlite3.connect(path)  # a reader of the old index keeps a whole index while a new one is made
    assert search(store, "remittance costs")[0].iri == PARA_46
    assert indexed_stamp(path) == store_stamp(store)
    assert reader.execute("SELECT value FROM meta").fetchone() == ("another build",)
    assert reader.execute("SELECT count(*) FROM parts_text WHERE parts_text MATCH 'remittances'").fetchone()[0] > 3
    reader.close()
    path.write_bytes(b"not an index")
    assert search(store, "remittance costs")[0].iri == PARA_46
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store", "store.search.sqlite"]  # no temporary file left


class BreaksOffMidway:
    """The copied store, but its paragraph stream breaks off after 30 rows, as a dropped connection would."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.path = store.path
        self.store = store

    def query(self, sparql: str):
        results = self.store.query(sparql)
        if "gcmkg:text" not in sparql:
            return results
        return itertools.chain(itertools.islice(results, 30), self.lost())

    def lost(self):
        raise StoreError("connection lost")
        yield


def test_a_failed_rebuild_leaves_the_old_index_whole(built_store_path, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(built_store_path, copy)
    store = EmbeddedStore(copy, read_only=True)
    path = ensure_index(store)
    with sqlite3.connect(path) as index:
        index.execute("UPDATE meta SET value = 'another build' WHERE key = 'stamp'")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="connection lost"):
        ensure_index(BreaksOffMidway(store))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store", "store.search.sqlite"]


def test_an_index_that_cannot_be_written_is_one_clear_error(built_store_path, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(built_store_path, copy)
    (tmp_path / "store.search.sqlite").mkdir()  # something else is where the index goes
    with pytest.raises(StoreError, match=r"store\.search\.sqlite: cannot write the search index"):
        search(EmbeddedStore(copy, read_only=True), "migrants")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store", "store.search.sqlite"]


def test_a_new_build_makes_the_index_stale_and_gcmkg_build_leaves_it_fresh(built_store_path, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(built_store_path, copy)
    old_stamp = indexed_stamp(ensure_index(EmbeddedStore(copy, read_only=True)))
    result = subprocess.run([GCMKG, "build", "--quiet", "--store", str(copy)], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    rebuilt = EmbeddedStore(copy, read_only=True)
    assert store_stamp(rebuilt) != old_stamp
    assert indexed_stamp(tmp_path / "store.search.sqlite") == store_stamp(rebuilt)


def test_remote_store_index_goes_to_the_user_cache(oxigraph_server, store, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    remote = RemoteStore(Endpoints(oxigraph_server.query_url, oxigraph_server.update_url, oxigraph_server.gsp_url))
    remote.publish({name: (quad.triple for quad in store.quads(name)) for name in store.graph_names()})
    digest = hashlib.sha256(oxigraph_server.query_url.encode()).hexdigest()
    assert index_path(remote) == tmp_path / "cache" / "gcmkg" / "search" / f"{digest}.sqlite"
    assert store_stamp(remote) == store_stamp(store)
    assert search(remote, "remittance costs") == search(store, "remittance costs")
    assert index_path(remote).is_file()


def test_python_api(built_store_path):
    kg = gcmkg.KnowledgeGraph(built_store_path)
    hits = kg.search("remittance costs", limit=3)
    assert hits[0].number == 46
    assert [hit.document for hit in kg.search("climate", document="paris-agreement")] == ["paris-agreement"] * 10


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([GCMKG, *args], capture_output=True, text=True, timeout=300, check=False)


def test_cli_table(built_store_path):
    result = run("search", "remittance", "costs", "--store", str(built_store_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["rank", "document", "paragraph", "score", "snippet"]
    first = lines[2].split()
    assert first[:4] == ["1", "imrf-2022-zero-draft", "Paragraph", "46"]
    assert float(first[4]) > 0 and "[cost]" in lines[2]


def test_cli_json(built_store_path):
    result = run("search", '"digital remittance"', "--store", str(built_store_path), "--format", "json",
                 "--limit", "2", "--document", "imrf-2022-zero-draft")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert [(h["rank"], h["number"]) for h in hits] == [(1, 34)]
    assert set(hits[0]) == {"rank", "iri", "document", "number", "label", "score", "snippet", "text"}
    assert "[digital remittance]" in hits[0]["snippet"]


@pytest.mark.parametrize("args, message", [
    (["--limit", "0", "migrants"], "'--limit'"),
    (["( ) *"], "error: text: give at least one word"),
    (["migrants", "--document", "nowhere"], "error: document: no document 'nowhere'"),
])
def test_cli_bad_input_is_one_line(built_store_path, args, message):
    result = run("search", *args, "--store", str(built_store_path))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_endpoint_answers_json(server):
    with server.client() as http:
        response = http.get("/search", params={"q": "remittance costs", "limit": 3},
                            headers={"Accept": "application/json"})
        assert response.status_code == 200 and response.headers["content-type"] == "application/json"
        body = response.json()
        assert body["hits"][0]["iri"] == PARA_46 and body["hits"][0]["page"] == "/id/doc/imrf-2022-zero-draft/para_46"
        assert http.get(body["hits"][0]["page"]).status_code == 200
        by_format = http.get("/search", params={"q": "remittance costs", "limit": 3, "format": "json"}).json()
        assert by_format == body
        paris = http.get("/search", params={"q": "loss damage", "document": "paris-agreement", "format": "json"})
        assert {hit["document"] for hit in paris.json()["hits"]} == {"paris-agreement"}
        for text in HOSTILE:
            assert http.get("/search", params={"q": text, "format": "json"}).status_code == 200


@pytest.mark.parametrize("params, status, message", [
    ({"q": ""}, 400, "q: "), ({"q": "( ) *"}, 400, "q: "), ({"q": "migrants", "limit": "0"}, 400, "limit: "),
    ({"q": "migrants", "limit": "many"}, 400, "limit: "), ({"q": "migrants", "limit": "10001"}, 400, "limit: "),
    ({"q": "migrants", "document": "paris"}, 400, "document: "),
])
def test_endpoint_refuses_bad_input_naming_the_parameter(server, params, status, message):
    with server.client() as http:
        response = http.get("/search", params={**params, "format": "json"})
    assert response.status_code == status
    assert response.text.startswith(message)
