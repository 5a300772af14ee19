"""Reading Chinese upper-case amounts (大写), e.g. 壹仟叁佰玖拾肆圆肆角贰分 -> 1394.42."""

from __future__ import annotations

from decimal import Decimal

DIGITS = (
    {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
    | {c: i for i, c in enumerate("〇一二三四五六七八九")}
    | {"两": 2}
)
UNITS = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}


def parse_upper(text: str) -> Decimal | None:
    """The amount an upper-case figure states, or None if it is not one."""
    text = text.strip().lstrip("⊗ⓧ×").rstrip("整正")
    yuan_part, sep, rest = text.replace("元", "圆").partition("圆")
    if not sep:
        yuan_part, rest = "", text
    total = section = digit = 0
    for ch in yuan_part:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (digit or 1) * UNITS[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        elif ch == "亿":
            total = (total + section + digit) * 100_000_000
            section = digit = 0
        else:
            return None
    total += section + digit
    fen = 0
    digit = 0
    for ch in rest:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch == "角":
            fen += digit * 10
            digit = 0
        elif ch == "分":
            fen += digit
            digit = 0
        else:
            return None
    if not sep and not rest:
        return None
    return Decimal(total) + Decimal(fen) / 100
