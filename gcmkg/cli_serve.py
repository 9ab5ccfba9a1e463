"""``gcmkg serve``: the SPARQL endpoint and the pages, on uvicorn, bound to 127.0.0.1:7800 by default."""

from __future__ import annotations

import click

from .cli_store import StoreLocation, store_options
from .server.app import DEFAULT_PORT, Settings, create_app, default_workers


@click.command()
@store_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. 127.0.0.1 keeps it on this machine; 0.0.0.0 exposes it.")
@click.option("--port", type=int, default=DEFAULT_PORT, show_default=True, help="Port to listen on.")
@click.option("--update-token", envvar="GCMKG_UPDATE_TOKEN", default=None, metavar="TOKEN",
              help="Allow SPARQL Update and Graph Store writes from requests carrying "
                   "'Authorization: Bearer TOKEN' (also $GCMKG_UPDATE_TOKEN). Without it the store is read-only.")
@click.option("--timeout", type=float, default=5.0, show_default=True,
              help="Seconds a query (or write) may run before its worker process is killed.")
@click.option("--max-rows", type=int, default=10_000, show_default=True,
              help="Most result rows (or triples) returned; more are cut, with a Gcmkg-Truncated header.")
@click.option("--max-body", type=int, default=1_048_576, show_default=True,
              help="Largest request body in bytes (larger: 413).")
@click.option("--workers", type=int, default=None,
              help="Query worker processes (default: one per CPU, at least 2).")
@click.option("--allow-service", is_flag=True,
              help="Let queries call other endpoints with SERVICE (off by default).")
@click.option("--cache-entries", type=int, default=1024, show_default=True,
              help="Answers kept in memory by query text, format and parameters (emptied by each write; 0: off).")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(store: StoreLocation, host: str, port: int, update_token: str | None, timeout: float, max_rows: int,
          max_body: int, workers: int | None, allow_service: bool, cache_entries: int, log_level: str) -> None:
    """Serve the graph: SPARQL 1.1 at /sparql and /update, Graph Store at /store, pages at /.

    Queries run in a pool of worker processes that hold the store open read-only; a query past
    --timeout has its worker killed and replaced while the others go on. With --update-token,
    each write runs alone in a writer process (queries wait for it). Example:

        gcmkg serve --store ./store --port 7800
        curl -H 'Accept: text/csv' 'http://127.0.0.1:7800/sparql?query=ASK{?s?p?o}'
    """
    import uvicorn

    store.open()  # a missing store or an unreachable server is a one-line error now, not at the first request
    if update_token is not None and not update_token.strip():
        raise click.UsageError("--update-token is empty")
    settings = Settings(store=str(store.where), endpoints=store.endpoints, host=host, port=port, update_token=update_token, timeout=timeout,
                        max_rows=max_rows, max_body=max_body, workers=workers or default_workers(),
                        allow_service=allow_service, cache_entries=cache_entries)
    click.echo(f"gcm-kg on http://{host}:{port}/ (store {store.where}, {settings.workers} query workers, "
               f"updates {'on' if update_token else 'off'})", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, access_log=log_level == "debug",
                timeout_graceful_shutdown=5, server_header=False)
