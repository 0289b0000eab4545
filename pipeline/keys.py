"""Store keys of the indexes' records: a sequence number in base-64 digits after a
one-letter prefix, short in every changelog record (``s`` + 2 digits for 4,096 stories)."""

from __future__ import annotations

_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def b64(number: int) -> str:
    """``number`` in base-64 digits, the least significant first (the dedup index's
    changelogs are written so: the order may not change)."""
    digits = []
    while True:
        number, digit = divmod(number, 64)
        digits.append(_DIGITS[digit])
        if not number:
            return "".join(digits)


def unb64(digits: str) -> int:
    return sum(_DIGITS.index(digit) << 6 * i for i, digit in enumerate(digits))
