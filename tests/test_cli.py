"""The gcmkg command, run for real as a subprocess against real stores."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

GCMKG = str(Path(sys.executable).parent / "gcmkg")


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([GCMKG, *args], capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"gcmkg {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def test_build_prints_what_it_wrote(tmp_path):
    result = run("build", "--quiet", "--store", str(tmp_path / "s"))
    assert result.stdout.startswith(f"built {tmp_path / 's'}: ")
    assert " triples in " in result.stdout


def test_named_query_as_json_is_sparql_results_json(built_store_path):
    result = run("query", "--store", str(built_store_path), "--format", "json", "round-table-objectives")
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["roundTable", "objectiveNumber", "objective", "title"]
    assert len(data["results"]["bindings"]) == 23


def test_named_query_with_parameter_as_csv(built_store_path):
    result = run("query", "--store", str(built_store_path), "--format", "csv", "-p", "goal=sdg:10", "targets-of-goal")
    lines = result.stdout.strip().splitlines()
    assert lines[0].split(",") == ["target", "notation", "label", "_goal_iri", "__lang"]
    assert len(lines) == 1 + 10
    assert any(line.startswith("http://metadata.un.org/sdg/10.c,10.c,") for line in lines)


def test_inline_sparql_as_table(built_store_path):
    sparql = ("PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#> "
              "SELECT ?n WHERE { ?p gcmkg:paragraphNumber ?n ; gcmkg:inDocument "
              "<https://w3id.org/gcmkg/id/doc/imrf-2022-zero-draft> } ORDER BY DESC(?n) LIMIT 1")
    result = run("query", "--store", str(built_store_path), sparql)
    assert result.stdout.split() == ["n", "---", "57", "(1", "rows)"]


def test_query_from_rq_file(built_store_path, tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("#+ summary: count footnotes\n"
                    "PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>\n"
                    "SELECT (COUNT(?f) AS ?n) WHERE { ?f a gcmkg:Footnote }\n", encoding="utf-8")
    result = run("query", "--store", str(built_store_path), "--format", "tsv", str(path))
    assert result.stdout.splitlines() == ["?n", "5"]


def test_invalid_sparql_prints_the_parser_message_and_exits_non_zero(built_store_path):
    result = run("query", "--store", str(built_store_path), "SELECT ?x WHERE { ?x ?y }", check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("error: invalid SPARQL:")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_named_query_lists_the_known_ones(built_store_path):
    result = run("query", "--store", str(built_store_path), "no-such-query", check=False)
    assert result.returncode == 2
    assert "no query named 'no-such-query'" in result.stderr and "commitments" in result.stderr


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        ("Title\n\n1. Caf\u00e9.\n".encode("latin-1"), ":3:"),
        (b"Title\n\n1. We commit *[based on SG report, para 98.\n", ":3:"),
        (b"Title\n\n1. We commit.\n\n1. We commit again.\n", ":5:"),
    ],
    ids=["empty", "binary", "wrong-encoding", "unclosed-annotation", "repeated-number"],
)
def test_bad_declaration_is_refused_in_one_line_and_the_store_is_untouched(
    built_store_path, tmp_path, content, expected
):
    store = tmp_path / "store"
    shutil.copytree(built_store_path, store)
    before = sorted((p.relative_to(store), p.read_bytes()) for p in store.rglob("*") if p.is_file())
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run("build", "--quiet", "--store", str(store), "--add", str(bad), check=False)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and expected in lines[0], result.stderr
    after = sorted((p.relative_to(store), p.read_bytes()) for p in store.rglob("*") if p.is_file())
    assert after == before


def test_stats_lists_documents_with_their_parts(built_store_path):
    result = run("stats", "--store", str(built_store_path))
    assert "imrf-2022-zero-draft" in result.stdout
    assert "57 Paragraph" in result.stdout


def test_validate_passes_on_the_built_store(built_store_path):
    result = run("validate", "--store", str(built_store_path))
    assert "conforms" in result.stdout


def test_query_on_a_store_never_built_says_how_to_build(tmp_path):
    result = run("query", "--store", str(tmp_path / "none"), "commitments", check=False)
    assert result.returncode == 2
    assert "gcmkg build" in result.stderr


def test_lang_picks_the_language_of_labels(built_store_path):
    result = run("query", "--store", str(built_store_path), "--format", "csv", "--lang", "fr",
                 "-p", "goal=sdg:10", "targets-of-goal")
    rows = result.stdout.strip().splitlines()[1:]
    assert len(rows) == 10
    assert "Faciliter la migration" in next(row for row in rows if row.startswith("http://metadata.un.org/sdg/10.7,"))
