"""The canonical demo parties, shared by the corpus generator, the ERP seeding and the demo.

Other capabilities import these so that an invoice from the demo set finds its supplier in the
ERP by exactly this name and tax id."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from autoclerk.invoice import Party


class SampleSupplier(BaseModel):
    key: str
    party: Party
    country: str
    currency: str
    tax_rates: list[Decimal]
    iban: str | None = None


SUPPLIERS: dict[str, SampleSupplier] = {
    s.key: s
    for s in [
        SampleSupplier(
            key="mueller",
            party=Party(
                name="Müller Bürobedarf GmbH",
                tax_id="DE123456789",
                address="Hauptstraße 12, 10115 Berlin",
            ),
            country="DE",
            currency="EUR",
            tax_rates=[Decimal(19), Decimal(7)],
            iban="DE89370400440532013000",
        ),
        SampleSupplier(
            key="dupont",
            party=Party(
                name="Papeterie Dupont SARL",
                tax_id="FR12345678901",
                address="12 rue de la Paix, 75002 Paris",
            ),
            country="FR",
            currency="EUR",
            tax_rates=[Decimal(20)],
            iban="FR7630006000011234567890189",
        ),
        SampleSupplier(
            key="acme",
            party=Party(
                name="Acme Office Supplies Ltd",
                tax_id="GB123456789",
                address="1 High Street, London EC1A 1BB",
            ),
            country="GB",
            currency="GBP",
            tax_rates=[Decimal(20)],
            iban="GB29NWBK60161331926819",
        ),
        SampleSupplier(
            key="huaqiang",
            party=Party(
                name="深圳市华强电子有限公司",
                tax_id="91440300MA5FXXXX1X",
                address="深圳市福田区华强北路1号",
            ),
            country="CN",
            currency="CNY",
            tax_rates=[Decimal(13)],
        ),
    ]
}

# The firm that receives the demo invoices (the ERP's own company).
BUYER = Party(name="Autoclerk Demo GmbH", tax_id="DE811111111", address="Am Markt 1, 20095 Hamburg")
BUYER_CN = Party(name="上海自动文员科技有限公司", tax_id="91310000MA1FL0XX2Y")


def supplier(key: str) -> SampleSupplier:
    """A canonical demo supplier by key: mueller, dupont, acme, huaqiang."""
    return SUPPLIERS[key]
