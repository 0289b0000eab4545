"""The numbers stage: digits and number words to values, percentages marked."""

import pytest

pytestmark = pytest.mark.unit


def numbers(extract, text, **raw):
    return [
        (n.text, n.value, n.unit) for n in extract(text, until="numbers", **raw).article.numbers
    ]


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("۲۰ هزار", 20000),
        ("سه میلیون و ۲۰۰ هزار", 3200000),
        ("۲٫۵ میلیون", 2500000),
        ("۱۲٬۵۰۰", 12500),
        ("بیست و پنج", 25),
        ("سیصد و بیست و پنج", 325),
        ("۶ هزار و ۱۲۷", 6127),
        ("۵ هزار میلیارد", 5_000_000_000_000),
        ("یک میلیون و دویست و پنجاه هزار", 1250000),
        ("۳٫۷۵", 3.75),
        ("۹ و نیم میلیون", 9_500_000),
        ("دو و نیم هزار", 2500),
    ],
)
def test_number_phrases_have_values(extract, phrase, value):
    assert numbers(extract, f"در این طرح {phrase} نفر شرکت کردند.") == [(phrase, value, None)]


def test_percentages_are_marked(extract):
    text = "تورم ۱۵ درصد و بیکاری ۹٫۲٪ اعلام شد."
    assert numbers(extract, text) == [("۱۵ درصد", 15, "percent"), ("۹٫۲٪", 9.2, "percent")]


def test_offsets_point_at_the_number(extract):
    doc = extract("حدود ۲۰ هزار نفر آمدند.", until="numbers")
    mention = doc.article.numbers[0]
    assert doc.article.text[mention.start : mention.end] == "۲۰ هزار"


def test_separate_numbers_joined_by_va_stay_separate(extract):
    assert numbers(extract, "ساعت ۱۰ و ۳۰ دقیقه") == [("۱۰", 10, None), ("۳۰", 30, None)]


def test_indefinite_yek_is_not_a_number(extract):
    assert numbers(extract, "یک روز دو کشور توافق کردند.") == [("دو", 2, None)]


def test_dates_are_not_counted_again_as_numbers(extract):
    assert numbers(extract, "از ۱۵ آبان ۱۴۰۲ حدود ۳۰۰ نفر آمدند.") == [("۳۰۰", 300, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "هزینه طرح ۴ تا ۶ هزار میلیارد تومان است.",
            [("۴", 4 * 10**12, None), ("۶ هزار میلیارد", 6 * 10**12, None)],
        ),
        ("۶۰ تا ۷۰ درصد مردم رای دادند.", [("۶۰", 60, "percent"), ("۷۰ درصد", 70, "percent")]),
    ],
)
def test_the_first_number_of_a_range_takes_the_seconds_scale_and_unit(extract, text, expected):
    assert numbers(extract, text) == expected


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("ساعت ۸ تا ۱۰ صبح", ("۸", 8, None)),
        ("بین ۸۰۰ تا ۱ هزار نفر آمدند.", ("۸۰۰", 800, None)),
        ("صادرات تا ۲۰۳۰ تا ۲۰ میلیارد دلار می‌رسد.", ("۲۰۳۰", 2030, None)),
    ],
)
def test_a_first_number_not_smaller_than_the_seconds_keeps_its_value(extract, text, first):
    assert numbers(extract, text)[0] == first


def test_a_number_in_an_organisations_name_is_no_quantity(extract):
    text = "به گزارش ورزش سه، ۱۲ بازیکن به اردو دعوت شدند."
    assert numbers(extract, text) == [("۱۲", 12, None)]


def test_a_slash_before_a_percent_is_a_decimal_point(extract):
    assert numbers(extract, "نرخ تورم ۲/۳۸ درصد اعلام شد.") == [("۲/۳۸ درصد", 2.38, "percent")]


def test_half_alone_is_a_word(extract):
    text = "نیم ساعت بعد جلسه تمام شد و گزارش آن را به وزیر دادند که گفت کار خوبی است."
    assert numbers(extract, text) == []


def test_half_after_a_scale_is_half_the_scale(extract):
    text = "دو میلیون و نیم نفر در این طرح شرکت کردند."
    assert numbers(extract, text) == [("دو میلیون و نیم", 2_500_000, None)]


def test_a_range_to_a_number_and_a_half_shares_its_scale(extract):
    text = "هزینه‌ها بین ۲ تا ۲ و نیم میلیون تومان است."
    assert numbers(extract, text)[0] == ("۲", 2_000_000, None)
