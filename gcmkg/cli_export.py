"""``gcmkg export``: the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML, GraphML, GEXF, CSV, Cytoscape.js.

Errors (unknown format, a path that cannot be written) are one line and exit code 2, as for
every gcmkg command; an export that fails leaves nothing under the output name.
"""

from __future__ import annotations

from pathlib import Path

import click

from .api import KnowledgeGraph
from .cli_store import StoreLocation, store_options
from .graph.export import EXPORTERS


def _formats_help() -> str:
    return "; ".join(f"{e.name} ({e.suffix or 'folder'}): {e.summary}" for e in EXPORTERS.values())


@click.command(epilog="Formats: " + _formats_help())
@click.option("--format", "-f", "fmt", default=None, metavar="FORMAT",
              help=f"One of {', '.join(EXPORTERS)} (default: from the output's suffix).")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True,
              help="The file to write (for csv: a folder, which gets nodes.csv and edges.csv).")
@click.option("--graph", "-g", "graphs", multiple=True, metavar="NAME",
              help="A named graph to export (repeatable): gcm, agenda-2030, alignment, ... (default: all; "
                   "for the network formats all but ontology and build).")
@click.option("--collapse-alignments", is_flag=True,
              help="Network formats: draw each alignment record as a weighted edge (basis, score), not a node.")
@store_options
def export(fmt: str | None, output: Path, graphs: tuple[str, ...], collapse_alignments: bool,
           store: StoreLocation) -> None:
    """Write the knowledge graph to a file for another triple store or a graph tool (Gephi, Cytoscape).

    \b
    Examples:
      gcmkg export -o gcm-kg.ttl
      gcmkg export --format trig -o gcm-kg.trig --graph gcm --graph alignment
      gcmkg export --format gexf -o gcm-kg.gexf --collapse-alignments
      gcmkg export --format csv -o gcm-kg-csv/
    """
    kg = KnowledgeGraph(store.open())
    report = kg.export(output, fmt, graphs=list(graphs) or None, collapse_alignments=collapse_alignments)
    size = f"{report.size / 1e6:.1f} MB" if report.size >= 100_000 else f"{report.size / 1e3:.1f} kB"
    names = ", ".join(f.name for f in report.files) if len(report.files) > 1 else str(report.path)
    click.echo(f"wrote {names} ({report.format}, {size}) in {report.seconds:.1f} s")
