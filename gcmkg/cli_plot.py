"""``gcmkg plot``: coverage of the objectives, alignment by framework, or one node's neighbourhood, as PNG/SVG/PDF."""

from __future__ import annotations

from pathlib import Path

import click

from .api import PLOTS, KnowledgeGraph
from .cli_store import StoreLocation, store_options


@click.command()
@click.argument("kind", type=click.Choice(PLOTS))
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True,
              help="The image to write: .png, .svg or .pdf.")
@click.option("--node", "-n", default=None, metavar="REF",
              help='For a network plot: the node, an IRI or a short name ("objective 20", "SDG 10.7").')
@click.option("--lang", default="en", show_default=True, metavar="TAG", help="Language of the labels (en, es, fr).")
@store_options
def plot(kind: str, output: Path, node: str | None, lang: str, store: StoreLocation) -> None:
    """Draw a chart of the graph.

    \b
    coverage   objectives 1-23 x declaration sections: commitments advancing each objective
    alignment  objectives 1-23 x frameworks: aligned elements, coloured by basis
    network    one node and its neighbours (needs --node)

    \b
    Examples:
      gcmkg plot coverage -o coverage.png
      gcmkg plot network --node "objective 20" -o objective-20.svg
    """
    from .graph.plots import save  # matplotlib loads only when a plot is asked for

    if kind == "network" and node is None:
        raise click.UsageError('a network plot needs --node, e.g. --node "objective 20"')
    kg = KnowledgeGraph(store.open(), language=lang)
    path = save(kg.plot(kind, node=node), output)
    click.echo(f"wrote {path}")
