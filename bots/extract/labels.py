"""Field labels as invoices print them, in English, German, French, Spanish, Italian, Dutch
and Chinese. Matching is case-insensitive on the start of a cell; longer labels win."""

from __future__ import annotations

import re

FIELD_LABELS: dict[str, list[str]] = {
    "number": [
        "invoice number",
        "invoice no",
        "invoice #",
        "invoice nr",
        "rechnungsnummer",
        "rechnungs-nr",
        "rechnung nr",
        "facture n°",
        "facture no",
        "n° de facture",
        "numéro de facture",
        "factura nº",
        "factura n.º",
        "factura no",
        "nº factura",
        "número de factura",
        "fattura n.",
        "fattura n°",
        "numero fattura",
        "factuurnummer",
        "factuur nr",
        "发票号码",
    ],
    "issue_date": [
        "invoice date",
        "date of issue",
        "date",
        "rechnungsdatum",
        "datum",
        "date de facture",
        "date :",
        "fecha de factura",
        "fecha",
        "data fattura",
        "data",
        "factuurdatum",
        "开票日期",
    ],
    "due_date": [
        "due date",
        "payment due",
        "due",
        "fällig am",
        "fälligkeit",
        "zahlbar bis",
        "échéance",
        "date d'échéance",
        "vencimiento",
        "fecha de vencimiento",
        "scadenza",
        "data scadenza",
        "vervaldatum",
    ],
    "po_number": [
        "po number",
        "p.o. #",
        "po #",
        "purchase order",
        "order no",
        "bestellnummer",
        "ihre bestellung",
        "commande",
        "bon de commande",
        "pedido",
        "ordine n.",
        "ordine",
        "uw referentie",
        "inkoopordernummer",
    ],
    "payment_reference": [
        "payment reference",
        "verwendungszweck",
        "référence de paiement",
        "referencia de pago",
        "causale",
        "betalingskenmerk",
    ],
    "iban": ["iban"],
    "tax_id": [
        "vat reg no",
        "vat no",
        "vat number",
        "vat id",
        "tax id",
        "ein",
        "ust-idnr",
        "ust-id",
        "steuernummer",
        "n° tva",
        "tva intracom",
        "nif",
        "cif",
        "p.iva",
        "partita iva",
        "btw-nummer",
        "btw-nr",
        "btw nr",
    ],
    "buyer": [
        "bill to",
        "billed to",
        "invoice to",
        "customer",
        "kunde",
        "rechnungsempfänger",
        "facturé à",
        "client",
        "cliente",
        "destinatario",
        "factuuradres",
        "klant",
    ],
    "supplier": [
        "seller",
        "supplier",
        "from",
        "verkäufer",
        "lieferant",
        "fournisseur",
        "vendeur",
        "proveedor",
        "emisor",
        "fornitore",
        "cedente",
        "leverancier",
    ],
}

TOTAL_LABELS: dict[str, list[str]] = {
    "subtotal": [
        "subtotal",
        "sub-total",
        "net total",
        "total net",
        "nettobetrag",
        "zwischensumme",
        "summe netto",
        "total ht",
        "montant ht",
        "base imponible",
        "subtotal neto",
        "imponibile",
        "totale imponibile",
        "subtotaal",
        "totaal excl",
        "合计",
    ],
    "tax": [
        "vat",
        "sales tax",
        "tax",
        "ust",
        "mwst",
        "zzgl",
        "umsatzsteuer",
        "mehrwertsteuer",
        "tva",
        "iva",
        "btw",
    ],
    "total": [
        "total due",
        "amount due",
        "balance due",
        "grand total",
        "invoice total",
        "total",
        "rechnungsbetrag",
        "gesamtbetrag",
        "endbetrag",
        "total ttc",
        "net à payer",
        "total factura",
        "importe total",
        "totale documento",
        "totale fattura",
        "totale",
        "totaal",
        "te betalen",
        "价税合计",
    ],
}

COLUMN_LABELS: dict[str, list[str]] = {
    "desc": [
        "description",
        "item",
        "items",
        "article",
        "bezeichnung",
        "beschreibung",
        "artikel",
        "leistung",
        "désignation",
        "descripción",
        "concepto",
        "descrizione",
        "omschrijving",
        "项目名称",
        "货物或应税劳务、服务名称",
    ],
    "qty": [
        "qty",
        "quantity",
        "menge",
        "anzahl",
        "qté",
        "quantité",
        "cantidad",
        "cant.",
        "q.tà",
        "quantità",
        "aantal",
        "数量",
    ],
    "unit": ["unit", "uom", "einheit", "unité", "unidad", "u.m.", "unità", "eenheid", "单位"],
    "price": [
        "unit price",
        "price",
        "rate",
        "einzelpreis",
        "preis",
        "e-preis",
        "prix unitaire ht",
        "prix unitaire",
        "p.u. ht",
        "prix",
        "precio unitario",
        "precio",
        "prezzo unitario",
        "prezzo",
        "prijs",
        "stukprijs",
        "单价",
    ],
    "rate": [
        "vat %",
        "vat",
        "tax %",
        "tax",
        "ust.",
        "ust",
        "mwst.",
        "mwst",
        "tva",
        "iva",
        "iva %",
        "btw",
        "btw %",
        "税率/征收率",
        "税率",
    ],
    "amount": [
        "amount",
        "line total",
        "total",
        "net",
        "betrag",
        "gesamt",
        "gesamtpreis",
        "summe",
        "montant ht",
        "montant",
        "total ht",
        "importe",
        "importo",
        "totale",
        "bedrag",
        "金额",
    ],
    "tax_amount": ["税额"],
    "spec": ["规格型号"],
}

TITLES = {"invoice", "rechnung", "facture", "factura", "fattura", "factuur", "tax invoice"}
LEGAL_FORMS = re.compile(
    r"\b(gmbh|ag|kg|ug|sarl|sas|sa|s\.a\.|s\.l\.|s\.r\.l\.|s\.p\.a\.|b\.v\.|n\.v\.|ltd|llc|"
    r"inc\.?|plc|co\.)(?=$|\W)|有限公司",
    re.I,
)


def _norm(s: str) -> str:
    return " ".join(s.casefold().replace("：", ":").split())


def _compile(labels: dict[str, list[str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex per table: labels longest first; a label ending in a letter must not run
    on into another word ('data' must not match 'datum')."""
    kinds = {_norm(lab): kind for kind, labs in labels.items() for lab in labs}
    alts = [
        re.escape(lab) + (r"(?![^\W\d_])" if lab[-1].isascii() and lab[-1].isalnum() else "")
        for lab in sorted(kinds, key=len, reverse=True)
    ]
    return re.compile("|".join(alts)), kinds


_FIELDS = _compile(FIELD_LABELS)
_TOTALS = _compile(TOTAL_LABELS)
_COLUMNS = _compile(COLUMN_LABELS)[1]
_SEP = " :#.-–"


def match_label(text: str, table: str = "fields") -> tuple[str, str] | None:
    """(kind, rest of the cell after the label) if the cell starts with a known label."""
    pattern, kinds = _FIELDS if table == "fields" else _TOTALS
    m = pattern.match(_norm(text))
    if m is None:
        return None
    return kinds[m.group(0)], text[_cut(text, m.end()) :].strip(_SEP + "：")


def _cut(text: str, n_norm: int) -> int:
    """Position in the original text after `n_norm` normalised characters."""
    seen = 0
    for i, ch in enumerate(text):
        if seen >= n_norm:
            return i
        if not (ch.isspace() and i + 1 < len(text) and text[i + 1].isspace()):
            seen += 1
    return len(text)


def column_kind(text: str) -> str | None:
    """The column a table header cell names, if any."""
    return _COLUMNS.get(_norm(text).rstrip(":"))


def is_title(text: str) -> bool:
    return _norm(text).strip(" :") in TITLES
