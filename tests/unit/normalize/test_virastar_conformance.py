"""virastar's own tests (../shared/eval/virastar-cases.tsv, default options) against Khabar.

We adopt virastar's typography where it suits news text: Persian punctuation and its
spacing, «…», «–» for a kashida or «--», «؟!», «٪» «٫» «٬», soft hyphen as ZWNJ, «هٔ» for
«هء». The rows below differ on purpose, each for the reason given; a listed row must agree
with virastar once that difference is projected away.
"""

import pytest

from pipeline.normalize import normalize_text
from tests.conftest import SHARED

from .conformance import (
    Difference,
    bullets_as_dashes,
    comparer,
    dates_in_any_order,
    ezafe_unmarked,
    latin_punctuation,
    no_pronoun_plural_zwnj,
    no_zwnj_or_space_between_words,
    numbers_glued,
    read_cases,
    single_marks,
    teh_marbuta_as_heh,
    trimmed_lines,
    without_marks,
    without_quote_marks,
    without_zwnj,
)

pytestmark = pytest.mark.unit

CASES = "eval/virastar-cases.tsv"

_LATIN_CONTEXT = Difference(
    "Latin , ; ? become Persian only after Persian text", (latin_punctuation,)
)
_QUOTES = Difference(
    "only straight double quotes around Persian text become « » (apostrophes, HTML "
    "entities and Latin quotes are left to other stages or kept)",
    (without_quote_marks,),
)
_EZAFE = Difference(
    "the ezafe after «ه» is left as written; news mostly omits it", (ezafe_unmarked,)
)
_LINES = Difference(
    "one line out per line in: blank lines are kept, each line is trimmed", (trimmed_lines,)
)
_MARKS = Difference("diacritics, tanwin included, are removed (hazm's rule)", (without_marks,))
_APART = Difference(
    "a clitic after a word hazm does not list stays apart: no evidence, no join",
    (no_zwnj_or_space_between_words,),
)

DIFFERENCES = {
    4: _LATIN_CONTEXT,
    5: Difference("«آنها» is written on, as news writes it", (no_pronoun_plural_zwnj,)),
    7: Difference("ezafe and apostrophe quotes as written", (without_quote_marks, ezafe_unmarked)),
    13: _MARKS,
    14: Difference(
        "quotes around a Latin format string kept; tanwin removed",
        (without_quote_marks, without_marks),
    ),
    15: _QUOTES,
    16: _QUOTES,
    23: _LATIN_CONTEXT,
    25: _QUOTES,
    26: _QUOTES,
    31: _EZAFE,
    32: _EZAFE,
    33: _EZAFE,
    74: _LINES,
    75: _LINES,
    76: _LINES,
    77: _LINES,
    78: _LINES,
    79: _LINES,
    80: _LINES,
    86: _LATIN_CONTEXT,
    90: Difference("Latin quotes kept; lines trimmed", (without_quote_marks, trimmed_lines)),
    102: Difference(
        "a number glued to a word gets a space, in code blocks too (no Markdown awareness)",
        (numbers_glued,),
    ),
    103: Difference(
        "no markup awareness: quotes and «!!!» in an HTML attribute are normalized like text",
        (without_quote_marks, single_marks),
    ),
    119: _LATIN_CONTEXT,
    128: Difference("a «·» bullet is left as it is", (bullets_as_dashes,)),
    135: _APART,
    136: _APART,
    140: _MARKS,
    141: _MARKS,
    142: _MARKS,
    155: Difference("a date keeps its logical order", (dates_in_any_order,)),
    156: Difference("a date keeps its logical order", (dates_in_any_order,)),
    159: Difference(
        "«ة» and «ۃ» become «ه», and «رحمه» + «الله» then parses as a compound",
        (teh_marbuta_as_heh, without_zwnj),
    ),
}

_compare = comparer(DIFFERENCES)


def _default_cases():
    return [case for case in read_cases(CASES) if case.fields["options"] == "{}"]


def _text(cell: str) -> str:
    return cell.replace("\\n", "\n")  # the table writes line breaks as \n


def test_the_table_has_150_default_pairs():
    assert len(_default_cases()) == 150


def test_documented_differences_are_default_rows():
    assert set(DIFFERENCES) <= {case.row for case in _default_cases()}


def _default_rows() -> list[int]:
    """Rows with virastar's default options, read at collection time when ../shared is
    there (without it the parameter set is empty and the tests above say why)."""
    if not (SHARED / CASES).is_file():
        return []
    with (SHARED / CASES).open(encoding="utf-8") as table:
        options = [line.split("\t", 1)[0] for line in table.read().splitlines()[1:]]
    return [row for row, option in enumerate(options, start=1) if option == "{}"]


@pytest.mark.parametrize("row", _default_rows())
def test_virastar_pair_passes_or_differs_as_documented(row):
    case = read_cases(CASES)[row - 1]
    _compare(case, normalize_text(_text(case.fields["input"])), _text(case.fields["expected"]))
