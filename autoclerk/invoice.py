"""The `Invoice`: what the reading bot produces, managers approve and the ERP receives.

Money is Decimal, dates are date. Every field records where it came from and how sure the
reader is, in `provenance` keyed by field path ("number", "supplier.name", "lines.0.amount")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field


class Source(StrEnum):
    xml = "xml"  # embedded or bare e-invoice XML (Factur-X/ZUGFeRD/XRechnung, UBL)
    template = "template"  # a vendor template (invoice2data YAML)
    layout = "layout"  # the template-free layout reader
    manual = "manual"  # typed or corrected by a person


class FieldOrigin(BaseModel):
    source: Source
    confidence: float = Field(ge=0.0, le=1.0)


class Party(BaseModel):
    name: str
    tax_id: str | None = None
    address: str | None = None


class LineItem(BaseModel):
    description: str
    quantity: Decimal
    unit: str | None = None
    unit_price: Decimal
    tax_rate: Decimal = Field(description="percent, e.g. 19 for 19 %")
    amount: Decimal = Field(description="net amount of the line")


class TaxLine(BaseModel):
    rate: Decimal = Field(description="percent")
    base: Decimal
    amount: Decimal


class Invoice(BaseModel):
    supplier: Party
    buyer: Party | None = None
    number: str
    issue_date: date
    due_date: date | None = None
    currency: str = "EUR"
    lines: list[LineItem] = Field(default_factory=list)
    subtotal: Decimal
    taxes: list[TaxLine] = Field(default_factory=list)
    tax_total: Decimal
    total: Decimal
    iban: str | None = None
    payment_reference: str | None = None
    po_number: str | None = None
    provenance: dict[str, FieldOrigin] = Field(default_factory=dict)

    @property
    def min_confidence(self) -> float:
        """The least sure field decides how sure we are of the whole invoice."""
        return min((o.confidence for o in self.provenance.values()), default=0.0)
