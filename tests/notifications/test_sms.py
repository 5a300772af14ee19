"""SMS length rules: one segment, the link always whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from notifications.sms import fit_sms, fits, is_gsm7, sms_units

LINK = "https://approve.example.com/a/AbCdEfGhIjKlMnOpQrStUv"


def test_gsm7_counts_extended_characters_twice() -> None:
    assert is_gsm7("Müller, 1,234.50 EUR")
    assert sms_units("€[]") == (6, 160)
    assert sms_units("发票") == (2, 70)
    assert not is_gsm7("Invoice — long dash")  # an em dash forces UCS-2


def test_short_facts_are_kept_whole() -> None:
    text = fit_sms("Approval needed: Invoice 42, 99.00 EUR", LINK)
    assert text == f"Approval needed: Invoice 42, 99.00 EUR {LINK}"


def test_long_latin_facts_are_cut_to_160_and_the_link_survives() -> None:
    facts = "Approval needed: Invoice INV-2025-0042 from " + "Müller Bürobedarf GmbH " * 8
    text = fit_sms(facts, LINK)
    assert text.endswith(" " + LINK) and "..." in text
    assert 150 <= sms_units(text)[0] <= 160  # cut to fit, not more than needed


def test_chinese_facts_are_cut_to_70() -> None:
    facts = "待审批：发票 INV-2025-0042 来自 上海某某办公用品有限公司，金额 12,345.00 CNY"
    text = fit_sms(facts, LINK)
    assert text.endswith(LINK) and text.startswith("待审批")
    length, limit = sms_units(text)
    assert limit == 70 and length <= 70 and "…" in text


@given(st.text(max_size=400))
def test_any_facts_give_one_segment_with_the_whole_link(facts: str) -> None:
    text = fit_sms(facts, LINK)
    assert text.endswith(LINK)
    assert fits(text)
