"""The synthetic corpus of the scale benchmark: the real parser reads every document as the generator meant.

``benchmarks/`` is not a package: the generator is loaded from its file, as ``crosswalk_fixtures``
loads the alignment evaluation.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from gcmkg.graph.references import Catalogue, find_references
from gcmkg.loaders.declaration import read_declaration
from gcmkg.loaders.declaration_rdf import SEED, load_declaration_file
from gcmkg.loaders.sdg_indicators import read_indicator_framework
from gcmkg.ontology.vocab import GCMKG, ID, SDG

GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "synthetic.py"
COUNT, SEED_NUMBER = 6, 3


@pytest.fixture(scope="module")
def synthetic():
    spec = importlib.util.spec_from_file_location("synthetic", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules["synthetic"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(synthetic, tmp_path_factory):
    """(what the generator meant, what the parser read) for each written document."""
    paths = synthetic.write_corpus(tmp_path_factory.mktemp("corpus"), COUNT, seed=SEED_NUMBER)
    meant = [synthetic.synthetic_declaration(i, seed=SEED_NUMBER) for i in range(COUNT)]
    return list(zip(meant, [read_declaration(path) for path in paths], strict=True))


def test_every_document_parses_with_the_paragraphs_footnotes_and_citations_it_was_given(corpus):
    low, high = 45, 70
    for meant, doc in corpus:
        assert doc.slug == meant.name
        assert low <= len(doc.paragraphs) == meant.paragraphs <= high
        assert len(doc.footnotes) == meant.footnotes > 0
        citations = [c for p in doc.paragraphs for c in p.citations]
        assert len(citations) == meant.citations > 0
        assert all(c.instrument for c in citations), "every annotation cites an instrument of the register"


def test_title_block_says_the_text_is_synthetic(corpus):
    for _, doc in corpus:
        assert doc.title.startswith("Synthetic Declaration")
        assert "Synthetic benchmark data" in doc.subtitle and "not an official text" in doc.subtitle
        assert doc.date is not None


def test_round_tables_cover_each_objective_once_and_page_breaks_fall_inside_paragraphs(corpus):
    for _, doc in corpus:
        tables = [s for s in doc.sections if s.kind == "round_table"]
        covered = sorted(n for s in tables for n in s.objectives)
        assert covered == list(range(1, 24))
        assert all(s.footnote_markers for s in tables)
    # the real form: a paragraph interrupted by the page's footnote block, then continued
    interrupted = [p for _, doc in corpus for p in doc.paragraphs
                   if any(p.span.line < f.span.line < p.span.end_line for f in doc.footnotes)]
    assert interrupted


def test_commitments_name_real_objectives_and_targets(corpus):
    objectives = set(read_declaration(SEED).objectives)
    targets = {t.notation for t in read_indicator_framework().targets}
    catalogue = Catalogue(targets={SDG[t] for t in targets}, objectives=objectives)
    for meant, doc in corpus:
        assert len(meant.commitments) >= 2
        for number, (named_objectives, named_targets) in meant.commitments.items():
            paragraph = doc.paragraph(number)
            assert paragraph.is_commitment
            assert set(named_objectives) <= objectives and set(named_targets) <= targets
            found = find_references(paragraph.text, catalogue, gcm_terms=True, commitment=True)
            advanced = {ref.target for ref in found if ref.relation == GCMKG.advances}
            aligned = {ref.target for ref in found if ref.relation == GCMKG.alignsWith}
            assert advanced == {ID[f"gcm/objective/{n}"] for n in named_objectives}
            assert aligned == {SDG[t] for t in named_targets}


def test_a_document_becomes_a_graph_with_commitments(synthetic, corpus, tmp_path):
    meant, _ = corpus[0]
    path = tmp_path / f"{meant.name}.txt"
    path.write_text(meant.text, encoding="utf-8")
    name, graph = load_declaration_file(path)
    assert name == meant.name
    commitments = set(graph.subjects(predicate=None, object=GCMKG.Commitment))
    assert {ID[f"doc/{name}/para_{n}"] for n in meant.commitments} <= commitments


def test_the_same_seed_gives_the_same_bytes(synthetic, tmp_path):
    first = synthetic.write_corpus(tmp_path / "a", 3, seed=11)
    again = synthetic.write_corpus(tmp_path / "b", 3, seed=11)
    other = synthetic.write_corpus(tmp_path / "c", 3, seed=12)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert all(a.read_bytes() != b.read_bytes() for a, b in zip(first, other, strict=True))
