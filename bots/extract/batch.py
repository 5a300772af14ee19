"""Reading many files in a process pool; one bad file never stops the batch."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pydantic import BaseModel

from autoclerk.config import Settings, get_settings
from bots.extract.errors import ExtractionError
from bots.extract.read import read_invoice
from bots.extract.result import ExtractionResult


class BatchItem(BaseModel):
    """One file of a batch: a result, or the error that says why it could not be read."""

    path: str
    result: ExtractionResult | None = None
    error: str | None = None
    error_kind: str | None = None
    review: bool = False  # the error is one a person can fix (fields missing)


def read_one(path: Path, settings: Settings | None = None) -> BatchItem:
    """Read one file and never raise: errors become `BatchItem.error`."""
    try:
        return BatchItem(path=str(path), result=read_invoice(path, settings))
    except ExtractionError as exc:
        return BatchItem(path=str(path), error=str(exc), error_kind=exc.kind, review=exc.review)
    except Exception as exc:  # a reader bug must not take the batch down; it is reported
        return BatchItem(
            path=str(path),
            error=f"{Path(path).name}: unexpected error {exc!r}; report it with the file",
            error_kind="internal_error",
        )


def _work(args: tuple[list[Path], Settings]) -> list[BatchItem]:
    return [read_one(p, args[1]) for p in args[0]]


def read_many(
    paths: Iterable[Path], settings: Settings | None = None, workers: int | None = None
) -> Iterator[BatchItem]:
    """Read files in parallel processes, yielding one `BatchItem` per file in input order."""
    settings = settings or get_settings()
    paths = [Path(p) for p in paths]
    n = workers or settings.extract_workers or os.cpu_count() or 1
    if n == 1 or len(paths) < 2:
        yield from (read_one(p, settings) for p in paths)
        return
    import facturx  # noqa: F401 - imported once here, inherited by forked workers (~1 s each)

    # Slices of consecutive files: few round trips to the workers, results still in order.
    size = max(1, min(32, len(paths) // (n * 4)))
    slices = [(paths[i : i + size], settings) for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(max_workers=min(n, len(slices))) as pool:
        for items in pool.map(_work, slices):
            yield from items
