"""The invoice-reading bot: any vendor PDF or e-invoice XML to a validated `Invoice`.

Public API (stable): `read_invoice`, `read_many`, `read_one`, `validate`, `record`, the
`ExtractionError` family and the result models. Knows nothing of the engine or Prefect."""

from bots.extract.batch import BatchItem, read_many, read_one
from bots.extract.errors import (
    BadEInvoice,
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    ExtractionError,
    FileTooLarge,
    MissingFields,
    NeedsOcr,
    NotAPdf,
)
from bots.extract.read import read_invoice
from bots.extract.result import Check, ExtractionResult, ValidationResult
from bots.extract.validate import record, validate

__all__ = [
    "BadEInvoice",
    "BatchItem",
    "Check",
    "CorruptPdf",
    "EmptyFile",
    "EncryptedPdf",
    "ExtractionError",
    "ExtractionResult",
    "FileTooLarge",
    "MissingFields",
    "NeedsOcr",
    "NotAPdf",
    "ValidationResult",
    "read_invoice",
    "read_many",
    "read_one",
    "record",
    "validate",
]
