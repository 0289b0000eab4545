"""A story of one endless paragraph, hostile or a badly scraped page, is read in
time proportional to its length: every mention is still found.

These stages once compared each new mention with every one before it; a 1.2 MB
paragraph of dates took minutes, far past the story time budget, which is only
checked between stages.
"""

import pytest

pytestmark = pytest.mark.unit

REPEATS = 5000


def test_every_date_of_one_long_paragraph_is_found(extract):
    text = "جلسه در ۱۲ فروردین ۱۴۰۲ و ۱۴۰۲/۰۱/۱۵ برگزار شد و " * REPEATS
    article = extract(text, until="dates").article
    assert len(article.dates) == 2 * REPEATS
    assert {(article.text_of(d), d.value) for d in article.dates} == {
        ("۱۲ فروردین ۱۴۰۲", "2023-04-01"),
        ("۱۴۰۲/۰۱/۱۵", "2023-04-04"),
    }


def test_numbers_beside_thousands_of_dates_skip_the_dates(extract):
    text = "در ۱۲ فروردین ۱۴۰۲ حدود ۳۰۰ نفر آمدند و " * REPEATS
    article = extract(text, until="numbers").article
    assert [article.text_of(n) for n in article.numbers] == ["۳۰۰"] * REPEATS


def test_every_quote_of_one_long_paragraph_keeps_its_speaker(extract):
    text = "علی رضایی گفت: کار تمام شد. وی افزود: فردا جلسه داریم. " * REPEATS
    article = extract(text, until="quotes").article
    assert len(article.quotes) == 2 * REPEATS
    assert {(article.text_of(q), q.speaker) for q in article.quotes} == {
        ("کار تمام شد.", "علی رضایی"),
        ("فردا جلسه داریم.", "علی رضایی"),
    }


def test_every_bare_family_name_of_one_long_paragraph_joins_the_person(extract):
    text = "دونالد ترامپ به اروپا سفر کرد و ترامپ در برلین سخنرانی کرد و " * REPEATS
    entities = extract(text, until="entities").article.entities
    person = next(e for e in entities if e.type == "PER" and e.canonical == "دونالد ترامپ")
    assert len(person.mentions) == 2 * REPEATS
