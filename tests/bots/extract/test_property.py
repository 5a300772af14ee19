"""Random invoices, rendered in a random layout, read back equal field by field."""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autoclerk.config import Settings
from bots.extract import read_invoice
from tests.corpus.generate import render
from tests.corpus.model import LOCALES, build_invoice, random_party
from tests.corpus.render import LAYOUTS
from tests.corpus.score import compare


@st.composite
def invoices(draw):  # type: ignore[no-untyped-def]
    layout = draw(st.sampled_from(sorted(LAYOUTS)))
    loc = LOCALES[LAYOUTS[layout]]
    rnd = draw(st.randoms(use_true_random=False))
    zh = loc.lang == "zh"
    places = Decimal(10000 if zh else 100)  # 单价 on Chinese invoices often has 3-4 places
    items = draw(
        st.lists(
            st.tuples(
                st.sampled_from(loc.words),
                st.one_of(
                    st.integers(1, 500).map(Decimal),
                    st.sampled_from([Decimal("0.5"), Decimal("2.25")]),
                ),
                st.sampled_from(loc.units),
                st.integers(1, 9_999_999).map(lambda c: Decimal(c) / places),
                st.sampled_from(loc.rates),
            ),
            min_size=1,
            max_size=12,
        )
    )
    number = (
        draw(st.from_regex(r"\A[0-9]{20}\Z"))
        if zh
        else draw(st.from_regex(r"\A([A-Z]{1,3}-)?[0-9]{3,8}\Z"))
    )
    inv = build_invoice(
        loc,
        random_party(rnd, loc),
        random_party(rnd, loc),
        number,
        draw(st.dates(date(2020, 1, 1), date(2030, 12, 31))),
        None if zh else draw(st.sampled_from([None, 0, 14, 30, 90])),
        items,
        iban=None if zh else draw(st.sampled_from([None, "DE89370400440532013000"])),
        po_number=None if zh else draw(st.sampled_from([None, "PO-4711", "8800123"])),
        per_line_tax=zh,
    )
    return layout, inv


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(invoices())
def test_random_invoice_reads_back(case):  # type: ignore[no-untyped-def]
    layout, inv = case
    with tempfile.TemporaryDirectory() as tmp:
        meta = render(inv, layout, Path(tmp) / "inv")
        result = read_invoice(Path(tmp) / str(meta["file"]), Settings(_env_file=None))
        n, wrong = compare(meta["invoice"], result.invoice)  # type: ignore[arg-type]
    assert wrong == [], f"{layout}: {wrong}"
    assert result.validation.ok, result.validation.failed
