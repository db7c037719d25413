"""``parley serve``: the analyst web app and HTTP API over a store.

``cli.py`` calls ``register(app)``.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (sqlite:///FILE or postgresql://...); default $PARLEY_DB."),
    ] = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="PARLEY_TOKEN", help="Token for POST /api/stories (Bearer); without one, ingest is off."
        ),
    ] = None,
    read_token: Annotated[
        str | None,
        typer.Option(
            envvar="PARLEY_READ_TOKEN", help="Token every page and read needs (default: reads are open)."
        ),
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy model for /api/extract and ingest.")] = None,
) -> None:
    """Serve the web app (overview, events, stories, actors, network, search) and the JSON API."""
    import uvicorn

    from .web import create_app

    err = Console(stderr=True)
    try:
        web = create_app(db, token=token, read_token=read_token, model=model)
    except Exception as exc:  # a bad URL, an unreachable server, a file that is not a database
        err.print(f"[red]cannot open the store:[/red] {exc}")
        raise typer.Exit(2) from None
    if host not in ("127.0.0.1", "localhost", "::1") and not read_token:
        err.print(f"[yellow]note:[/yellow] listening on {host} with open reads; --read-token closes them")
    err.print(f"Parley on http://{host}:{port}/  (API: /api, endpoints: /docs)")
    uvicorn.run(web, host=host, port=port, log_level="info", server_header=False)
