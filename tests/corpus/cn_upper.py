"""Writing an amount in Chinese upper-case figures (大写), as printed on 增值税发票.

Written here independently of the reader's parser so that the corpus checks it."""

from __future__ import annotations

from decimal import Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL = ["", "拾", "佰", "仟"]
BIG = ["", "万", "亿"]


def _section(n: int) -> str:
    out, zero = "", False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
        else:
            if zero:
                out += "零"
                zero = False
            out += DIGITS[d] + SMALL[pos]
    return out


def to_upper(amount: Decimal) -> str:
    """1394.42 -> 壹仟叁佰玖拾肆圆肆角贰分; 100.00 -> 壹佰圆整."""
    fen_total = int((amount * 100).to_integral_value())
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    parts, n, idx, pending_zero = [], yuan, 0, False
    while n:
        sec = n % 10000
        if sec:
            s = _section(sec) + BIG[idx]
            if pending_zero:
                s += "零"
            parts.insert(0, s)
            pending_zero = sec < 1000
        else:
            pending_zero = bool(parts)
        n //= 10000
        idx += 1
    words = "".join(parts).rstrip("零") + "圆" if yuan else ""
    if jiao == 0 and fen == 0:
        return (words or "零圆") + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif yuan:
        words += "零"
    if fen:
        words += DIGITS[fen] + "分"
    return words
