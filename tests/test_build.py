"""The build: atomic, one named graph per source, added declarations kept across rebuilds."""

from __future__ import annotations

import errno
import os
import shutil

import pytest

from gcmkg.errors import SourceError, StoreError
from gcmkg.graph.build import build
from gcmkg.graph.store import EmbeddedStore
from gcmkg.loaders import registry
from gcmkg.loaders.declaration_rdf import SEED
from gcmkg.ontology.vocab import GRAPH

from .conftest import select


def snapshot(path):
    """Every quad of a store as a sorted list of strings, to compare stores exactly."""
    return sorted(str(q) for q in EmbeddedStore(path, read_only=True).quads())


def test_build_makes_one_named_graph_per_source(store):
    names = {iri.removeprefix(str(GRAPH)) for iri in store.graph_names()}
    assert {"imrf-2022-zero-draft", "ontology", "build"} <= names
    assert {source.name for source in registry.default_sources()} <= names


def test_seed_declaration_has_its_57_paragraphs_in_its_own_graph(store):
    rows = select(store, """
        PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
        SELECT (COUNT(?p) AS ?n) WHERE {
          GRAPH <https://w3id.org/gcmkg/graph/imrf-2022-zero-draft> { ?p a gcmkg:Paragraph } }""")
    assert rows == [{"n": "57"}]


def test_a_failed_build_leaves_the_previous_store_exactly_as_it_was(built_store_path, tmp_path):
    path = tmp_path / "store"
    shutil.copytree(built_store_path, path)
    before = snapshot(path)
    bad = tmp_path / "broken.txt"
    bad.write_text("Title\n\n1. We commit.\n\n3. We skip a number.\n", encoding="utf-8")
    with pytest.raises(SourceError, match="broken.txt:5"):
        build(path, add=[bad], progress=False)
    assert snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.txt", "store"]


def test_an_interrupted_build_leaves_the_previous_store_exactly_as_it_was(built_store_path, tmp_path, monkeypatch):
    path = tmp_path / "store"
    shutil.copytree(built_store_path, path)
    before = snapshot(path)

    def interrupted():
        raise KeyboardInterrupt

    sources = registry.default_sources()
    doomed = registry.Source(sources[-1].name, interrupted, "interrupted by the test")
    monkeypatch.setattr("gcmkg.graph.build.default_sources", lambda: [*sources[:-1], doomed])
    with pytest.raises(KeyboardInterrupt):
        build(path, progress=False)
    assert snapshot(path) == before


def test_a_full_disk_ends_in_one_clear_error_and_leaves_the_previous_store_as_it_was(
    built_store_path, tmp_path, monkeypatch
):
    path = tmp_path / "store"
    shutil.copytree(built_store_path, path)
    before = snapshot(path)
    added = tmp_path / "second-declaration.txt"
    shutil.copy(SEED, added)

    def disk_full(store, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("gcmkg.graph.batch_writer.write_nquads", disk_full)
    with pytest.raises(StoreError, match="^no space left on device while writing graph/second-declaration$"):
        build(path, add=[added], progress=False)
    assert snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["second-declaration.txt", "store"]


def test_added_declaration_gets_its_graph_and_stays_on_rebuild(tmp_path):
    copy = tmp_path / "second-declaration.txt"
    copy.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "store"
    report = build(path, add=[copy], progress=False)
    assert report.graphs["second-declaration"] == report.graphs["imrf-2022-zero-draft"]
    build(path, progress=False)
    rows = select(EmbeddedStore(path, read_only=True), """
        PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
        SELECT (COUNT(?p) AS ?n) WHERE {
          ?p gcmkg:inDocument <https://w3id.org/gcmkg/id/doc/second-declaration> ; a gcmkg:Paragraph }""")
    assert rows == [{"n": "57"}]


def test_adding_a_document_under_a_name_already_loaded_is_refused(tmp_path):
    clash = tmp_path / "imrf-2022-zero-draft.txt"
    clash.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(SourceError, match="already in the graph"):
        build(tmp_path / "store", add=[clash], progress=False)
    assert not (tmp_path / "store").exists()
