"""``cscwatch serve``: the web app on a local port."""

from __future__ import annotations

from typing import Annotated

import typer

from cscwatch.cli import options


def serve_command(
    db: options.DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web app: national picture, council pages, map, search and the annual report."""
    import uvicorn

    from cscwatch.web.app import create_app

    if db is not None:
        options.registry(db)  # a registry that cannot be opened: one line, before serving
    from cscwatch.registry import store

    app = create_app(db)
    typer.echo(f"cscwatch on http://{host}:{port}/  (API docs at /docs; Ctrl+C to stop)")
    typer.echo(f"serving {store.describe(db)}")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
