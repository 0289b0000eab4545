"""Boilerplate: page furniture at the head and tail of a story goes, text stays."""

import pytest

from pipeline.normalize import normalize_story, remove_boilerplate

pytestmark = pytest.mark.unit

BODY = "وزیر نیرو از افتتاح سد جدید در استان خبر داد.\nاین سد ۱۲ میلیون متر مکعب گنجایش دارد."


@pytest.mark.parametrize(
    "marker",
    [
        "انتهای پیام",
        "/انتهای پیام/",
        "انتهای پیام/م",
        "پایان خبر",
        "انتهاي پيام",
        "انتهای پیام/86011/ح40/ض1002",  # with desk and editor codes
    ],
)
def test_agency_end_marker_line_is_removed(marker):
    assert remove_boilerplate(f"{BODY}\n{marker}") == (BODY, 1)


@pytest.mark.parametrize(
    "line",
    [
        "نظرات",
        "کد خبر: ۱۲۳۴۵۶",
        "کد خبر 98765",
        "اشتراک گذاری",
        "چاپ",
        "ارسال به دوستان",
        "چاپ | ارسال به دوستان | اشتراک‌گذاری",
        "نسخه چاپی",
    ],
)
def test_furniture_lines_at_the_tail_are_removed(line):
    assert remove_boilerplate(f"{BODY}\n{line}\nنظرات\n") == (BODY, 2)


def test_furniture_lines_at_the_head_are_removed():
    assert remove_boilerplate(f"کد خبر: ۴۴۵۵\nچاپ\n{BODY}") == (BODY, 2)


def test_related_stories_block_at_the_tail_is_removed():
    story = f"{BODY}\nانتهای پیام\nاخبار مرتبط\nافزایش قیمت بنزین تکذیب شد\nبارش برف در تهران"
    assert remove_boilerplate(story) == (BODY, 4)


def test_marker_words_inside_a_sentence_stay():
    story = "او در انتهای پیام خود از مردم تشکر کرد.\nنظرات کارشناسان درباره طرح متفاوت است."
    assert remove_boilerplate(story) == (story, 0)


def test_a_closing_line_that_goes_on_after_the_marker_words_stays():
    line = "انتهای پیام رهبری"
    assert remove_boilerplate(f"{BODY}\n{line}") == (f"{BODY}\n{line}", 0)


def test_a_story_without_furniture_is_unchanged():
    assert remove_boilerplate(BODY) == (BODY, 0)


def test_normalize_story_removes_furniture_then_normalizes():
    result = normalize_story(f"{BODY}\nانتهاي پيام\nنظرات")
    assert result.text == BODY
    assert result.counts["boilerplate_lines"] == 2
