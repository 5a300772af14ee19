"""Reading money, quantities, percentages and dates as printed in the supported locales.

Amounts come as `1,234.56`, `1.234,56`, `1 234,56` or `1'234.56`; dates as ISO, `05.03.2024`,
`05/03/2024`, `03/05/2024` (US), `5 mars 2024`, `March 5, 2024`, `2024年3月5日` and so on."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    [
        "jan january januar janvier enero ene gennaio gen januari janv jänner",
        "feb february februar février fevrier febrero febbraio februari févr fevr",
        "mar march märz maerz mars marzo maart mrz",
        "apr april avril abril aprile avr",
        "may mai mayo maggio mei",
        "jun june juni juin junio giugno",
        "jul july juli juillet julio luglio juil",
        "aug august août aout agosto augustus ago",
        "sep sept september septembre septiembre settembre set",
        "oct october oktober octobre octubre ottobre okt ott",
        "nov november novembre noviembre",
        "dec december dezember décembre decembre diciembre dicembre dez dic",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _n

_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_SPACES = "\u00a0\u202f\u2009 '’"
AMOUNT_RE = re.compile(
    r"[-(]?(?:\d{1,3}(?:[.,\u00a0\u202f\u2009 '’]\d{3})+(?!\d)|\d+)(?:[.,]\d{1,8})?(?!\d)\)?"
)
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})\b")
_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:er|º|°)?\.?\s+(?:de\s+)?({_MONTH_RE})\.?,?\s+(?:de\s+)?(\d{{4}})\b", re.I
)
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)


def decimal_comma(text: str) -> bool:
    """Guess whether a document writes `1.234,56` (True) or `1,234.56` (False)."""
    comma = len(re.findall(r"\d,\d{2}(?!\d)", text))
    point = len(re.findall(r"\d\.\d{2}(?!\d)", text))
    return comma > point


def parse_amount(text: str, comma_decimal: bool | None = None) -> Decimal | None:
    """The first number in `text` as a Decimal, or None. `comma_decimal` settles `1,234`."""
    m = AMOUNT_RE.search(text.replace("−", "-"))
    if not m:
        return None
    raw = m.group(0)
    negative = raw.startswith(("-", "(")) and (raw.startswith("-") or raw.endswith(")"))
    raw = raw.strip("-()")
    for sp in _SPACES:
        raw = raw.replace(sp, "")
    last_c, last_p = raw.rfind(","), raw.rfind(".")
    if last_c >= 0 and last_p >= 0:
        dec = "," if last_c > last_p else "."
    elif last_c >= 0 or last_p >= 0:
        sep = "," if last_c >= 0 else "."
        tail = raw.rsplit(sep, 1)[1]
        if raw.count(sep) > 1:
            dec = ""  # 1.234.567: only thousands separators
        elif len(tail) == 3 and comma_decimal is not None:
            dec = sep if (sep == ",") == comma_decimal else ""
        elif len(tail) == 3:
            dec = ""
        else:
            dec = sep
    else:
        dec = ""
    thousands = {",", "."} - {dec}
    for t in thousands:
        raw = raw.replace(t, "")
    raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return -value if negative else value


def parse_percent(text: str) -> Decimal | None:
    """`19 %`, `19,0%`, `7.00 %` -> Decimal('19'), Decimal('7') (normalised, no trailing zeros)."""
    m = re.search(r"(\d{1,2}(?:[.,]\d{1,2})?)\s*%", text)
    if not m:
        return None
    value = Decimal(m.group(1).replace(",", "."))
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _year(y: str) -> int:
    n = int(y)
    return n + 2000 if n < 100 else n


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str, month_first: bool = False) -> date | None:
    """The first date in `text`. `month_first` reads `03/05/2024` the US way (March 5)."""
    if m := _ISO.search(text):
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    if m := _CJK.search(text):
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.search(text):
        a, b, y = int(m[1]), int(m[2]), _year(m[3])
        if a > 12 or (not month_first and b <= 12):
            return _safe(y, b, a)
        return _safe(y, a, b)
    if m := _DAY_MONTH.search(text):
        return _safe(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    if m := _MONTH_DAY.search(text):
        return _safe(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    return None


def cents(value: Decimal) -> Decimal:
    """Money to two decimals (the invoice's own precision is kept where it prints more)."""
    return value.quantize(Decimal("0.01"))
