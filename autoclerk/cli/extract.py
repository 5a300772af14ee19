"""`autoclerk extract FILE... [--json]`: read invoices and print them with their checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from autoclerk.config import get_settings
from bots.extract import BatchItem, ExtractionResult, read_many

console = Console()
err_console = Console(stderr=True)


def _show(r: ExtractionResult) -> None:
    inv = r.invoice
    state = "[yellow]needs review[/]" if r.needs_review else "[green]ok[/]"
    console.print(f"[bold]{Path(r.path).name}[/] read by {r.reader}: {state}")
    console.print(
        f"  {inv.supplier.name} ({inv.supplier.tax_id or 'no tax id'}) "
        f"invoice {inv.number} of {inv.issue_date}, due {inv.due_date or '-'}"
    )
    t = Table("description", "qty", "unit price", "rate", "amount", box=None, padding=(0, 1))
    for li in inv.lines:
        t.add_row(
            li.description, str(li.quantity), str(li.unit_price), f"{li.tax_rate} %", str(li.amount)
        )
    console.print(t)
    console.print(
        f"  subtotal {inv.subtotal}  tax {inv.tax_total}  total {inv.total} {inv.currency}"
    )
    for c in r.validation.checks:
        console.print(f"  {'[green]✓' if c.ok else '[red]✗'}[/] {c.name}: {c.message}")
    for reason in r.reasons:
        if reason.startswith("low confidence"):
            console.print(f"  [yellow]![/] {reason}")


def _as_json(item: BatchItem) -> dict[str, object]:
    if item.result:
        return item.result.model_dump(mode="json")
    return {"path": item.path, "error": item.error, "error_kind": item.error_kind}


def extract(
    files: Annotated[list[Path], typer.Argument(help="Invoice PDFs or e-invoice XML files.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Read invoices and print each one with its checks; exit 1 if any file could not be read."""
    items = list(read_many(files, get_settings()))
    failed = [i for i in items if i.error]
    if as_json:
        payload = [_as_json(i) for i in items]
        typer.echo(
            json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2)
        )
    else:
        for i in items:
            if i.result:
                _show(i.result)
    for i in failed:
        err_console.print(f"error: {i.error}", highlight=False, soft_wrap=True)
    if failed:
        raise typer.Exit(1)
