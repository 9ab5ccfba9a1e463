"""The store options every command shares: ``--store`` (a directory or a SPARQL server's URL) and, for a
server whose paths differ from the defaults, ``--query-url``, ``--update-url`` and ``--gsp-url``.

>>> import click
>>> @click.command()
... @store_options
... def show(store: StoreLocation) -> None:
...     click.echo(f"{store.remote} {store.where}")
>>> from click.testing import CliRunner
>>> CliRunner().invoke(show, ["--store", "http://127.0.0.1:7878"]).output
'True http://127.0.0.1:7878\\n'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import click

from .graph.store import Store, default_store_location, is_remote, open_store

ENDPOINT_OPTIONS = ("query_url", "update_url", "gsp_url")


@dataclass(frozen=True)
class StoreLocation:
    """Where the store is: a directory, or a server's URL with its endpoint URLs where they differ."""

    where: str | Path
    query_url: str | None = None
    update_url: str | None = None
    gsp_url: str | None = None

    @property
    def remote(self) -> bool:
        return is_remote(self.where)

    @property
    def endpoints(self) -> dict[str, str | None]:
        """The explicit endpoint URLs, for ``open_store`` and ``build``."""
        return {name: getattr(self, name) for name in ENDPOINT_OPTIONS}

    def open(self) -> Store:
        """The built store; a one-line error if there is none or the server cannot be reached."""
        return open_store(self.where, **self.endpoints)


def store_options(command):
    """Add ``--store`` and the endpoint URL options to a click command, passed on as ``store: StoreLocation``."""
    @functools.wraps(command)
    def with_location(*args, store: str | None, query_url: str | None, update_url: str | None,
                      gsp_url: str | None, **kwargs):
        where = default_store_location() if store is None else (store if is_remote(store) else Path(store))
        return command(*args, store=StoreLocation(where, query_url, update_url, gsp_url), **kwargs)

    options = [
        click.option("--store", default=None, metavar="DIR|URL",
                     help="Store directory, or a SPARQL server's URL such as http://127.0.0.1:7878 "
                          "(default: $GCMKG_STORE, else the user data directory). Credentials for a server: "
                          "$GCMKG_STORE_USER and $GCMKG_STORE_PASSWORD."),
        click.option("--query-url", default=None, metavar="URL",
                     help="The server's SPARQL query endpoint, where it is not at --store."),
        click.option("--update-url", default=None, metavar="URL",
                     help="The server's SPARQL update endpoint (default: the query endpoint)."),
        click.option("--gsp-url", default=None, metavar="URL",
                     help="The server's Graph Store Protocol endpoint, needed to build into it."),
    ]
    for option in reversed(options):
        with_location = option(with_location)
    return with_location
