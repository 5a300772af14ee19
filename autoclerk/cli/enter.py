"""`autoclerk enter INVOICE`: type one invoice into the ERP, as ops try a recipe on their ERP."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from autoclerk.config import get_settings
from autoclerk.invoice import Invoice

console = Console()
err = Console(stderr=True)


class InvoiceInputError(ValueError):
    """The file given is neither a readable PDF nor invoice JSON."""


def invoice_from_json(data: Any, source: str) -> Invoice:
    """An Invoice from `autoclerk extract --json` output (one result) or a bare Invoice."""
    if isinstance(data, list):
        if len(data) != 1:
            raise InvoiceInputError(f"{source}: holds {len(data)} invoices; give one at a time")
        data = data[0]
    if isinstance(data, dict) and isinstance(data.get("invoice"), dict):
        data = data["invoice"]
    try:
        return Invoice.model_validate(data)
    except ValueError as e:
        raise InvoiceInputError(f"{source}: not an invoice: {e}") from None


def read_input(path: Path) -> Invoice:
    """Read the invoice from JSON, or from a PDF through the reading bot."""
    if not path.exists():
        raise InvoiceInputError(f"{path}: no such file")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise InvoiceInputError(f"{path}: not valid JSON: {e}") from None
        return invoice_from_json(data, str(path))
    from bots.extract import read_invoice  # heavy; only when a PDF is given

    result = read_invoice(path)
    if result.needs_review:
        reasons = "; ".join(result.reasons) or "low confidence"
        err.print(f"[yellow]{path.name} needs review ({reasons}); entering it anyway[/yellow]")
    return result.invoice


def enter(
    invoice_file: Annotated[Path, typer.Argument(help="A PDF, or JSON from `extract --json`.")],
    recipe: Annotated[
        Path | None, typer.Option(help="Recipe YAML; default the Tryton one.")
    ] = None,
    erp_url: Annotated[str | None, typer.Option(help="Web client URL of the ERP.")] = None,
    document_id: Annotated[
        str | None, typer.Option(help="Journal key; default: derived from the file's bytes.")
    ] = None,
    headed: Annotated[bool, typer.Option(help="Show the browser window.")] = False,
) -> None:
    """Enter one invoice into the ERP; print the ERP's reference or the error and artifacts."""
    from bots.enter import BillEntry, BusinessError, EntryError, RecipeError

    settings = get_settings()
    if erp_url:
        settings = settings.model_copy(update={"erp_url": erp_url})
    try:
        invoice = read_input(invoice_file)
    except InvoiceInputError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(2) from e
    doc = document_id or "cli-" + hashlib.sha256(invoice_file.read_bytes()).hexdigest()[:16]
    try:
        with BillEntry(settings, recipe, headless=not headed) as bot:
            result = bot.enter(doc, invoice)
    except RecipeError as e:
        err.print(f"[red]recipe error:[/red] {e}")
        raise typer.Exit(2) from e
    except EntryError as e:
        kind = (
            "business error (not retried)" if isinstance(e, BusinessError) else "application error"
        )
        err.print(f"[red]{kind}:[/red] {e.message}")
        for p in e.artifacts:
            err.print(f"  artifact: {p}")
        raise typer.Exit(1) from e
    note = " (already in the ERP: nothing typed)" if result.already_present else ""
    console.print(
        f"{invoice.supplier.name} {invoice.number}: ERP reference {result.erp_reference}{note}"
    )
