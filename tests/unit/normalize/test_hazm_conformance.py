"""hazm's own normalizer tests (../shared/eval/hazm-normalizer-cases.tsv) against Khabar.

Every row passes, or is listed below as an intentional difference with its reason; a listed
row must agree with hazm once that documented difference is projected away.
"""

import re

import pytest

from pipeline.normalize import normalize_text

from .conformance import (
    Difference,
    comparer,
    ellipsis_unspaced,
    latin_digits,
    no_zwnj_or_space_between_words,
    read_cases,
    trimmed_lines,
)

pytestmark = pytest.mark.unit

CASES = "eval/hazm-normalizer-cases.tsv"


def _doubled_letters_single(text: str) -> str:
    """We shorten runs of three or more letters to one and leave a doubled letter alone
    (hazm shortens to two or one depending on the method)."""
    return re.sub(r"(\w)\1+", r"\1", text)


def _ligature_dropped(text: str) -> str:
    """We decompose the «ﷺ» ligature to its words; hazm deletes it."""
    return text.replace("صلی الله علیه وسلم", "")


_BLANK = Difference("a line of spaces becomes an empty line: we trim every line", (trimmed_lines,))
_COMPOUND = Difference(
    "two words written apart stay apart («زمین لرزه», «اخلال گر»): the space is the "
    "author's; only affixes are joined",
    (no_zwnj_or_space_between_words,),
)

DIFFERENCES = {
    1: Difference(
        "compound kept apart and no space before the ellipsis (virastar's rule)",
        (no_zwnj_or_space_between_words, ellipsis_unspaced),
    ),
    25: _BLANK,
    27: Difference("the ligature is decomposed, not deleted", (_ligature_dropped,)),
    32: Difference("runs of 3+ letters become one letter", (_doubled_letters_single,)),
    33: Difference("a doubled letter is left alone", (_doubled_letters_single,)),
    35: Difference("no space before the ellipsis (virastar's rule)", (ellipsis_unspaced,)),
    36: Difference("numbers get Persian digits too, not only the separator", (latin_digits,)),
    38: _BLANK,
    42: _BLANK,
    45: _BLANK,
    51: _BLANK,
    58: _COMPOUND,
    59: _COMPOUND,
}

_compare = comparer(DIFFERENCES)


def test_the_table_has_all_sixty_pairs():
    assert len(read_cases(CASES)) == 60


def test_documented_differences_are_rows_of_the_table():
    assert set(DIFFERENCES) <= {case.row for case in read_cases(CASES)}


@pytest.mark.parametrize("row", range(1, 61))
def test_hazm_pair_passes_or_differs_as_documented(row):
    case = read_cases(CASES)[row - 1]
    _compare(case, normalize_text(case.fields["input"]), case.fields["expected"])
