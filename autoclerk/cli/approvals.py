"""`autoclerk approvals ...`: serve the mobile approval page, try a notification channel."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from autoclerk.config import get_settings

app = typer.Typer(help="The mobile approval page and the notification channels.")
console = Console()
err = Console(stderr=True)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Default: AUTOCLERK_APPROVALS_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Default: AUTOCLERK_APPROVALS_PORT.")] = None,
    proxy_headers: Annotated[
        bool, typer.Option(help="Trust X-Forwarded-For from 127.0.0.1 (behind a reverse proxy).")
    ] = False,
) -> None:
    """Serve the approval page (links in messages point here: AUTOCLERK_APPROVALS_PUBLIC_URL)."""
    import uvicorn

    from approvals.app import create_app

    settings = get_settings()
    update = {k: v for k, v in {"approvals_host": host, "approvals_port": port}.items() if v}
    settings = settings.model_copy(update=update)
    console.print(
        f"approval page on http://{settings.approvals_host}:{settings.approvals_port} "
        f"(links say {settings.approvals_base_url})"
    )
    uvicorn.run(
        create_app(settings),
        host=settings.approvals_host,
        port=settings.approvals_port,
        proxy_headers=proxy_headers,
        forwarded_allow_ips="127.0.0.1" if proxy_headers else None,
        log_level="info",
    )


@app.command("try")
def try_channels(
    recipient: Annotated[str, typer.Argument(help="An apprise tag of the channels file.")],
    lang: Annotated[str, typer.Option(help="en or zh.")] = "en",
) -> None:
    """Send a test admin alert to RECIPIENT and show each service's result."""
    from notifications import notify

    settings = get_settings()
    result = notify(
        settings,
        recipient=recipient,
        template="admin_alert",
        lang=lang,
        context={"subject": "autoclerk test", "message": "If you read this, the channel works."},
    )
    console.print(f"channels file: {settings.notifications_config_path}")
    for r in result.results:
        mark = "[green]delivered[/]" if r.delivered else f"[red]failed[/] {r.error}"
        console.print(f"  p{r.priority} {r.kind:5} {r.service}: {mark}")
    if not result.delivered:
        err.print(f"[red]not delivered:[/] {result.error}")
        raise typer.Exit(1)
