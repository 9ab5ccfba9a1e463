"""``gcmkg search TEXT``: the paragraphs whose text best matches, ranked, with the matched words marked.

>>> hit = Hit("https://w3id.org/gcmkg/id/doc/d/para_2", "d", 2, "Paragraph 2", 3.14159, "cheaper [remittances]", "")
>>> print(table([hit]))
  rank  document    paragraph      score  snippet
------  ----------  -----------  -------  ---------------------
     1  d           Paragraph 2     3.14  cheaper [remittances]
"""

from __future__ import annotations

import json
from dataclasses import asdict

import click
from tabulate import tabulate

from .cli_store import StoreLocation, store_options
from .graph.search import Hit
from .graph.search import search as search_store


def table(hits: list[Hit]) -> str:
    """Rank, document, paragraph (its label), score and snippet."""
    rows = [[rank, hit.document, hit.label, hit.score, hit.snippet]
            for rank, hit in enumerate(hits, 1)]
    return tabulate(rows, headers=["rank", "document", "paragraph", "score", "snippet"], floatfmt=".2f",
                    maxcolwidths=[None] * 4 + [80])


@click.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", "-n", type=click.IntRange(min=1), default=10, show_default=True, help="How many hits to show.")
@click.option("--document", "-d", default=None, metavar="NAME",
              help="Only paragraphs of this document: its short name (imrf-2022-zero-draft, paris-agreement) or IRI.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table for people; json: a list of hits (rank, iri, document, number, label, score, snippet, text).")
@store_options
def search(text: tuple[str, ...], limit: int, document: str | None, fmt: str, store: StoreLocation) -> None:
    """Full-text search over the paragraph texts, best match first (BM25; English stemming).

    Words are all required; "words in double quotes" are a phrase; a trailing * makes a prefix.
    The first search after a build makes the index (beside the store) in a few seconds. Example:

        gcmkg search remittance costs --limit 3
    """
    hits = search_store(store.open(), " ".join(text), limit=limit, document=document)
    if fmt == "json":
        click.echo(json.dumps([{"rank": rank, **asdict(hit)} for rank, hit in enumerate(hits, 1)],
                              indent=2, ensure_ascii=False))
    elif hits:
        click.echo(table(hits))
    else:
        click.echo("(no paragraph matches)")
