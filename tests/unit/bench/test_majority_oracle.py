"""The word-by-word ceiling the normalization benchmark reports beside Khabar."""

import pytest

from bench.normalize_bench import majority_oracle

pytestmark = pytest.mark.unit

Z = "\u200c"


def test_each_word_takes_its_most_frequent_spelling_in_the_set():
    gold = [
        f"مهم{Z}ترین خبر روز",
        f"مهم{Z}ترین دیدار هفته",
        "مهمترین نکته",
    ]
    assert majority_oracle(gold) == [
        f"مهم{Z}ترین خبر روز",
        f"مهم{Z}ترین دیدار هفته",
        f"مهم{Z}ترین نکته",
    ]


def test_spaces_and_punctuation_of_the_gold_are_kept():
    assert majority_oracle([f"کتاب ها، و گفت{Z}وگو."]) == [f"کتاب ها، و گفت{Z}وگو."]
