"""SMS length rules: one segment is 160 GSM-7 septets, or 70 UCS-2 characters (e.g. Chinese).

The link is never cut: only the facts before it are shortened."""

from __future__ import annotations

GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# These take two septets (an escape plus the character).
GSM7_EXTENDED = "^{}\\[~]|€\f"
GSM7_LIMIT = 160
UCS2_LIMIT = 70


def is_gsm7(text: str) -> bool:
    """True if every character has a GSM-7 encoding (basic or extended table)."""
    return all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text)


def sms_units(text: str) -> tuple[int, int]:
    """(length in the message's encoding, the single-segment limit for that encoding)."""
    if is_gsm7(text):
        return sum(2 if c in GSM7_EXTENDED else 1 for c in text), GSM7_LIMIT
    # UCS-2 counts UTF-16 code units: characters outside the BMP (emoji) count twice.
    return len(text.encode("utf-16-le")) // 2, UCS2_LIMIT


def fits(text: str) -> bool:
    """True if the text goes out as one SMS segment."""
    length, limit = sms_units(text)
    return length <= limit


def fit_sms(facts: str, link: str, sep: str = " ") -> str:
    """`facts + sep + link` in one segment: shorten the facts (with an ellipsis), never the link.

    If even the bare link does not fit, the bare link is returned: a long link in two segments
    still works, a cut one does not."""
    facts = " ".join(facts.split())
    tail = f"{sep}{link}" if link else ""
    full = f"{facts}{tail}" if facts else link
    if fits(full):
        return full
    for n in range(len(facts) - 1, 0, -1):
        head = facts[:n].rstrip(" ,.;:，。；：")
        if not head:
            break
        ellipsis = "..." if is_gsm7(head) else "…"
        candidate = f"{head}{ellipsis}{tail}"
        if fits(candidate):
            return candidate
    return link
