"""Where sentences end: the one rule shared by quotes, stats and the fingerprint."""

import pytest

from pipeline.sentences import SENTENCE_END, count_sentences, sentence_starts

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("وزیر به تهران آمد. او فردا بازمی‌گردد.", 2),
        ("چرا؟! کسی پاسخ نداد.", 2),
        ("تیتر خبر\nمتن خبر در یک جمله.", 2),
        ("متن کامل در irna.ir آمده است.", 1),
        ("نرخ رشد 3.5 درصد شد.", 1),
        ("قرص، مواد و… کشف شد.", 1),
        ("او گفت: «آماده‌ایم.» سپس جلسه را ترک کرد.", 1),
        ("سفیر ج.ا. ایران وارد شد.", 1),
        ("یک جمله.\n\n   \nجمله دوم", 2),
        ("", 0),
    ],
)
def test_count_sentences(text, sentences):
    assert count_sentences(text) == sentences


def test_a_sentence_starts_after_the_end_mark_and_its_spaces():
    text = "پلیس آمد.  مردم رفتند؟ پایان"
    assert sentence_starts(text) == [text.index("مردم"), text.index("پایان")]


def test_a_line_break_ends_a_sentence_without_marks():
    text = "تیتر\nمتن"
    assert sentence_starts(text) == [text.index("متن")]


def test_the_first_sentence_ends_at_the_first_end_mark():
    text = "نرخ 3.5 درصد شد! سپس افت کرد."
    assert SENTENCE_END.search(text).start() == text.index("!")
