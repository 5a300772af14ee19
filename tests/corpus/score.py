"""Comparing a read invoice with its truth field by field (used by the tests and the bench)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from autoclerk.invoice import Invoice

# Addresses are free text a reader may reflow; they are not scored.
SKIP = {"supplier.address", "buyer.address"}


def flatten(d: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(d, dict):
        for k, v in d.items():
            out |= flatten(v, f"{prefix}{k}.")
    elif isinstance(d, list):
        out[prefix + "count"] = len(d)
        for i, v in enumerate(d):
            out |= flatten(v, f"{prefix}{i}.")
    else:
        out[prefix.rstrip(".")] = d
    return out


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except InvalidOperation:
        return str(a).strip() == str(b).strip()


def compare(truth: dict[str, Any], inv: Invoice) -> tuple[int, list[tuple[str, Any, Any]]]:
    """(fields compared, [(field, expected, got)] that differ)."""
    want = {k: v for k, v in flatten(truth).items() if k not in SKIP}
    got = flatten(inv.model_dump(mode="json", exclude={"provenance"}))
    wrong = [(k, v, got.get(k)) for k, v in want.items() if not _same(v, got.get(k))]
    return len(want), wrong
