"""Every corpus layout is read back field by field against the truth written beside it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from bots.extract import read_invoice, read_many
from tests.corpus.generate import ALL_LAYOUTS
from tests.corpus.score import compare


def truth(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text("utf-8"))


@pytest.mark.parametrize("layout", ALL_LAYOUTS)
def test_layout_read_back_field_by_field(corpus, settings, layout):
    files = [f for f in corpus if truth(f)["layout"] == layout]
    assert files, f"no {layout} in the corpus"
    for f in files:
        result = read_invoice(f, settings)
        n, wrong = compare(truth(f)["invoice"], result.invoice)
        assert n > 20
        assert wrong == [], f"{f.name}: {wrong}"
        assert result.validation.ok, result.validation.failed
        assert not result.needs_review, result.reasons


def test_readers_used_per_layout(corpus, settings):
    readers = {truth(f)["layout"]: read_invoice(f, settings).reader for f in corpus}
    assert readers["facturx"] == "factur-x"
    assert readers["ubl_xml"] == "ubl"
    assert readers["cn_vat"] == "cn-vat"
    assert readers["ruled_en"] == readers["multipage_it"] == "layout"


def test_multipage_table_continues_on_next_page(corpus, settings):
    f = next(f for f in corpus if truth(f)["layout"] == "multipage_it")
    result = read_invoice(f, settings)
    assert result.pages >= 2
    assert len(result.invoice.lines) == len(truth(f)["invoice"]["lines"]) >= 30


def test_wrapped_description_is_joined(demo, settings):
    inv = read_invoice(demo["acme"], settings).invoice
    assert inv.lines[0].description == (
        "Ergonomic office chair with adjustable armrests and lumbar support"
    )


def test_facturx_returns_xml_values_with_confidence_one(demo, settings):
    result = read_invoice(demo["facturx"], settings)
    inv = result.invoice
    assert result.reader == "factur-x"
    assert (inv.number, inv.supplier.tax_id, inv.total) == (
        "FD-2024-0042",
        "FR12345678901",
        Decimal("139.80"),
    )
    assert inv.iban == "FR7630006000011234567890189"
    assert {o.source for o in inv.provenance.values()} == {"xml"}
    assert {o.confidence for o in inv.provenance.values()} == {1.0}


def test_facturx_xml_wins_over_the_printed_page(tmp_path, settings):
    import random

    from tests.corpus.einvoice import embed_facturx
    from tests.corpus.model import random_invoice
    from tests.corpus.render import SPECS, render_western

    rng = random.Random(5)
    printed, attached = random_invoice(rng, "fr"), random_invoice(rng, "fr")
    pdf = tmp_path / "fx.pdf"
    render_western(printed, SPECS["facturx"], pdf)
    pdf.write_bytes(embed_facturx(pdf.read_bytes(), attached))
    inv = read_invoice(pdf, settings).invoice
    assert (
        (inv.number, inv.total)
        == (attached.number, attached.total)
        != (printed.number, printed.total)
    )


def test_chinese_invoice_fields_and_amount_in_words(demo, settings):
    result = read_invoice(demo["chinese"], settings)
    inv = result.invoice
    assert result.reader == "cn-vat"
    assert inv.number == "24442000000012345678"
    assert str(inv.issue_date) == "2024-03-15"
    assert inv.supplier.name == "深圳市华强电子有限公司"
    assert inv.supplier.tax_id == "91440300MA5FXXXX1X"
    assert inv.buyer is not None and inv.buyer.name == "上海自动文员科技有限公司"
    assert [(li.description, li.unit, li.quantity) for li in inv.lines] == [
        ("*电子元件*贴片电阻", "个", Decimal(1000)),
        ("*计算机配套产品*键盘", "个", Decimal(4)),
    ]
    assert (inv.subtotal, inv.tax_total, inv.total) == (
        Decimal("842.00"),
        Decimal("109.46"),
        Decimal("951.46"),
    )
    words = next(c for c in result.validation.checks if c.name == "amount in words")
    assert words.ok and "玖佰伍拾壹圆肆角陆分" in words.message


def test_chinese_amount_in_words_mismatch_is_flagged(tmp_path, settings):
    from datetime import date

    from autoclerk.samples import BUYER_CN, SUPPLIERS
    from tests.corpus.model import LOCALES, build_invoice
    from tests.corpus.render import render_cn

    inv = build_invoice(
        LOCALES["zh"],
        SUPPLIERS["huaqiang"].party,
        BUYER_CN,
        "12345678901234567890",
        date(2024, 5, 1),
        None,
        [("*电子元件*贴片电阻", Decimal(10), "个", Decimal("1.00"), Decimal(13))],
        per_line_tax=True,
    )
    wrong_total = inv.model_copy(update={"total": Decimal("99.99")})
    # the 大写 is written for 99.99 while 小写 and the figures say 11.30
    import tests.corpus.render as render

    real = render.to_upper
    render.to_upper = lambda _amount: real(Decimal("99.99"))  # type: ignore[assignment]
    try:
        render_cn(inv, tmp_path / "cn.pdf")
    finally:
        render.to_upper = real
    assert wrong_total.total != inv.total
    result = read_invoice(tmp_path / "cn.pdf", settings)
    words = next(c for c in result.validation.checks if c.name == "amount in words")
    assert not words.ok and "does not match" in words.message
    assert result.needs_review


def test_batch_reads_all_and_survives_bad_files(corpus, demo, settings, tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    files = [*corpus[:6], demo["corrupt"], empty, *corpus[6:9]]
    items = list(read_many(files, settings, workers=2))
    assert [i.path for i in items] == [str(f) for f in files]
    assert [i.error_kind for i in items if i.error] == ["corrupt_pdf", "empty_file"]
    assert sum(1 for i in items if i.result) == 9
