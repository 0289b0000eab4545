"""Boilerplate: page furniture goes (bare furniture words only at the head and tail of a
story, links, codes, tags and related-story boxes wherever they stand), text stays."""

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


# Related-story boxes, share links, news codes and tags, wherever they stand.

PARAGRAPH_1 = "شهرداری تهران از آغاز طرح کاشت درخت در حاشیه بزرگراه‌ها خبر داد."
PARAGRAPH_2 = "به گفته معاون شهردار، این طرح تا پایان پاییز ادامه دارد."
STORY = f"{PARAGRAPH_1}\n{PARAGRAPH_2}"


@pytest.mark.parametrize(
    "header", ["بیشتر بخوانید:", "اینجا بخوانید", "بخوانید:", "مطالب مرتبط:", "پیشنهاد ما:"]
)
def test_a_related_stories_box_between_paragraphs_is_removed(header):
    story = f"{PARAGRAPH_1}\n{header}\nبازگشایی پارک ملت پس از بازسازی\nhttps://example.ir/news/55\n{PARAGRAPH_2}"
    assert remove_boilerplate(story) == (STORY, 3)


def test_a_related_stories_box_keeps_the_paragraph_break_it_stood_in():
    story = f"{PARAGRAPH_1}\n\nبیشتر بخوانید:\nبازگشایی پارک ملت پس از بازسازی\n\n{PARAGRAPH_2}"
    assert remove_boilerplate(story) == (f"{PARAGRAPH_1}\n\n{PARAGRAPH_2}", 2)


def test_a_related_stories_box_takes_a_long_two_part_headline_with_it():
    headline = ("وزیر نیرو: هیچ برنامه‌ای برای جیره‌بندی آب در تابستان امسال نداریم/"
                "مصرف آب در پایتخت نسبت به سال گذشته ده درصد کاهش یافته است")
    story = f"{PARAGRAPH_1}\nبیشتر بخوانید:\n{headline}\nبازگشایی پارک ملت پس از بازسازی\n{PARAGRAPH_2}"
    assert remove_boilerplate(story) == (STORY, 3)


def test_a_one_line_read_more_with_its_headline_is_removed():
    story = f"{PARAGRAPH_1}\nبیشتر بخوانید: افزایش ساعت کار مترو در تعطیلات\n{PARAGRAPH_2}"
    assert remove_boilerplate(story) == (STORY, 1)


def test_a_read_more_box_after_a_sentence_on_the_same_line_is_cut_off():
    story = f"{PARAGRAPH_1} بیشتر بخوانید: افزایش ساعت کار مترو\n{PARAGRAPH_2}"
    assert remove_boilerplate(story) == (STORY, 1)


def test_a_headline_glued_to_read_more_goes_with_it():
    story = f"{PARAGRAPH_1}\nبیشتر بخوانیدافزایش ساعت کار مترو در تعطیلات\n{PARAGRAPH_2}"
    assert remove_boilerplate(story) == (STORY, 1)


def test_a_bracketed_read_here_link_inside_a_sentence_goes_and_the_sentence_stays():
    story = "این خبر پیش‌تر منتشر شده بود (اینجا بخوانید) و واکنش‌هایی داشت."
    assert remove_boilerplate(story) == ("این خبر پیش‌تر منتشر شده بود و واکنش‌هایی داشت.", 1)


def test_a_short_link_line_is_removed():
    story = f"{PARAGRAPH_1}\nلینک کوتاه: http://example.ir/x39355\n{PARAGRAPH_2}"
    assert remove_boilerplate(story) == (STORY, 1)


def test_a_share_line_with_a_link_is_removed():
    story = f"{STORY}\nاشتراک‌گذاری | چاپ | https://t.me/share/url?url=example.ir/x1"
    assert remove_boilerplate(story) == (STORY, 1)


def test_a_news_code_line_with_its_date_is_removed():
    story = f"کد خبر: ۱۲۳۴۵۶ | تاریخ انتشار: ۱۴۰۲/۰۷/۱۵ - ۱۰:۳۰\n{STORY}"
    assert remove_boilerplate(story) == (STORY, 1)


@pytest.mark.parametrize("label", ["برچسب‌ها", "کلیدواژه‌ها", "تگ‌ها"])
def test_a_tag_line_is_removed(label):
    story = f"{STORY}\n{label}: شهرداری تهران، فضای سبز، بزرگراه"
    assert remove_boilerplate(story) == (STORY, 1)


def test_a_tag_header_and_its_tags_are_removed():
    story = f"{STORY}\nبرچسب‌ها:\nشهرداری تهران\nفضای سبز"
    assert remove_boilerplate(story) == (STORY, 3)


def test_an_attribution_line_stays_and_the_furniture_around_it_goes():
    story = f"{STORY}\nلینک کوتاه: https://example.ir/x1\nمنبع: ایسنا\nاشتراک گذاری"
    assert remove_boilerplate(story) == (f"{STORY}\nمنبع: ایسنا", 2)


def test_a_sentence_containing_the_furniture_words_stays():
    story = (
        "او گفت بیشتر بخوانید تا بدانید.\n"
        "پیشنهاد ما به مسافران، سفر در ساعات خلوت است.\n"
        "مطالب مرتبط با این طرح در سایت شهرداری آمده است.\n"
        "لینک کوتاه این سامانه به زودی اعلام می‌شود."
    )
    assert remove_boilerplate(story) == (story, 0)


def test_short_lines_without_a_related_stories_header_stay():
    story = f"{PARAGRAPH_1}\nبرنامه‌های طرح\nکاشت نهال در بزرگراه‌ها\n{PARAGRAPH_2}"
    assert remove_boilerplate(story) == (story, 0)
