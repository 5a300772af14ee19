"""Why a file could not be read. Each error says what happened, to which file, what to do.

`ExtractionError.review` tells the ingest flow where the document goes: False means the file
itself is unusable (quarantine it), True means a person can finish the job (send to review)."""

from __future__ import annotations

from pathlib import Path


class ExtractionError(Exception):
    """Base class: the file could not be turned into an invoice."""

    review = False
    what_to_do = "check the file and send it again"

    def __init__(self, path: Path | str, problem: str, what_to_do: str | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.hint = what_to_do or self.what_to_do
        super().__init__(f"{self.path.name}: {problem}; {self.hint}")

    @property
    def kind(self) -> str:
        """A short machine name for the error, e.g. `encrypted_pdf`."""
        name = type(self).__name__
        return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


class EmptyFile(ExtractionError):
    what_to_do = "the upload or scan probably failed; send the file again"


class NotAPdf(ExtractionError):
    what_to_do = "send the invoice as a PDF or an e-invoice XML (Factur-X, XRechnung, UBL)"


class FileTooLarge(ExtractionError):
    what_to_do = "split the file or raise AUTOCLERK_EXTRACT_MAX_BYTES / _MAX_PAGES if it is genuine"


class CorruptPdf(ExtractionError):
    what_to_do = "ask the supplier for a new copy of the PDF"


class EncryptedPdf(ExtractionError):
    what_to_do = "set the password in AUTOCLERK_EXTRACT_PDF_PASSWORD or ask for an unprotected copy"


class NeedsOcr(ExtractionError):
    what_to_do = "it is a scan without a text layer: run OCR on it or ask for a text PDF"


class BadEInvoice(ExtractionError):
    what_to_do = "the e-invoice XML is not valid CII/UBL; ask the supplier for a corrected file"


class MissingFields(ExtractionError):
    """The file is readable, but fields an invoice cannot do without were not found."""

    review = True
    what_to_do = "a person must type the missing fields (sent to review)"

    def __init__(self, path: Path | str, missing: list[str], found: dict[str, object]) -> None:
        self.missing = missing
        self.found = found
        super().__init__(path, "no " + ", ".join(missing) + " found on the page")
