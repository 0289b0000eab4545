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


def test_another_official_given_by_role_keeps_the_role_and_no_speaker(extract):
    # «… نیز گفت»: another party than the one who spoke before, named nowhere.
    found, _ = quotes(extract, STORY)
    assert (found[2].speaker, found[2].role) == (None, "مدیرکل راهداری استان")


def test_a_role_after_the_one_speaker_so_far_is_that_speaker(extract):
    text = (
        "محمد رضایی امروز در جمع خبرنگاران گفت: جاده چالوس بسته است.\n"
        "رئیس پلیس راه استان البرز افزود: رانندگان صبر کنند."
    )
    found, _ = quotes(extract, text)
    assert (found[1].speaker, found[1].role) == ("محمد رضایی", "رئیس پلیس راه استان البرز")


def test_a_role_the_story_gives_a_person_elsewhere_is_that_person(extract):
    text = (
        "علی رضایی گفت: سدها پر است.\nمریم احمدی، سخنگوی شرکت آب، گفت: مصرف بالاست.\n"
        "سخنگوی شرکت آب افزود: صرفه‌جویی کنید."
    )
    found, _ = quotes(extract, text)
    assert (found[2].speaker, found[2].role) == ("مریم احمدی", "سخنگوی شرکت آب")


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
    assert (found[0].speaker, found[0].role) == (None, "مدیرکل فرهنگ و ارشاد اسلامی استان اصفهان")


def test_two_quotes_in_one_paragraph_are_split(extract):
    text = "علی رضایی گفت: کار تمام شد. وی افزود: فردا جلسه داریم."
    found, _ = quotes(extract, text)
    assert [(q.text, q.speaker, q.verb) for q in found] == [
        ("کار تمام شد.", "علی رضایی", "گفت"),
        ("فردا جلسه داریم.", "علی رضایی", "افزود"),
    ]


def test_a_role_opening_the_sentence_speaks_though_another_person_is_named_later(extract):
    text = "سخنگوی وزارت خارجه با اشاره به سفر دونالد ترامپ به منطقه گفت: این سفر اثری ندارد."
    found, _ = quotes(extract, text)
    assert (found[0].speaker, found[0].role) == (None, "سخنگوی وزارت خارجه")


def test_a_person_named_in_the_opening_role_is_the_speaker(extract):
    found, _ = quotes(extract, "وزیر نیرو علی رضایی گفت: سدها پر است.")
    assert found[0].speaker == "علی رضایی"


def test_vey_is_the_previous_speaker_not_a_person_named_in_the_quote(extract):
    text = "علی رضایی گفت: پیام ما به محمود عباس روشن است.\nوی افزود: گفت‌وگو ادامه دارد."
    found, _ = quotes(extract, text)
    assert [quote.speaker for quote in found] == ["علی رضایی", "علی رضایی"]


def test_vey_is_the_previous_speaker_not_a_person_named_in_its_opening_clause(extract):
    text = (
        "علی رضایی با اشاره به سفر دونالد ترامپ گفت: این سفر اثری ندارد.\n"
        "وی افزود: گفت‌وگو ادامه دارد."
    )
    found, _ = quotes(extract, text)
    assert found[1].speaker == "علی رضایی"


def test_vey_after_a_role_with_nobody_named_keeps_the_role(extract):
    text = "سخنگوی دولت گفت: یارانه‌ها پرداخت می‌شود.\nوی افزود: مبلغ تغییری نمی‌کند."
    found, _ = quotes(extract, text)
    assert (found[1].speaker, found[1].role) == (None, "سخنگوی دولت")


def test_vey_after_a_person_introduced_since_the_last_quote_is_that_person(extract):
    text = (
        "علی رضایی گفت: جلسه تمام شد.\n"
        "سپس مریم احمدی نماینده تهران در جمع خبرنگاران حاضر شد. وی گفت: طرح تصویب می‌شود."
    )
    found, _ = quotes(extract, text)
    assert found[1].speaker == "مریم احمدی"


def test_an_organisation_opening_the_sentence_is_the_speaker(extract):
    text = "سازمان ملل متحد در بیانیه‌ای درباره سخنان دونالد ترامپ اعلام کرد: آتش‌بس باید ادامه یابد."
    found, _ = quotes(extract, text)
    assert found[0].speaker == "سازمان ملل متحد"


def test_the_speaker_is_looked_for_after_the_dateline(extract):
    found, _ = quotes(extract, "خبرگزاری فارس: مدیرکل راهداری استان گیلان گفت: جاده باز شد.")
    assert (found[0].speaker, found[0].role) == (None, "مدیرکل راهداری استان گیلان")


def test_a_paper_cited_in_an_earlier_clause_is_no_speaker(extract):
    text = "روزنامه کیهان نوشت، علی رضایی در این باره گفت: جلسه لغو شد."
    found, _ = quotes(extract, text)
    assert found[0].speaker == "علی رضایی"


def test_a_clause_opening_with_a_preposition_leaves_the_sentences_subject(extract):
    text = "سخنگوی دولت، با اشاره به سفر دونالد ترامپ به منطقه گفت: این سفر اثری ندارد."
    found, _ = quotes(extract, text)
    assert (found[0].speaker, found[0].role) == (None, "سخنگوی دولت")


def test_a_role_in_apposition_after_a_name_leaves_the_name(extract):
    found, _ = quotes(extract, "علی رضایی، سخنگوی دولت امروز گفت: یارانه‌ها پرداخت می‌شود.")
    assert found[0].speaker == "علی رضایی"


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("علی رضایی گفت: «این طرح اجرا می‌شود» و سپس جلسه را ترک کرد.", "این طرح اجرا می‌شود"),
        ("علی رضایی گفت: «او پرسید «چرا» و رفت.» سپس جلسه تمام شد.", "او پرسید «چرا» و رفت."),
    ],
)
def test_a_quote_in_guillemets_ends_at_its_closing_mark(extract, text, quote):
    found, doc = quotes(extract, text)
    assert found[0].text == quote
    assert doc.article.text[found[0].start : found[0].end] == quote


def test_a_quote_opening_with_a_quoted_word_runs_on(extract):
    found, _ = quotes(extract, "علی رضایی گفت: «برجام» مرده است و کسی آن را زنده نمی‌کند.")
    assert found[0].text == "«برجام» مرده است و کسی آن را زنده نمی‌کند."


@pytest.mark.parametrize(
    "text",
    [
        "علی رضایی با انتقاد از دولت، محمد احمدی را مسئول دانست و گفت: باید پاسخ بدهد.",
        "علی رضایی به کمبود نیرو در سپاه، نیروی انتظامی و شهرداری اشاره کرد و گفت: باید جذب کنیم.",
    ],
)
def test_a_name_after_a_comma_that_no_reporting_verb_precedes_is_no_subject(extract, text):
    found, _ = quotes(extract, text)
    assert found[0].speaker == "علی رضایی"


def test_a_person_named_in_a_lead_in_clause_is_spoken_of(extract):
    text = (
        "علی رضایی گفت: جلسه تمام شد.\n"
        "خطیب جمعه با اشاره به اینکه دونالد ترامپ تحریم‌ها را افزایش داده، گفت: این کار بی‌اثر است."
    )
    found, _ = quotes(extract, text)
    assert (found[1].speaker, found[1].role) == ("علی رضایی", "خطیب جمعه")


def test_the_clause_holding_the_verb_names_the_speaker(extract):
    text = "امیر قلعه‌نویی در نشست خبری شرکت نکرد و مجید صالح مقابل خبرنگاران گفت: بازی سختی داریم."
    found, _ = quotes(extract, text)
    assert found[0].speaker == "مجید صالح"


def test_vey_is_the_subject_of_the_last_sentence_naming_someone(extract):
    text = (
        "محمود گودرزی گفت: قصوری نداشتیم.\n"
        "حرف‌های گودرزی روشن است که او از جلال حسینی صحبت کرده است. وی افزود: داوری هم مؤثر بود."
    )
    found, _ = quotes(extract, text)
    assert found[1].speaker == "محمود گودرزی"
