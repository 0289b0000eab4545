"""The dates stage: publication time with a zone, and the dates a story mentions."""

import pytest

pytestmark = pytest.mark.unit

STORY = "به گزارش ایرنا، نمایشگاه کتاب تهران برگزار شد."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1402/08/15 10:30", "2023-11-06T10:30:00+03:30"),
        ("۱۴۰۲/۰۸/۱۵ ۱۰:۳۰", "2023-11-06T10:30:00+03:30"),
        ("۱۵ آبان ۱۴۰۲", "2023-11-06T00:00:00+03:30"),
        ("دوشنبه ۱۵ آبان ۱۴۰۲ - ۱۰:۳۰", "2023-11-06T10:30:00+03:30"),
        ("۲۲ ربیع‌الثانی ۱۴۴۵", "2023-11-06T00:00:00+03:30"),
        ("۶ نوامبر ۲۰۲۳ ساعت ۱۰:۳۰", "2023-11-06T10:30:00+03:30"),
        ("2023-11-06T07:00:00Z", "2023-11-06T07:00:00+00:00"),
        ("2023-11-06 10:30", "2023-11-06T10:30:00+03:30"),
        ("Mon, 06 Nov 2023 10:30:00 +0330", "2023-11-06T10:30:00+03:30"),
        (1699254000, "2023-11-06T10:30:00+03:30"),
        (1699254000000, "2023-11-06T10:30:00+03:30"),
        ("1699254000", "2023-11-06T10:30:00+03:30"),
    ],
)
def test_published_at_becomes_iso_with_zone(extract, raw, expected):
    assert extract(STORY, until="dates", published_at=raw).article.published_at == expected


def test_unreadable_published_at_is_none(extract):
    assert extract(STORY, until="dates", published_at="دیروز عصر").article.published_at is None


def test_page_date_is_used_when_the_producer_sent_none(make_doc, run_until):
    doc = make_doc(STORY)
    doc.html_metadata["date"] = "2023-11-06"
    run_until(doc, "dates")
    assert doc.article.published_at == "2023-11-06T00:00:00+03:30"


def date_values(extract, text, **raw):
    article = extract(text, until="dates", **raw).article
    return [(article.text_of(d), d.value) for d in article.dates]


def test_jalali_date_in_text_has_its_gregorian_value(extract):
    text = "ثبت‌نام از ۱۵ آبان ۱۴۰۲ آغاز می‌شود."
    assert date_values(extract, text) == [("۱۵ آبان ۱۴۰۲", "2023-11-06")]


def test_day_and_month_take_the_publication_year(extract):
    text = "مراسم در ۲۲ بهمن برگزار می‌شود."
    assert date_values(extract, text, published_at="1402/08/15") == [("۲۲ بهمن", "2024-02-11")]
    assert date_values(extract, text) == [("۲۲ بهمن", None)]


def test_a_day_without_a_year_is_the_one_nearest_the_publication(extract):
    # Published on 6 Farvardin 1399: the Esfand just past, not the next one.
    text = "این طرح از ۲۵ اسفند اجرا شد."
    assert date_values(extract, text, published_at="2020-03-25") == [("۲۵ اسفند", "2020-03-15")]


@pytest.mark.parametrize(
    ("text", "published_at", "expected"),
    [
        ("پرونده در ۲۴ فروردین ۹۷ بسته شد.", "2020-05-26", ("۲۴ فروردین ۹۷", "2018-04-13")),
        ("پرونده در ۱۹ آبان ماه ۹۸ بسته شد.", None, ("۱۹ آبان ماه ۹۸", "2019-11-10")),
        ("پرونده در ۱۵ آبان ۰۲ بسته شد.", None, ("۱۵ آبان ۰۲", "2023-11-06")),
        ("پرونده در ۱۵ آبان ۰۲ بسته شد.", "2023-12-01", ("۱۵ آبان ۰۲", "2023-11-06")),
    ],
)
def test_a_two_digit_jalali_year_is_read_in_its_century(extract, text, published_at, expected):
    assert date_values(extract, text, published_at=published_at) == [expected]


@pytest.mark.parametrize(
    ("text", "date_text", "number"),
    [
        ("در ۲۰ اسفند ۴۹ نفر به درمانگاه مراجعه کردند.", "۲۰ اسفند", ("۴۹", 49, None)),
        ("تا اسفند ۴۳ میلیارد دلار وارد شد.", None, ("۴۳ میلیارد دلار", 43 * 10**9, "دلار")),
    ],
)
def test_two_digits_counting_something_after_a_month_are_no_year(
    extract, text, date_text, number
):
    article = extract(text, until="numbers").article
    assert [article.text_of(mention) for mention in article.dates] == ([date_text] if date_text else [])
    assert number in [(article.text_of(n), n.value, n.unit) for n in article.numbers]


@pytest.mark.parametrize("month", ["آذرماه", "آذر‌ماه", "آذر ماه"])
def test_a_month_written_with_mah_joined_or_apart_is_read(extract, month):
    text = f"جلسه در ۲۷ {month} سال ۹۷ برگزار شد."
    assert date_values(extract, text) == [(f"۲۷ {month} سال ۹۷", "2018-12-18")]


def test_last_year_after_a_day_and_month_is_the_year_before_the_stories(extract):
    text = "طرح از ۱۳ اسفند سال گذشته اجرا شد."
    assert date_values(extract, text, published_at="2019-11-20") == [
        ("۱۳ اسفند سال گذشته", "2019-03-04")
    ]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("طرح از ۱۵ اردیبهشت تا ۱۵ شهریور ۱۳۹۸ اجرا شد.", ("۱۵ اردیبهشت", "2019-05-05")),
        ("طرح از ۱۵ اسفند تا ۱۵ فروردین ۱۳۹۹ اجرا شد.", ("۱۵ اسفند", "2020-03-05")),
    ],
)
def test_the_first_day_of_a_range_takes_the_year_written_on_the_second(extract, text, first):
    assert date_values(extract, text, published_at="2021-06-01")[0] == first


def test_the_two_digit_year_of_a_date_is_no_number(extract):
    doc = extract("پرونده در ۲۴ فروردین ۹۷ بسته شد.", until="numbers")
    assert doc.article.numbers == []


def test_numeric_and_gregorian_and_hijri_dates(extract):
    text = "قرارداد در ۱۴۰۲/۰۸/۱۵ امضا شد و ۶ نوامبر ۲۰۲۳ و ۱ رمضان ۱۴۴۵ اجرا می‌شود."
    assert date_values(extract, text) == [
        ("۱۴۰۲/۰۸/۱۵", "2023-11-06"),
        ("۶ نوامبر ۲۰۲۳", "2023-11-06"),
        ("۱ رمضان ۱۴۴۵", "2024-03-11"),
    ]


def test_relative_days_resolve_against_publication(extract):
    text = "این قرارداد دیروز امضا شد و فردا اجرا می‌شود."
    assert date_values(extract, text, published_at="1402/08/15") == [
        ("دیروز", "2023-11-05"),
        ("فردا", "2023-11-07"),
    ]


def test_month_and_year_is_a_mention_without_a_day(extract):
    assert date_values(extract, "طرح تا آذر ۱۴۰۳ ادامه دارد.") == [("آذر ۱۴۰۳", None)]


def test_verb_prefix_mi_is_not_the_month_may(extract):
    assert date_values(extract, "هر ۲ می‌شود ۴.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قرارداد در دهم شهریورماه سال ۱۳۸۷ امضا شد.", ("دهم شهریورماه سال ۱۳۸۷", "2008-08-31")),
        ("طرح از اول فروردین ۸۵ اجرا شد.", ("اول فروردین ۸۵", "2006-03-21")),
        ("جلسه بیست و ششم اسفند ۱۳۹۸ برگزار شد.", ("بیست و ششم اسفند ۱۳۹۸", "2020-03-16")),
        ("مهلت تا سی‌ام خرداد ۱۳۹۹ است.", ("سی‌ام خرداد ۱۳۹۹", "2020-06-19")),
    ],
)
def test_a_day_written_out_as_an_ordinal_is_read(extract, text, expected):
    assert date_values(extract, text) == [expected]


@pytest.mark.parametrize("text", ["در نیمه دوم دی باران بارید.", "در هفته اول فروردین سفر کردند."])
def test_a_part_of_the_month_is_no_day(extract, text):
    assert date_values(extract, text) == []


FARS_URL = "https://www.farsnews.ir/news/8706100123/طرح-تصویب-شد"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (FARS_URL, "2008-08-31T00:00:00+04:30"),
        ("https://www.farsnews.ir/news/13911222000865", "2013-03-12T00:00:00+03:30"),
        ("https://www.varzesh3.com/news/1392980", None),
        ("https://www.farsnews.ir/news/8713400123", None),
    ],
)
def test_published_at_is_the_day_a_fars_url_was_filed_on(extract, url, expected):
    assert extract(STORY, until="dates", url=url).article.published_at == expected


def test_a_url_day_resolves_relative_days(extract):
    text = "این طرح دیروز تصویب شد."
    assert date_values(extract, text, url=FARS_URL) == [("دیروز", "2008-08-30")]


def test_the_producers_published_at_wins_over_the_url(extract):
    doc = extract(STORY, until="dates", url=FARS_URL, published_at="1402/08/15 10:30")
    assert doc.article.published_at == "2023-11-06T10:30:00+03:30"


def test_the_page_date_wins_over_the_url(make_doc, run_until):
    doc = make_doc(STORY, url=FARS_URL)
    doc.html_metadata["date"] = "2023-11-06"
    run_until(doc, "dates")
    assert doc.article.published_at == "2023-11-06T00:00:00+03:30"
