"""The quotes stage: quoted text after a reporting verb, with the speaker resolved."""

import pytest

pytestmark = pytest.mark.unit

STORY = (
    "به گزارش ایرنا، سرهنگ محمد رضایی رئیس پلیس راه استان البرز اظهار داشت: "
    "جاده چالوس تا اطلاع ثانوی بسته است.\n"
    "وی با اشاره به بارش برف افزود: رانندگان از سفرهای غیرضروری خودداری کنند.\n"
    "مدیرکل راهداری استان نیز گفت: «ده دستگاه برف‌روب در محور مستقر شده است.»"
)


def quotes(extract, text):
    doc = extract(text, until="quotes")
    return doc.article.quotes, doc


def test_quote_text_and_verb(extract):
    found, _ = quotes(extract, STORY)
    assert found[0].text == "جاده چالوس تا اطلاع ثانوی بسته است."
    assert found[0].verb == "اظهار داشت"


def test_named_speaker_without_rank(extract):
    found, _ = quotes(extract, STORY)
    assert found[0].speaker == "محمد رضایی"


def test_vey_resolves_to_the_last_named_person(extract):
    found, _ = quotes(extract, STORY)
    assert (found[1].speaker, found[1].verb) == ("محمد رضایی", "افزود")


def test_role_is_the_speaker_when_no_name_is_given(extract):
    found, _ = quotes(extract, STORY)
    assert found[2].speaker == "مدیرکل راهداری استان"


def test_guillemets_are_dropped_and_offsets_match(extract):
    found, doc = quotes(extract, STORY)
    assert found[2].text == "ده دستگاه برف‌روب در محور مستقر شده است."
    for quote in found:
        assert doc.article.text[quote.start : quote.end] == quote.text


def test_vey_with_nobody_named_before_has_no_speaker(extract):
    found, _ = quotes(extract, "وی گفت: کار تمام است.")
    assert found[0].speaker is None


def test_plural_verb(extract):
    found, _ = quotes(extract, "کشاورزان منطقه گفتند: محصول امسال کم است.")
    assert (found[0].verb, found[0].text) == ("گفتند", "محصول امسال کم است.")


def test_indirect_speech_is_not_a_quote(extract):
    found, _ = quotes(extract, "وزیر نیرو از افزایش ظرفیت سدها خبر داد.")
    assert found == []


def test_role_speaker_keeps_va_inside_the_role(extract):
    found, _ = quotes(extract, "مدیرکل فرهنگ و ارشاد اسلامی استان اصفهان گفت: نمایشگاه تمدید شد.")
    assert found[0].speaker == "مدیرکل فرهنگ و ارشاد اسلامی استان اصفهان"


def test_two_quotes_in_one_paragraph_are_split(extract):
    text = "علی رضایی گفت: کار تمام شد. وی افزود: فردا جلسه داریم."
    found, _ = quotes(extract, text)
    assert [(q.text, q.speaker, q.verb) for q in found] == [
        ("کار تمام شد.", "علی رضایی", "گفت"),
        ("فردا جلسه داریم.", "علی رضایی", "افزود"),
    ]
