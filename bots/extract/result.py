"""What reading a file returns: the invoice, the checks in words, and whether a person must look."""

from __future__ import annotations

from pydantic import BaseModel, Field

from autoclerk.invoice import Invoice


class Check(BaseModel):
    """One validation check; `message` says in words what was compared."""

    name: str
    ok: bool
    message: str


class ValidationResult(BaseModel):
    checks: list[Check] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


class ExtractionResult(BaseModel):
    """The outcome of `read_invoice`: never silent, `needs_review` says why in `reasons`."""

    path: str
    reader: str = Field(description="factur-x, ubl, template:<name>, layout or cn-vat")
    pages: int
    invoice: Invoice
    validation: ValidationResult
    needs_review: bool
    reasons: list[str] = Field(default_factory=list)
