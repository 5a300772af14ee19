"""`autoclerk erp setup|start|stop|status`: the local Tryton the entry bot types into."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from autoclerk.config import get_settings

app = typer.Typer(help="The local ERP (Tryton 8.0): setup, start, stop, status.")
console = Console()
err = Console(stderr=True)


def _login_hint() -> str:
    s = get_settings()
    return f"login: {s.erp_user} (password from AUTOCLERK_ERP_PASSWORD; default: the demo one)"


@app.command()
def setup() -> None:
    """Install the web client (npm) and a seeded database; quick when already done."""
    from erp import tryton

    settings = get_settings()
    try:
        with console.status("setting up Tryton (first time: npm install and module activation)"):
            url = tryton.setup(settings)
    except tryton.ErpError as e:
        err.print(f"[red]ERP setup failed:[/red] {e}")
        raise typer.Exit(1) from e
    console.print(f"Tryton set up in {settings.erp_dir}; `autoclerk erp start` serves {url}")


@app.command()
def start(
    timeout: Annotated[float | None, typer.Option(help="Seconds to wait for the server.")] = None,
) -> None:
    """Start the local Tryton (setting it up first if needed) and print its URL."""
    from erp import tryton

    settings = get_settings()
    try:
        with console.status("starting Tryton"):
            url = tryton.start(settings, timeout=timeout)
    except tryton.ErpError as e:
        err.print(f"[red]Tryton failed to start:[/red] {e}")
        raise typer.Exit(1) from e
    console.print(f"Tryton running at {url}")
    console.print(_login_hint())


@app.command()
def stop() -> None:
    """Stop the local Tryton."""
    from erp import tryton

    if tryton.stop(get_settings()):
        console.print("Tryton stopped")
    else:
        console.print("Tryton was not running")


@app.command()
def status() -> None:
    """Whether the local Tryton runs, and where."""
    from erp import tryton

    url = tryton.status(get_settings())
    if url is None:
        console.print("Tryton is not running (`autoclerk erp start`)")
        raise typer.Exit(1)
    console.print(f"Tryton running at {url}")
    console.print(_login_hint())
