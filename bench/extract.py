"""Benchmark of the invoice-reading bot on the generated corpus.

    python bench/extract.py [--count 200] [--workers 2]

Prints pages/s of autoclerk's reader (process pool, and one process), pages/s of plain
pdfplumber `extract_text()` on the same PDFs (one process, the baseline), their ratio, and the
field accuracy against the truth written beside each file."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pdfplumber  # noqa: E402

from autoclerk.config import Settings  # noqa: E402
from bots.extract import read_many  # noqa: E402
from tests.corpus.generate import generate  # noqa: E402
from tests.corpus.score import compare  # noqa: E402


def baseline(pdfs: list[Path]) -> tuple[int, float]:
    t = time.perf_counter()
    pages = 0
    for f in pdfs:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    return pages, time.perf_counter() - t


def ours(files: list[Path], workers: int) -> tuple[list, float]:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    t = time.perf_counter()
    items = list(read_many(files, settings, workers=workers))
    return items, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=200, help="invoices to generate")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp), args.count, seed=args.seed)
        pdfs = [f for f in files if f.suffix == ".pdf"]
        truth = {f: json.loads(f.with_suffix(".json").read_text("utf-8")) for f in pdfs}
        pages = sum(t["pages"] for t in truth.values())
        items, t_pool = ours(pdfs, args.workers)
        _, t_one = ours(pdfs, 1)
        base_pages, t_base = baseline(pdfs)
        assert base_pages == pages
        fields = wrong = failed = 0
        for it in items:
            t = truth[Path(it.path)]["invoice"]
            if it.result is None:
                failed += 1
                fields += len(t)
                wrong += len(t)
                continue
            n, w = compare(t, it.result.invoice)
            fields += n
            wrong += len(w)
        ours_rate, one_rate, base_rate = pages / t_pool, pages / t_one, pages / t_base
        print(f"corpus: {len(pdfs)} PDFs, {pages} pages ({args.count} invoices, seed {args.seed})")
        print(f"autoclerk reader, {args.workers} processes: {ours_rate:8.1f} pages/s")
        print(f"autoclerk reader, 1 process:   {one_rate:8.1f} pages/s")
        print(f"pdfplumber extract_text(), 1 process (baseline): {base_rate:8.1f} pages/s")
        print(f"ratio (ours, {args.workers} processes / baseline): {ours_rate / base_rate:6.1f}x")
        print(f"ratio (ours, 1 process / baseline):   {one_rate / base_rate:6.1f}x")
        print(
            f"field accuracy: {100 * (fields - wrong) / fields:.2f} % "
            f"({fields - wrong}/{fields} fields, {failed} files unread)"
        )


if __name__ == "__main__":
    main()
