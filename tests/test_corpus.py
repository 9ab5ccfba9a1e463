"""Loading a corpus of declarations: directories, parallel parsing, reuse of unchanged files, bad files."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gcmkg.errors import SourceError
from gcmkg.graph.batch_writer import BatchWriter
from gcmkg.graph.build import build
from gcmkg.graph.corpus import corpus_files
from gcmkg.graph.corpus_ingest import ingest
from gcmkg.graph.previous_build import PreviousBuild
from gcmkg.graph.store import EmbeddedStore
from gcmkg.loaders.declaration_rdf import SEED
from gcmkg.ontology.vocab import GRAPH

from .conftest import select

SYNTHETIC = Path(__file__).parent / "data" / "synthetic-coastal-declaration.txt"
GCMKG = str(Path(sys.executable).parent / "gcmkg")
BROKEN = "Title\n\n1. We commit.\n\n3. We skip a number.\n"
PREFIXES = "PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>\n"


def write_corpus(root: Path) -> Path:
    """Three declarations at three depths of one folder (two copies of the seed, one synthetic), and a note."""
    corpus = root / "corpus"
    (corpus / "regional" / "east").mkdir(parents=True)
    shutil.copy(SEED, corpus / "alpha.txt")
    shutil.copy(SYNTHETIC, corpus / "regional" / "coastal.txt")
    shutil.copy(SEED, corpus / "regional" / "east" / "beta.txt")
    (corpus / "regional" / "README.md").write_text("Not a declaration: only *.txt files are loaded.\n")
    return corpus


def graph_quads(store_path: Path, name: str) -> list[str]:
    return sorted(str(q) for q in EmbeddedStore(store_path, read_only=True).quads(str(GRAPH[name])))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def corpus_build(corpus, tmp_path_factory):
    """A store built with the corpus folder added, parsed by two worker processes (do not change it)."""
    path = tmp_path_factory.mktemp("corpus-store") / "store"
    return path, build(path, add=[corpus], progress=False, jobs=2)


def test_a_directory_adds_every_txt_file_under_it_in_sorted_order(corpus, corpus_build):
    files = corpus_files([corpus, corpus / "alpha.txt"])  # a file named twice counts once
    assert [p.relative_to(corpus).as_posix() for p in files] == [
        "alpha.txt", "regional/coastal.txt", "regional/east/beta.txt"]
    path, report = corpus_build
    assert (report.added.parsed, report.added.reused, report.added.skipped) == (3, 0, [])
    assert report.graphs["alpha"] == report.graphs["beta"] == report.graphs["imrf-2022-zero-draft"]
    rows = select(EmbeddedStore(path, read_only=True), PREFIXES + """
        SELECT ?doc (COUNT(?p) AS ?n) WHERE { ?p a gcmkg:Paragraph ; gcmkg:inDocument ?doc .
          FILTER(STRENDS(STR(?doc), "/beta") || STRENDS(STR(?doc), "/coastal")) } GROUP BY ?doc ORDER BY ?doc""")
    assert [(row["doc"].rsplit("/", 1)[1], row["n"]) for row in rows] == [("beta", "57"), ("coastal", "6")]


def test_an_empty_directory_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError, match=r"empty: a directory without any \.txt file"):
        corpus_files([tmp_path / "empty"])


def test_parsing_on_two_processes_writes_the_same_quads_as_parsing_in_this_one(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(8):  # more than the documents kept in flight, so results also come back mid-way
        shutil.copy(SEED if number % 2 else SYNTHETIC, folder / f"doc-{number}.txt")
    files = corpus_files([folder])
    written = []
    for jobs in (1, 2):
        store = EmbeddedStore(tmp_path / f"jobs-{jobs}")
        graphs: dict[str, int] = {}
        added = ingest(BatchWriter(store.oxigraph), graphs, files, PreviousBuild(None), jobs=jobs, progress=False)
        assert added.parsed == 8 and list(graphs) == [f"doc-{n}" for n in range(8)]
        written.append(sorted(str(q) for q in store.quads()))
    assert len(written[0]) == 4 * 1347 + 4 * graphs["doc-0"]
    assert written[0] == written[1]


def test_a_document_name_already_taken_is_skipped_or_stops(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SYNTHETIC, tmp_path / folder / "coastal.txt")
    shutil.copy(SYNTHETIC, tmp_path / "alignment.txt")  # the name of a graph the build derives
    files = corpus_files([tmp_path / "a", tmp_path / "b", tmp_path / "alignment.txt"])
    graphs: dict[str, int] = {}
    store = EmbeddedStore(tmp_path / "store")
    added = ingest(BatchWriter(store.oxigraph), graphs, files, PreviousBuild(None), reserved={"alignment"},
                   on_error="skip", progress=False)
    assert list(graphs) == ["coastal"]
    assert [str(error) for error in added.skipped] == [
        f"{tmp_path / 'b' / 'coastal.txt'}: a document named 'coastal' is already in the graph; rename the file",
        f"{tmp_path / 'alignment.txt'}: a document named 'alignment' is already in the graph; rename the file"]
    with pytest.raises(SourceError, match="b/coastal.txt: a document named 'coastal' is already in the graph"):
        ingest(BatchWriter(store.oxigraph), {}, files, PreviousBuild(None), progress=False)


def test_a_rebuild_parses_only_the_changed_file_and_copies_the_others(corpus, corpus_build, tmp_path, capsys):
    before, _ = corpus_build
    path = tmp_path / "store"
    shutil.copytree(before, path)
    changed = shutil.copytree(corpus, tmp_path / "corpus")
    beta = changed / "regional" / "east" / "beta.txt"
    beta.write_text(beta.read_text(encoding="utf-8").replace("profound solidarity", "steadfast solidarity"),
                    encoding="utf-8")
    capsys.readouterr()
    report = build(path, add=[changed], jobs=2)  # with the progress bar
    assert (report.added.parsed, report.added.reused, report.added.skipped) == (1, 2, [])
    bar = capsys.readouterr().err
    assert "documents: 100%" in bar and "3/3" in bar and "doc/s" in bar and "triples/s" in bar
    rows = select(EmbeddedStore(path, read_only=True), PREFIXES + """
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?text ?sha256 WHERE { GRAPH <https://w3id.org/gcmkg/graph/beta> {
          <https://w3id.org/gcmkg/id/doc/beta/para_11> gcmkg:text ?text .
          <https://w3id.org/gcmkg/id/doc/beta> dcterms:source/gcmkg:sha256 ?sha256 } }""")
    assert len(rows) == 1 and "steadfast solidarity" in rows[0]["text"]
    assert rows[0]["sha256"] == hashlib.sha256(beta.read_bytes()).hexdigest()
    for name in ("alpha", "coastal"):  # copied whole from the previous store
        assert graph_quads(path, name) == graph_quads(before, name)


def test_a_bad_file_among_good_ones_stops_the_build_and_the_store_stays_as_it_was(corpus, corpus_build, tmp_path):
    path = tmp_path / "store"
    shutil.copytree(corpus_build[0], path)
    before = sorted(str(q) for q in EmbeddedStore(path, read_only=True).quads())
    bad_corpus = shutil.copytree(corpus, tmp_path / "corpus")
    (bad_corpus / "regional" / "broken.txt").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(SourceError, match="regional/broken.txt:5: paragraph 3 skips the numbering"):
        build(path, add=[bad_corpus], progress=False, on_error="stop")
    assert sorted(str(q) for q in EmbeddedStore(path, read_only=True).quads()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "store"]


def test_skipped_files_are_listed_on_stderr_and_recorded_in_the_build_graph(corpus, corpus_build, tmp_path):
    path = tmp_path / "store"
    shutil.copytree(corpus_build[0], path)
    bad_corpus = shutil.copytree(corpus, tmp_path / "corpus")
    (bad_corpus / "broken.txt").write_text(BROKEN, encoding="utf-8")
    (bad_corpus / "regional" / "empty.txt").write_text("\n", encoding="utf-8")
    result = subprocess.run([GCMKG, "build", "--quiet", "--store", str(path), "--add", str(bad_corpus),
                             "--on-error", "skip"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    errors = [f"{bad_corpus / 'broken.txt'}:5: paragraph 3 skips the numbering: expected paragraph 2",
              f"{bad_corpus / 'regional' / 'empty.txt'}:1: the file is empty"]
    assert result.stderr.splitlines() == [*errors, "skipped 2 of 5 documents"]  # and no progress bar
    assert result.stdout.strip().endswith("added documents: 0 parsed, 3 reused, 2 skipped")
    store = EmbeddedStore(path, read_only=True)
    rows = select(store, PREFIXES + """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?label ?error WHERE { GRAPH <https://w3id.org/gcmkg/graph/build> {
          <https://w3id.org/gcmkg/graph/build> gcmkg:skippedSource ?file .
          ?file rdfs:label ?label ; gcmkg:loadError ?error } } ORDER BY ?label""")
    assert rows == [{"label": "broken.txt", "error": errors[0]}, {"label": "empty.txt", "error": errors[1]}]
    names = {iri.removeprefix(str(GRAPH)) for iri in store.graph_names()}
    assert {"alpha", "beta", "coastal"} <= names and not {"broken", "empty"} & names
