"""Peer conformance: read a peer's input/expected table from ../shared, compare with ours.

A row either passes, or is listed as an intentional policy difference. A listed row must
still agree with the peer once the documented difference is projected away from both
outputs (for example, with both texts' digits read as Latin when our digit policy differs),
so nothing but the documented policy may differ.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from tests.conftest import shared_file

ZWNJ = "\u200c"

Projection = Callable[[str], str]


@dataclass(frozen=True)
class Difference:
    reason: str
    projections: tuple[Projection, ...]


@dataclass(frozen=True)
class Case:
    row: int  # data row of the table, 1-based (the header is row 0)
    fields: dict[str, str]


@cache
def read_cases(relative: str) -> list[Case]:
    """The rows of a shared table; skips the test when ../shared is absent."""
    path = shared_file(relative)
    with path.open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Case(index, row) for index, row in enumerate(rows, start=1)]


def project(text: str, projections: tuple[Projection, ...]) -> str:
    for projection in projections:
        text = projection(text)
    return text


# Projections: each erases one documented policy difference from a text.
def no_zwnj_or_space_between_words(text: str) -> str:
    """Compounds: we keep the author's space («رئیس جمهور»), peers write a ZWNJ."""
    return text.replace(ZWNJ, " ")


def ellipsis_unspaced(text: str) -> str:
    """We write no space before «…» (virastar); hazm writes one."""
    return re.sub(r"\s*…", "…", text)


def trimmed_lines(text: str) -> str:
    """We trim every line and keep every line break (one line out per line in)."""
    return re.sub(r"\n+", "\n", "\n".join(line.strip() for line in text.split("\n")))


def latin_digits(text: str) -> str:
    """Our digit policy writes Persian digits where a peer's rule left Latin ones."""
    return text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٫", "0123456789."))


def without_marks(text: str) -> str:
    """We drop diacritics (tanwin included); virastar keeps them."""
    return re.sub("[\u064b-\u0652\u0670]", "", text)


def without_quote_marks(text: str) -> str:
    """We turn only straight double quotes around Persian text into « »."""
    return re.sub("[«»\"'`]|&quot;|&apos;", "", text)


def ezafe_unmarked(text: str) -> str:
    """We leave the ezafe after «ه» as written («خانه ی»); virastar writes «هٔ»."""
    return re.sub("ه(?:\u0654| ی)(?=\\s|$)", "ه", text)


def latin_punctuation(text: str) -> str:
    """We convert , ; ? to Persian only after Persian text."""
    return text.translate(str.maketrans("،؛؟", ",;?")).replace(", ", ",").replace("; ", ";")


def no_pronoun_plural_zwnj(text: str) -> str:
    """«آنها», «اینها»: we write a pronoun's plural on, as news does; virastar uses a ZWNJ."""
    return re.sub(f"(آن|این){ZWNJ}?\\s?ها", r"\1ها", text)


def without_zwnj(text: str) -> str:
    """A ZWNJ our restorer adds where the peer leaves the word as it was."""
    return text.replace(ZWNJ, "")


def teh_marbuta_as_heh(text: str) -> str:
    """We write «ة» and «ۃ» as «ه» (hazm's rule); virastar keeps «ة»."""
    return text.replace("ة", "ه")


def numbers_glued(text: str) -> str:
    """We put a space between a Persian number and a word glued to it (hazm's rule)."""
    return re.sub("(?<=[۰-۹]) (?=[^\\W\\d])|(?<=[^\\W\\d]) (?=[۰-۹])", "", text)


def single_marks(text: str) -> str:
    """We shorten «!!!» to «!» everywhere, markup attributes included."""
    return re.sub(r"([!؟?])\1+", r"\1", text)


def bullets_as_dashes(text: str) -> str:
    """We leave a «·» bullet as it is; virastar writes «-»."""
    return text.replace("·", "-")


def dates_in_any_order(text: str) -> str:
    """We keep a date's parts in their logical order; virastar reverses «23/10/1355»."""
    return re.sub(r"(\d+)/(\d+)/(\d+)", lambda m: "/".join(sorted(m.groups())), text)


def single_spaces(text: str) -> str:
    """Spacing around a difference projected away by another projection."""
    return re.sub(r"[ \t]+", " ", text).strip()


def comparer(table: dict[int, Difference]) -> Callable[[Case, str, str], None]:
    def compare(case: Case, ours: str, theirs: str) -> None:
        difference = table.get(case.row)
        if difference is None:
            assert ours == theirs, f"row {case.row}: not a documented difference"
            return
        assert ours != theirs, f"row {case.row} passes now: remove it from the table"
        projections = (*difference.projections, single_spaces)
        assert project(ours, projections) == project(theirs, projections), difference.reason

    return compare
