"""Seed a fresh Tryton database with what bill entry needs (run through proteus).

A company in EUR, a chart of accounts, fiscal years with monthly periods and invoice
sequences, supplier taxes (19 %, 7 %; 20 % and 13 % for foreign suppliers), an expense account,
a payment term, and the suppliers
the demo invoices come from. Run as `python -m erp.seed CONFIG DATABASE` (a separate process:
proteus configures trytond globally, which the caller should not inherit)."""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal

SUPPLIERS: list[tuple[str, str | None]] = [
    ("Müller Bürobedarf GmbH", "DE123456789"),
    ("Papeterie Dupont SARL", "FR12345678901"),
    ("Acme Office Supplies Ltd", "GB123456789"),
    ("深圳市华强电子有限公司", None),
]

# Supplier taxes by rate (percent) -> name. The recipe maps invoice tax rates to these names.
# 20 % and 13 % are the foreign VAT rates the demo's French, British and Chinese suppliers charge.
SUPPLIER_TAXES: dict[str, str] = {
    "19": "VAT 19% (purchase)",
    "7": "VAT 7% (purchase)",
    "20": "VAT 20% (foreign purchase)",
    "13": "VAT 13% (foreign purchase)",
}

# Company currency first. The other rates are fixed demo rates (EUR per unit is 1/rate),
# so bills in those currencies can be entered; they are not market rates.
CURRENCIES: list[tuple[str, str, str, Decimal]] = [
    ("EUR", "Euro", "€", Decimal("1")),
    ("GBP", "Pound Sterling", "£", Decimal("0.85")),
    ("USD", "US Dollar", "$", Decimal("1.08")),
    ("CNY", "Yuan Renminbi", "¥", Decimal("7.80")),
]

COMPANY_NAME = "Autoclerk Demo GmbH"
EXPENSE_ACCOUNT = "5.1.1"  # Merchandise, Material, Parts And Supplies
MODULES = ["account_invoice"]


def fiscal_years(today: dt.date) -> list[int]:
    """Two years back to one ahead: old sample invoices and next January both have a period."""
    return list(range(today.year - 2, today.year + 2))


def seed(config_file: str, database: str) -> None:
    """Fill `database` (modules already activated) with the demo company and its suppliers."""
    from proteus import Model, Wizard
    from proteus import config as pconfig

    cfg = pconfig.set_trytond(database=database, config_file=config_file)
    Company = Model.get("company.company")
    if Company.find([]):
        return

    Currency = Model.get("currency.currency")
    Rate = Model.get("currency.currency.rate")
    currencies = {}
    for code, name, symbol, rate in CURRENCIES:
        cur = Currency(name=name, code=code, symbol=symbol, rounding=Decimal("0.01"))
        cur.save()
        Rate(date=dt.date(2000, 1, 1), rate=rate, currency=cur).save()
        currencies[code] = cur

    Party = Model.get("party.party")
    company_config = Wizard("company.company.config")
    company_config.execute("company")
    company_party = Party(name=COMPANY_NAME)
    company_party.save()
    company_config.form.party = company_party
    company_config.form.currency = currencies["EUR"]
    company_config.execute("add")
    User = Model.get("res.user")
    cfg._context = User.get_preferences(True, {})
    (company,) = Company.find([])

    accounts = _create_chart(company)
    _create_fiscal_years(company)
    _create_taxes(company, accounts["tax"])

    Term = Model.get("account.invoice.payment_term")
    term = Term(name="30 days")
    term.lines.new(type="remainder").relativedeltas.new(days=30)
    term.save()

    for name, tax_id in SUPPLIERS:
        party = Party(name=name)
        if tax_id:
            party.identifiers.new(type=None, code=tax_id)
        party.customer_payment_term = None
        party.supplier_payment_term = term
        party.save()

    # The module configuration wizard would greet the first login; the seed did its work.
    Item = Model.get("ir.module.config_wizard.item")
    for item in Item.find([("state", "!=", "done")]):
        item.state = "done"
        item.save()


def _create_chart(company):  # type: ignore[no-untyped-def]
    from proteus import Model, Wizard

    Template = Model.get("account.account.template")
    ModelData = Model.get("ir.model.data")
    Account = Model.get("account.account")
    template = Template(ModelData.get_id("account.account_template_root_en", {}))
    chart = Wizard("account.create_chart")
    chart.execute("account")
    chart.form.account_template = template
    chart.form.company = company
    chart.execute("create_account")

    def one(domain):  # type: ignore[no-untyped-def]
        (found,) = Account.find([("company", "=", company.id), *domain], limit=1)
        return found

    # Universal chart codes: trade receivables/payables, supplies expense, input VAT.
    accounts = {
        "receivable": one([("code", "=", "1.2.1")]),
        "payable": one([("code", "=", "2.1.1")]),
        "revenue": one([("code", "=", "4.1.1")]),
        "expense": one([("code", "=", EXPENSE_ACCOUNT)]),
        "tax": one([("code", "=", "1.2.3")]),
    }
    chart.form.account_receivable = accounts["receivable"]
    chart.form.account_payable = accounts["payable"]
    if hasattr(chart.form, "category_account_expense"):
        chart.form.category_account_expense = accounts["expense"]
        chart.form.category_account_revenue = accounts["revenue"]
    chart.execute("create_properties")
    return accounts


def _create_fiscal_years(company) -> None:  # type: ignore[no-untyped-def]
    from proteus import Model

    FiscalYear = Model.get("account.fiscalyear")
    Strict = Model.get("ir.sequence.strict")
    SequenceType = Model.get("ir.sequence.type")
    (move_type,) = SequenceType.find([("name", "=", "Account Move")], limit=1)
    (invoice_type,) = SequenceType.find([("name", "=", "Invoice")], limit=1)
    for year in fiscal_years(dt.date.today()):
        move_seq = Strict(name=f"Moves {year}", sequence_type=move_type, company=company)
        move_seq.save()
        inv_seq = Strict(
            name=f"Invoices {year}",
            sequence_type=invoice_type,
            company=company,
            prefix=f"BILL/{year}/",
            padding=4,
        )
        inv_seq.save()
        fy = FiscalYear(
            name=str(year),
            start_date=dt.date(year, 1, 1),
            end_date=dt.date(year, 12, 31),
            company=company,
            move_sequence=move_seq,
        )
        (seqs,) = fy.invoice_sequences
        seqs.out_invoice_sequence = inv_seq
        seqs.in_invoice_sequence = inv_seq
        seqs.out_credit_note_sequence = inv_seq
        seqs.in_credit_note_sequence = inv_seq
        fy.save()
        fy.click("create_period")


def _create_taxes(company, tax_account) -> None:  # type: ignore[no-untyped-def]
    from proteus import Model

    Tax = Model.get("account.tax")
    for rate, name in SUPPLIER_TAXES.items():
        tax = Tax(
            name=name,
            description=name,
            type="percentage",
            rate=Decimal(rate) / 100,
            company=company,
            invoice_account=tax_account,
            credit_note_account=tax_account,
        )
        tax.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("config_file")
    parser.add_argument("database")
    args = parser.parse_args()
    seed(args.config_file, args.database)


if __name__ == "__main__":
    main()
