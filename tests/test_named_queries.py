"""Named queries: every file's header parses, parameters are bound as terms, bad headers are refused."""

from __future__ import annotations

import pytest

from gcmkg.errors import QueryError
from gcmkg.graph.named_queries import load_named_queries, parse_named_query

from .conftest import select


def test_every_query_file_has_a_summary_and_runs_on_the_built_store(store):
    queries = load_named_queries()
    assert {"paragraphs-by-section", "commitments", "round-table-objectives",
            "citations-by-document", "targets-of-goal"} <= set(queries)
    for named in queries.values():
        assert named.summary
        defaults = {p.name: "1" if p.kind == "integer" else "sdg:10" for p in named.parameters if p.required}
        rows = list(store.query(named.text, named.bind(defaults)))
        assert rows, f"{named.name} returned nothing"


def test_parameter_is_bound_as_a_term_not_pasted_into_the_text(store):
    named = load_named_queries()["targets-of-goal"]
    hostile = 'http://metadata.un.org/sdg/10> } UNION { ?target ?p ?label } #'
    with pytest.raises(QueryError, match="not an IRI"):
        named.bind({"goal": hostile})
    paragraph = load_named_queries()["paragraph"]
    with pytest.raises(QueryError, match="not an integer"):
        paragraph.bind({"number": "1 } UNION { ?s ?p ?o"})


def test_paragraph_query_returns_the_whole_text_of_paragraph_53(store):
    named = load_named_queries()["paragraph"]
    rows = list(store.query(named.text, named.bind({"number": "53"})))
    assert len(rows) == 1
    assert rows[0]["text"].value.startswith("We will further align the implementation")
    assert rows[0]["text"].value.endswith("other relevant internationally agreed instruments.")


def test_missing_and_unknown_parameters_are_named():
    named = load_named_queries()["targets-of-goal"]
    with pytest.raises(QueryError, match="needs parameter goal"):
        named.bind({})
    with pytest.raises(QueryError, match="has no parameter colour; it takes: goal"):
        named.bind({"goal": "sdg:10", "colour": "red"})


def test_malformed_header_is_an_error_naming_the_file_and_line(tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("#+ summary: fine\n#+ tags: [unclosed\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"broken.rq:\d+: malformed query header"):
        parse_named_query(path)


def test_parameter_missing_from_the_projection_is_refused(tmp_path):
    path = tmp_path / "hidden.rq"
    path.write_text("#+ summary: s\nSELECT ?o WHERE { ?_s_iri ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"\?_s_iri must be in the SELECT projection"):
        parse_named_query(path)


def test_header_without_summary_or_with_unknown_field_is_refused(tmp_path):
    path = tmp_path / "nosummary.rq"
    path.write_text("#+ description: no summary\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="summary"):
        parse_named_query(path)
    path.write_text("#+ summary: s\n#+ sumary: typo\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="unknown header field"):
        parse_named_query(path)


def test_citations_by_document_resolves_the_sg_report_to_its_symbol(store):
    rows = select(store, load_named_queries()["citations-by-document"].text)
    sg = [row for row in rows if row["symbol"] == "A/76/642"]
    assert len(sg) == 1 and int(sg[0]["citations"]) >= 8
