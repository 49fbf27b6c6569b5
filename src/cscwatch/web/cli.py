"""``cscwatch serve``: the web app on a local port (mounted by cscwatch.cli)."""

from __future__ import annotations

from typing import Annotated

import typer


def serve_command(
    db: Annotated[
        str | None,
        typer.Option("--db", help="Registry database URL or path (default: embedded registry)."),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web app: national picture, council pages, map, search and the annual report."""
    import uvicorn

    from cscwatch.web.app import create_app

    app = create_app(db)
    typer.echo(f"cscwatch on http://{host}:{port}/  (API docs at /docs; Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
