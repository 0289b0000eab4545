"""The numbers stage: digits and number words to values, percentages marked."""

import pytest

pytestmark = pytest.mark.unit


def numbers(extract, text, **raw):
    article = extract(text, until="numbers", **raw).article
    return [(article.text_of(n), n.value, n.unit) for n in article.numbers]


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
        ("یک‌هزار و ۵۹۱", 1591),
        ("یکهزار", 1000),
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
            [("۴", 4 * 10**12, "تومان"), ("۶ هزار میلیارد تومان", 6 * 10**12, "تومان")],
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
    assert numbers(extract, text)[0] == ("۲", 2_000_000, "تومان")


def ranks(extract, text):
    article = extract(text, until="numbers").article
    return [(article.text_of(n), n.value, n.ordinal) for n in article.numbers]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("تیم در بیست و ششم جدول ایستاد.", ("بیست و ششم", 26, True)),
        ("هشتاد و یکمین دوره جشنواره برگزار شد.", ("هشتاد و یکمین", 81, True)),
        ("سومین جلسه برگزار شد.", ("سومین", 3, True)),
        ("۷۵امین سالگرد تاسیس دانشگاه است.", ("۷۵امین", 75, True)),
        ("۲۹ ام ماه پرداخت می‌شود.", ("۲۹ ام", 29, True)),
    ],
)
def test_ordinals_are_marked(extract, text, expected):
    assert ranks(extract, text) == [expected]


def test_nothing_follows_an_ordinal_into_its_number(extract):
    assert ranks(extract, "بیست و ششم هزار نفر") == [
        ("بیست و ششم", 26, True),
        ("هزار", 1000, False),
    ]


@pytest.mark.parametrize("text", ["باید این کار را انجام دهم.", "یک صدم ثانیه فاصله داشت."])
def test_ordinal_words_that_are_also_verbs_or_fractions_are_not_numbers_alone(extract, text):
    assert numbers(extract, text) == []


def test_a_slash_and_a_space_before_a_scale_is_a_decimal_point(extract):
    text = "صادرات به ۵/ ۱۵ میلیارد دلار رسید."
    assert numbers(extract, text) == [("۵/ ۱۵ میلیارد دلار", 5_150_000_000, "دلار")]


@pytest.mark.parametrize(
    ("phrase", "value", "unit"),
    [
        ("۲۰ هزار ریال", 20000, "ریال"),
        ("۳ میلیون تومان", 3_000_000, "تومان"),
        ("۴۰۰ تومن", 400, "تومان"),
        ("۵ میلیارد دلار", 5_000_000_000, "دلار"),
        ("۱۲ یورو", 12, "یورو"),
        ("۷ هزار پوند", 7000, "پوند"),
        ("۵۰ درهم", 50, "درهم"),
        ("۲۰۰ روپیه", 200, "روپیه"),
        ("۱۰۰ هزار تومانی", 100_000, "تومان"),
        ("۶۸/۵ دلار", 68.5, "دلار"),
    ],
)
def test_a_currency_after_a_number_is_its_unit(extract, phrase, value, unit):
    assert numbers(extract, f"رقم {phrase} اعلام شد.") == [(phrase, value, unit)]


@pytest.mark.parametrize("name", ["کووید ۱۹", "کووید-۱۹", "گروه ۲۰", "جی ۷", "پژو ۴۰۵", "اس ۴۰۰"])
def test_a_number_in_a_name_is_no_quantity(extract, name):
    assert numbers(extract, f"خبر تازه درباره {name} منتشر شد.") == []


def test_the_first_number_of_a_range_of_amounts_takes_its_currency(extract):
    text = "قیمت از ۲ میلیون تا ۳ میلیون تومان است."
    assert numbers(extract, text) == [
        ("۲ میلیون", 2_000_000, "تومان"),
        ("۳ میلیون تومان", 3_000_000, "تومان"),
    ]


def test_a_group_of_some_size_is_counted(extract):
    assert numbers(extract, "یک گروه ۶ نفره به محل رفت.") == [("۶", 6, None)]
