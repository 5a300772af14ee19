"""Business errors (the bill is wrong for this ERP: do not retry) and application errors
(the ERP or the browser misbehaved: retry), both naming the artifacts saved for a person."""

from __future__ import annotations

from pathlib import Path


class EntryError(Exception):
    """A bill could not be entered. `artifacts` lists screenshot, HTML and trace files."""

    retry = False

    def __init__(
        self, message: str, *, step: str | None = None, artifacts: list[Path] | None = None
    ) -> None:
        self.message = message
        self.step = step
        self.artifacts = list(artifacts or [])
        super().__init__(message)

    def __str__(self) -> str:
        text = self.message
        if self.artifacts:
            text += "\nartifacts: " + ", ".join(str(p) for p in self.artifacts)
        return text


class BusinessError(EntryError):
    """The ERP refuses this bill (unknown supplier, closed period, a value it rejects).
    Retrying will not help; a person fixes the invoice or the ERP. Carries the ERP's message."""


class ApplicationError(EntryError):
    """The ERP or the browser failed (timeout, crash, ERP down, recipe no longer matching).
    The caller retries; the entry journal makes the retry safe."""

    retry = True
