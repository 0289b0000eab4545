"""The stats stage: characters, words, sentences, paragraphs, reading time."""

import pytest

pytestmark = pytest.mark.unit

STORY = (
    "به گزارش ایرنا، قطار تهران ـ مشهد امروز راه افتاد. مسافران راضی بودند!\n"
    "مدیر راه‌آهن گفت: بلیت‌ها تمام شده است؟ نه، هنوز جا هست."
)


def stats(extract, text):
    return extract(text, until="stats").article.stats


def test_counts(extract):
    result = stats(extract, STORY)
    assert result.characters == len(STORY)
    assert result.words == 24
    assert result.sentences == 4
    assert result.paragraphs == 2


def test_reading_time_is_two_hundred_words_a_minute(extract):
    assert stats(extract, " ".join(["خبر"] * 400) + ".").reading_time_seconds == 120
    assert stats(extract, STORY).reading_time_seconds == 8  # 24 words → 7.2 s, rounded up


def test_zwnj_words_count_once(extract):
    assert stats(extract, "بلیت‌ها فروخته می‌شود.").words == 3
