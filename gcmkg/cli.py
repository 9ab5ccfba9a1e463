"""The ``gcmkg`` command: build the graph, query it, validate it, count what it holds.

Errors are one line on stderr and exit code 2; a graph that fails validation exits with 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pyoxigraph as ox
from tabulate import tabulate

from gcmkg.errors import GcmkgError, QueryError

from .graph.build import build as build_graph
from .graph.named_queries import load_named_queries, parse_named_query
from .graph.stats import document_stats, graph_stats
from .graph.search import ensure_index
from .graph.validate import validate as validate_store
from .cli_store import StoreLocation, store_options

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}
class Cli(click.Group):
    """A click group that prints gcm-kg's own errors as one line instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GcmkgError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted; the store is as it was", err=True)
            sys.exit(130)


@click.group(cls=Cli)
@click.version_option(package_name="gcm-kg")
def main() -> None:
    """gcm-kg: the commitments of the 2022 IMRF Progress Declaration, the GCM's objectives and
    the frameworks they align with, as one knowledge graph.

    Start with `gcmkg build`, then `gcmkg queries` and `gcmkg query NAME`.
    """


@main.command()
@store_options
@click.option("--add", "added", multiple=True, type=click.Path(path_type=Path), metavar="PATH",
              help="A declaration in the same plain-text form, or a directory: every *.txt under it, "
                   "recursively, in sorted order; loaded beside the default sources (repeatable).")
@click.argument("more", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH...]")
@click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes parsing the added declarations  [default: one per core; 1: no extra process].")
@click.option("--on-error", type=click.Choice(["stop", "skip"]), default="stop", show_default=True,
              help="A bad added declaration: stop the build (the store stays as it was), or skip it, "
                   "list it on stderr and record it in graph/build.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--reasoner", type=click.Choice(["rules", "owl"]), default="rules", show_default=True,
              help="rules: SPARQL rules, no Java; owl: owlready2 with the HermiT reasoner (needs Java).")
def build(store: StoreLocation, added: tuple[Path, ...], more: tuple[Path, ...], jobs: int | None, on_error: str,
          quiet: bool, reasoner: str) -> None:
    """Build the knowledge graph from the official texts into the store.

    The build is atomic: if it fails, the previous store is left exactly as it was (on a SPARQL
    server: built in a temporary directory, then published graph by graph and swapped in). An added
    file unchanged since the last build (same name, same sha256) is copied from the previous
    store, not parsed again.
    """
    if more and not added:
        raise click.UsageError("files to load go after --add, e.g. gcmkg build --add a.txt b.txt")
    report = build_graph(store.where, [*added, *more], progress=not quiet, reasoner=reasoner, jobs=jobs,
                         on_error=on_error, endpoints=store.endpoints)
    documents = report.added
    for error in documents.skipped:
        click.echo(str(error), err=True)
    if documents.skipped:
        click.echo(f"skipped {len(documents.skipped)} of {documents.total} documents", err=True)
    summary = f"{report.triples} triples in {len(report.graphs)} graphs, {report.seconds:.1f} s"
    if documents.total:
        summary += f"; added documents: {documents.parsed} parsed, {documents.reused} reused"
        summary += f", {len(documents.skipped)} skipped" if documents.skipped else ""
    click.echo(f"built {report.store}: {summary}")
    ensure_index(store.open())  # the search index, made now rather than at the first search


@main.command()
@store_options
@click.option("--format", "fmt", type=click.Choice(["table", *RESULT_FORMATS]), default="table",
              show_default=True, help="table for people; csv, tsv or json (SPARQL 1.1 JSON results).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of a named query (repeatable).")
@click.option("--lang", default=None, metavar="TAG",
              help="Language of labels (en, es, fr) for named queries that take a lang parameter.")
@click.argument("query")
def query(store: StoreLocation, fmt: str, params: tuple[str, ...], lang: str | None, query: str) -> None:
    """Run QUERY: the name of a query in queries/ (see `gcmkg queries`), a .rq file, or SPARQL text."""
    sparql, substitutions = _resolve_query(query, (*params, *([f"lang={lang}"] if lang else [])))
    results = store.open().query(sparql, substitutions)
    if isinstance(results, ox.QueryBoolean):
        click.echo("true" if bool(results) else "false")
    elif isinstance(results, ox.QueryTriples):
        click.echo(results.serialize(format=ox.RdfFormat.TURTLE).decode("utf-8"), nl=False)
    elif fmt == "table":
        # parameter variables echo the bound values: machine formats keep them, the table does not
        variables = [v.value for v in results.variables if not v.value.startswith("_")]
        rows = [[_cell(row[v]) for v in variables] for row in results]
        click.echo(tabulate(rows, headers=variables, tablefmt="simple", maxcolwidths=70))
        click.echo(f"({len(rows)} rows)")
    else:
        click.echo(results.serialize(format=RESULT_FORMATS[fmt]).decode("utf-8"), nl=False)


def _resolve_query(query: str, params: tuple[str, ...]):
    values = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep:
            raise QueryError(f"--param {param!r}: expected NAME=VALUE")
        values[name] = value
    path = Path(query)
    if query.endswith(".rq") and path.is_file():
        named = parse_named_query(path)
    elif query.replace("-", "").replace("_", "").isalnum():
        queries = load_named_queries()
        if query not in queries:
            raise QueryError(f"no query named '{query}'; known: {', '.join(queries)}")
        named = queries[query]
    else:
        if values:
            raise QueryError("--param works with named queries and .rq files, not inline SPARQL")
        return query, {}
    return named.text, named.bind(values)


def _cell(term) -> str:
    if term is None:
        return ""
    return term.value


@main.command(name="queries")
def list_queries() -> None:
    """List the named queries with their parameters."""
    rows = []
    for named in load_named_queries().values():
        params = ", ".join(f"{p.name}{'' if p.required else '?'} ({p.kind})" for p in named.parameters)
        rows.append([named.name, named.summary, params])
    click.echo(tabulate(rows, headers=["name", "summary", "parameters"], maxcolwidths=[None, 60, 30]))


@main.command()
@store_options
def stats(store: StoreLocation) -> None:
    """Per graph and per document: how many triples, and what it holds."""
    opened = store.open()
    click.echo(tabulate(graph_stats(opened), headers=["graph", "triples"]))
    click.echo()
    click.echo(tabulate(document_stats(opened), headers=["document", "symbol", "holds"], maxcolwidths=[40, 20, 70]))


@main.command()
@store_options
def validate(store: StoreLocation) -> None:
    """Check the built graph against the SHACL shapes and the violation queries; exit 1 on failure."""
    report = validate_store(store.open())
    click.echo(report.text())
    if not report.conforms:
        sys.exit(1)


from .cli_trace import trace  # noqa: E402  (the command lives in its own module)

main.add_command(trace)

from .cli_serve import serve  # noqa: E402  (the command lives in its own module)

main.add_command(serve)

from .cli_export import export  # noqa: E402
from .cli_plot import plot  # noqa: E402

main.add_command(export)
main.add_command(plot)

from .cli_search import search  # noqa: E402

main.add_command(search)
