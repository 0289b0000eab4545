"""The quotes stage: quoted text after a reporting verb, and reported speech, with the
speaker resolved."""

import re
from dataclasses import asdict
from types import SimpleNamespace

import pytest

from pipeline.extract.quotes import find_quotes
from pipeline.models import Entity, Quote, Span

pytestmark = pytest.mark.unit

STORY = (
    "به گزارش ایرنا، سرهنگ محمد رضایی رئیس پلیس راه استان البرز اظهار داشت: "
    "جاده چالوس تا اطلاع ثانوی بسته است.\n"
    "وی با اشاره به بارش برف افزود: رانندگان از سفرهای غیرضروری خودداری کنند.\n"
    "مدیرکل راهداری استان نیز گفت: «ده دستگاه برف‌روب در محور مستقر شده است.»"
)


def worded(text: str, found: list[Quote]) -> list[SimpleNamespace]:
    """The quotes with their words (``text[start:end]``, which a Quote does not copy),
    for the specifications below to read."""
    return [SimpleNamespace(**asdict(quote), text=text[quote.start : quote.end]) for quote in found]


def quotes(extract, text):
    doc = extract(text, until="quotes")
    return worded(doc.article.text, doc.article.quotes), doc


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


def test_guillemets_are_left_out_of_the_quote(extract):
    found, _ = quotes(extract, STORY)
    assert found[2].text == "ده دستگاه برف‌روب در محور مستقر شده است."


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
    found, _ = quotes(extract, text)
    assert found[0].text == quote


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
    direct = [quote for quote in found if not quote.reported]
    assert (direct[1].speaker, direct[1].role) == ("علی رضایی", "خطیب جمعه")


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


# The tests below give the stage its entities by hand, so that what they specify holds
# whatever the tagger finds: each name is a person («PER») unless given as (type, name).


def given(text: str, *names: str | tuple[str, str]) -> list[SimpleNamespace]:
    entities = []
    for name in names:
        kind, canonical = name if isinstance(name, tuple) else ("PER", name)
        mentions = [Span(m.start(), m.end()) for m in re.finditer(re.escape(canonical), text)]
        entities.append(Entity(type=kind, canonical=canonical, mentions=mentions))
    return worded(text, find_quotes(text, entities))


def who(quote: SimpleNamespace) -> tuple[str | None, str | None]:
    return quote.speaker, quote.role


# Wrong speakers: rather none than a guess.


def test_vey_after_a_role_goes_on_with_the_role_not_a_person_it_spoke_of():
    text = ("آنالیزور استقلال درباره پیشنهاد باشگاه به جواد نکونام گفت: پیشنهادی نرسیده است.\n"
            "وی افزود: مشکلی در تیم نداریم.")
    assert who(given(text, "جواد نکونام")[1]) == (None, "آنالیزور استقلال")


def test_a_person_after_a_preposition_is_spoken_of_not_speaking():
    found = given("پس از پیروزی امین قاسمی‌پور مقابل حریف، اظهار داشت: او شاهکار کرد.", "امین قاسمی‌پور")
    assert found[0].speaker is None


def test_a_person_in_a_relative_clause_is_not_the_speaker():
    text = "لمان که همراه با شاگردان یوآخیم لو نایب قهرمان شد، در گفت‌وگو با بیلد عنوان کرد: مربی نداریم."
    assert given(text, "یوآخیم لو")[0].speaker is None


def test_vey_after_a_sentence_that_names_no_subject_has_no_speaker():
    text = ("پس از پیروزی امین قاسمی‌پور مقابل حریف، اظهار داشت: او شاهکار کرد.\n"
            "وی افزود: حریف بعدی سخت است.")
    assert given(text, "امین قاسمی‌پور")[1].speaker is None


def test_a_person_after_the_source_opens_the_sentence():
    text = "به گزارش خبرگزاری فارس از کرمانشاه علی محمدی در این نشست اظهار داشت: کار تمام شد."
    assert given(text, "علی محمدی")[0].speaker == "علی محمدی"


def test_a_person_whose_name_opens_like_an_organisation_is_no_speaker():
    # «استاد دانشگاه تهران»: a tagger's «دانشگاه تهران» as a person is a campus.
    found = given("استاد دانشگاه تهران گفت: پژوهش‌ها ادامه دارد.", "دانشگاه تهران")
    assert who(found[0]) == (None, "استاد دانشگاه تهران")


def test_a_role_with_niz_anywhere_before_the_verb_is_another_party():
    text = ("محمد جباری گفت: کلاس‌ها آغاز شد.\n"
            "مسئول اتحادیه در شهرستان اسدآباد نیز گفت: برنامه‌ها ادامه دارد.")
    assert given(text, "محمد جباری")[1].speaker is None


def test_in_plus_a_role_points_back_like_a_pronoun():
    text = "پائولو اتوری گفت: بازی سختی بود.\nاین مربی برزیلی افزود: آماده‌ایم."
    assert who(given(text, "پائولو اتوری")[1]) == ("پائولو اتوری", "مربی برزیلی")


def test_a_linking_word_before_the_role_is_skipped():
    text = ("علی رضایی، وزیر نیرو گفت: سدها پر است.\nمحمد احمدی گفت: باران آمد.\n"
            "همچنین وزیر نیرو افزود: مصرف بالاست.")
    assert who(given(text, "علی رضایی", "محمد احمدی")[2]) == ("علی رضایی", "وزیر نیرو")


def test_a_role_an_earlier_quote_gave_one_speaker_is_theirs_after_others_spoke():
    text = ("حسن روحانی گفت: دولت کار می‌کند.\nرئیس جمهور افزود: تحریم اثر ندارد.\n"
            "محمد ظریف گفت: مذاکره ادامه دارد.\nرئیس جمهور تاکید کرد: مردم صبور باشند.")
    assert who(given(text, "حسن روحانی", "محمد ظریف")[3]) == ("حسن روحانی", "رئیس جمهور")


def test_a_role_of_another_head_than_the_one_speakers_named_role_is_someone_else():
    text = ("کیلی مک‌اننی، دبیر مطبوعاتی کاخ سفید گفت: وزیر در منصب خود می‌ماند.\n"
            "رئیس‌جمهور آمریکا افزود: نیروها در واشنگتن می‌مانند.")
    assert who(given(text, "کیلی مک‌اننی")[1]) == (None, "رئیس‌جمهور آمریکا")


def test_a_member_named_in_one_role_and_quoted_in_another_is_still_the_lone_speaker():
    text = "شهاب بی‌مقدار، نماینده مجلس گفت: رأی نیاوردیم.\nعضو کمیسیون شوراها افزود: باید منسجم شویم."
    assert who(given(text, "شهاب بی‌مقدار")[1]) == ("شهاب بی‌مقدار", "عضو کمیسیون شوراها")


def test_a_role_spelled_with_another_hamza_is_the_same_role():
    text = ("علی رضایی، رییس سازمان بنادر گفت: بندر باز است.\nمحمد احمدی گفت: کشتی‌ها رسیدند.\n"
            "رئیس سازمان بنادر افزود: تخلیه ادامه دارد.")
    assert given(text, "علی رضایی", "محمد احمدی")[2].speaker == "علی رضایی"


@pytest.mark.parametrize(
    "opening", ["در ادامه", "صبح امروز", "در این مراسم", "از سوی دیگر", "حجت الاسلام و المسلمین"]
)
def test_a_person_after_a_linking_phrase_a_time_or_titles_opens_the_sentence(opening):
    text = f"به گزارش فارس، {opening} علی رضایی در جمع خبرنگاران گفت: جلسه تمام شد."
    assert given(text, "علی رضایی")[0].speaker == "علی رضایی"


# Reported speech: the speaker's words in the writer's.


def test_a_ba_bayan_inke_clause_is_reported_with_the_sentences_speaker():
    found = given("علی رضایی با بیان اینکه سدها پر است، افزود: مصرف را کم کنید.", "علی رضایی")
    assert [(q.text, q.verb, q.reported, q.speaker) for q in found] == [
        ("سدها پر است", "با بیان اینکه", True, "علی رضایی"),
        ("مصرف را کم کنید.", "افزود", False, "علی رضایی"),
    ]


def test_a_lead_in_clause_without_a_reporting_verb_ends_at_its_comma():
    found = given("علی رضایی با بیان اینکه اقتصاد ورزش بزرگ است، آن را در ایران کوچک ارزیابی کرد.", "علی رضایی")
    assert [q.text for q in found] == ["اقتصاد ورزش بزرگ است"]


def test_a_lead_in_clause_ends_at_the_earliest_comma_no_verb_follows():
    found = given("علی رضایی با بیان اینکه نمایشگاه شلوغ بود، در خصوص فروش، گفت: خرید کم بود.", "علی رضایی")
    assert found[0].text == "نمایشگاه شلوغ بود"


def test_a_lead_in_clause_keeps_a_comma_its_own_verb_follows():
    text = "علی رضایی با بیان اینکه این کیت که جدیدترین روش است، ساخته شده است افزود: قیمت آن کم است."
    assert given(text, "علی رضایی")[0].text == "این کیت که جدیدترین روش است، ساخته شده است"


def test_a_clause_after_a_reporting_verb_and_ke_is_reported():
    found = given("علی رضایی تصریح کرد که جلسه فردا برگزار می‌شود.", "علی رضایی")
    assert [(q.text, q.verb, q.reported, q.speaker) for q in found] == [
        ("جلسه فردا برگزار می‌شود", "تصریح کرد", True, "علی رضایی")]


def test_a_hope_is_reported_without_ke():
    found = given("علی رضایی ابراز امیدواری کرد تیم در آسیا موفق شود.", "علی رضایی")
    assert (found[0].text, found[0].verb) == ("تیم در آسیا موفق شود", "ابراز امیدواری کرد")


def test_mi_guyad_is_reported_without_ke():
    found = given("علی رضایی می‌گوید تیم برای قهرمانی آماده است.", "علی رضایی")
    assert (found[0].text, found[0].verb, found[0].reported) == ("تیم برای قهرمانی آماده است", "می‌گوید", True)


def test_a_name_after_a_relation_is_not_the_speaker():
    found = given("پدر رومینا مخالفت می‌کند و می‌گوید دخترش را به او نمی‌دهد.", "رومینا")
    assert found[0].speaker is None


def test_some_who_say_it_are_no_one_named():
    found = given("علی رضایی در پاسخ به اینکه چرا برخی گفتند که بودجه کم است، توضیحی نداد.", "علی رضایی")
    assert [(q.verb, q.speaker) for q in found] == [("گفتند", None)]


def test_a_clause_reported_inside_a_reported_clause_is_part_of_it():
    text = "بلومبرگ مدعی شد که دربار سعودی به متحدانش گفته است که شاهزاده در تدارک کودتا بود."
    found = given(text, ("ORG", "بلومبرگ"))
    assert [(q.speaker, q.verb) for q in found] == [("بلومبرگ", "مدعی شد")]


def test_goft_ke_inside_someones_speech_is_part_of_it():
    found = given("علی رضایی گفت: با محمد تماس گرفتیم و او گفت که می‌آید.", "علی رضایی")
    assert [q.text for q in found] == ["با محمد تماس گرفتیم و او گفت که می‌آید."]


@pytest.mark.parametrize(
    "text",
    [
        "علی رضایی تعداد داوران را هشت نفر اعلام کرد که در لیگ قضاوت می‌کنند.",  # a relative «که»
        "می‌توان گفت که فصل خوبی بود.",  # nobody says it
        "در این گزارش با اشاره به اینکه بوش تصمیم گرفته است، آمده است که جنگ نزدیک است.",  # a paper's
        "به دنبال حملات، رهبر جریان صدر بر لزوم آرامش تأکید کرد.",  # narration before the comma
        "فروشنده دروغ می‌گوید تا جنس خود را بفروشد.",  # the verb has its object
    ],
)
def test_no_one_is_reported(text):
    assert given(text, "علی رضایی", "بوش") == []


@pytest.mark.parametrize("comma", ["،", ""])
def test_be_gofte_vey_is_reported(comma):
    text = f"علی رضایی گفت: جلسه تمام شد.\nبه گفته وی{comma} سفر فردا انجام می‌شود."
    found = given(text, "علی رضایی")
    assert (found[1].text, found[1].verb, found[1].reported, found[1].speaker) == (
        "سفر فردا انجام می‌شود", "به گفته", True, "علی رضایی")


def test_be_gofte_a_source_of_someone_elses_words_is_no_quote():
    text = "به گفته تلویزیون چین، رئیس جمهور هشدار داد و افزود که ویروس شیوع یافته است."
    assert [q.verb for q in given(text)] == ["افزود"]


def test_be_gofte_runs_to_the_guillemet_that_closes_in_a_later_sentence():
    text = "علی رضایی گفت: جلسه تمام شد.\nبه گفته وی «سفر لغو شد. دیدار بعدی فردا است.»"
    assert given(text, "علی رضایی")[1].text == "«سفر لغو شد. دیدار بعدی فردا است.»"


def test_the_sentence_before_a_closing_vey_afzud_is_reported():
    text = "علی رضایی گفت: جلسه تمام شد.\nسدها پر است و نگرانی نداریم، وی افزود."
    found = given(text, "علی رضایی")
    assert (found[1].text, found[1].reported, found[1].speaker) == (
        "سدها پر است و نگرانی نداریم", True, "علی رضایی")


def test_a_direct_quote_ends_where_a_reported_one_starts():
    text = "علی رضایی گفت: سدها پر است. وی با بیان اینکه مصرف بالاست، آن را نگران‌کننده دانست."
    assert [q.text for q in given(text, "علی رضایی")] == ["سدها پر است.", "مصرف بالاست"]


def test_speech_goes_on_over_a_line_in_the_first_person():
    text = "علی رضایی گفت: بازی خوبی بود.\nما برای قهرمانی آمده‌ایم و کوتاه نمی‌آییم."
    assert given(text, "علی رضایی")[0].text == "بازی خوبی بود.\nما برای قهرمانی آمده‌ایم و کوتاه نمی‌آییم."


def test_narration_on_the_next_line_ends_the_quote():
    text = "علی رضایی گفت: بازی خوبی بود.\nتیم فردا به تهران بازمی‌گردد."
    assert given(text, "علی رضایی")[0].text == "بازی خوبی بود."


def test_a_representative_is_not_the_one_they_represent():
    # «نماینده X»: X's subordinate speaks, not X; the role goes on with its one speaker.
    text = ("حسن کریمی نماینده آیت‌الله محمد نوری در گیلان گفت: مراسم فردا برگزار می‌شود.\n"
            "نماینده آیت‌الله محمد نوری افزود: همه مردم دعوت شده‌اند.")
    assert who(given(text, "حسن کریمی", "محمد نوری")[1]) == ("حسن کریمی", "نماینده آیت‌الله محمد نوری")


def test_a_spokesperson_named_by_whom_they_serve_is_nobody_when_unnamed():
    text = "سخنگوی علی رضایی گفت: وزیر به سفر نمی‌رود."
    assert who(given(text, "علی رضایی")[0]) == (None, "سخنگوی علی رضایی")


def test_a_first_name_the_tagger_left_out_after_a_title_still_opens_the_clause():
    text = "سید رضا احمدی پس از سخنان رضایی گفت: رضایی بازیکن بزرگی است."
    assert who(given(text, "احمدی", "رضایی")[0]) == ("احمدی", None)


def test_a_new_role_holder_listed_with_another_person_holds_the_role_without_new():
    text = ("علی رضایی سرپرست جدید کمیته فوتسال و مریم احمدی مربی تیم ملی در برنامه حاضر شدند.\n"
            "مریم احمدی گفت: تیم آماده است.\nعلی رضایی گفت: از مربیان حمایت می‌کنیم.\n"
            "سرپرست کمیته فوتسال افزود: اردو در کیش است.")
    assert who(given(text, "علی رضایی", "مریم احمدی")[2]) == ("علی رضایی", "سرپرست کمیته فوتسال")


ROUNDUP = ("علی رضایی گفت: مسابقات کشتی استان هفته آینده برگزار می‌شود.\n*لیگ فوتبال استان آغاز می‌شود\n"
           "دبیر هیئت فوتبال استان گفت: دوازده تیم در لیگ شرکت می‌کنند.")


def test_a_roundups_new_item_is_not_the_item_befores_speaker():
    assert who(given(ROUNDUP, "علی رضایی")[1]) == (None, "دبیر هیئت فوتبال استان")


def test_a_role_is_the_person_the_next_sentence_names_going_on_with_the_speech():
    text = ROUNDUP + "\nمحمد کریمی امروز در گفت‌وگو با خبرنگاران افزود: بازی‌ها از تیر آغاز می‌شود."
    assert who(given(text, "علی رضایی", "محمد کریمی")[1]) == ("محمد کریمی", "دبیر هیئت فوتبال استان")


def test_the_named_role_does_not_reach_the_same_role_in_the_roundups_next_item():
    text = ("*پیروزی تیم شهر\nسرمربی تیم گفت: بازیکنان خوب جنگیدند.\n"
            "محمد کریمی امروز افزود: هفته بعد بازی سختی داریم.\n"
            "*شکست تیم روستا\nسرمربی تیم گفت: داوری ضعیف بود.")
    assert [q.speaker for q in given(text, "محمد کریمی")] == ["محمد کریمی", "محمد کریمی", None]


def test_a_role_and_a_pronoun_before_the_name_are_all_the_named_persons():
    text = ("رئیس سازمان آب استان گفت: سدها نیمه پر است.\nوی افزود: مصرف آب بالا رفته است.\n"
            "علی رضایی با اشاره به کم‌بارشی گفت: مردم در مصرف صرفه‌جویی کنند.")
    assert [q.speaker for q in given(text, "علی رضایی")] == ["علی رضایی"] * 3


@pytest.mark.parametrize("text", [
    # named next in a role of their own
    "سرمربی سابق تیم گفت: بازیکنان خسته بودند.\nمریم احمدی، کاپیتان تیم، گفت: ما آماده‌ایم.",
    # another party
    "سخنگوی شورای شهر گفت: بودجه تصویب شد.\nمریم احمدی نیز گفت: بودجه کافی نیست.",
    # not the very next sentence
    "سخنگوی شورای شهر گفت: بودجه تصویب شد.\nجلسه بعدی هفته آینده است.\nمریم احمدی گفت: بودجه کافی نیست.",
])
def test_a_role_keeps_no_speaker_when_the_next_named_one_may_be_someone_else(text):
    assert given(text, "مریم احمدی")[0].speaker is None


def test_this_and_a_description_is_the_one_just_spoken_of():
    text = "علی رضایی گفت: نمایشگاه تا جمعه باز است.\nاین هنرمند نقاش افزود: بیست اثر به نمایش درآمده است."
    assert who(given(text, "علی رضایی")[1]) == ("علی رضایی", "هنرمند نقاش")


def test_this_paper_is_no_person_pointed_back_to():
    text = "علی رضایی گفت: نمایشگاه تا جمعه باز است.\nاین روزنامه افزود: بیست اثر به نمایش درآمده است."
    assert given(text, "علی رضایی")[1].speaker is None


@pytest.mark.parametrize("opening", ["به گزارش روابط عمومی اداره ارشاد، وی", "و\u200cی"])
def test_vey_after_a_source_or_written_with_a_zwnj_is_the_speaker_before(opening):
    text = f"علی رضایی گفت: نمایشگاه تا جمعه باز است.\n{opening} تصریح کرد: بیست اثر به نمایش درآمده است."
    assert given(text, "علی رضایی")[1].speaker == "علی رضایی"


def test_a_linking_phrase_before_the_subject_is_not_a_preposition_before_an_object():
    text = "با این حال مریم احمدی، هافبک تیم، می‌گوید این بازیکن بهترین دروازه‌بان لیگ است."
    assert given(text, "مریم احمدی")[0].speaker == "مریم احمدی"


def test_one_speaker_linked_apart_by_full_and_family_name_is_still_one():
    text = ("احمد کریمی گفت: جشنواره در تبریز برگزار می‌شود.\nکریمی افزود: ده گروه نمایشی می‌آیند.\n"
            "مدیر کل ارشاد استان تصریح کرد: سالن‌ها آماده است.")
    assert who(given(text, "احمد کریمی", "کریمی")[2]) == ("احمد کریمی", "مدیر کل ارشاد استان")


def test_the_subject_before_a_question_that_ends_right_before_the_verb():
    text = ("علی رضایی گفت: از تیم استعفا دادم.\n"
            "مربی سابق تیم در پاسخ به این سوال که آیا تیم شانس صعود دارد یا نه؟ گفت: صعود سخت است.")
    assert who(given(text, "علی رضایی")[1]) == ("علی رضایی", "مربی سابق تیم")


SAID_BEFORE = "علی رضایی گفت: تیم در نیمه دوم بهتر بود.\n"


def test_a_description_the_lexicon_knows_no_role_for_before_a_lead_in_is_a_role():
    text = SAID_BEFORE + "آنالیزور تیم در ادامه با اشاره به بازی قبل گفت: دفاع ما ضعیف بود."
    assert who(given(text, "علی رضایی")[1]) == ("علی رضایی", "آنالیزور تیم")


@pytest.mark.parametrize("line", [
    "کریمی در پاسخ به پرسشی درباره بازی قبل گفت: دفاع ما ضعیف بود.",  # a name the tagger missed
    "فعالان بازار با اشاره به قیمت‌ها گفتند: بازار آرام است.",  # several people
    "این روزنامه با اشاره به بازی قبل نوشت: دفاع تیم ضعیف بود.",  # a thing
])
def test_what_opens_a_lead_in_and_describes_no_one_speaking_gives_no_speaker(line):
    assert given(SAID_BEFORE + line, "علی رضایی")[1].speaker is None


def test_an_answer_with_no_subject_is_the_one_asked_who_was_speaking():
    text = ("علی رضایی گفت: برای دربی آماده‌ام.\nوقتی از این بازیکن سوال شد که حضور هواداران برای او "
            "استرس دارد یا خیر پاسخ داد: من از هواداران انرژی می‌گیرم.")
    assert given(text, "علی رضایی")[1].speaker == "علی رضایی"


def test_another_verb_with_no_subject_is_nobodys():
    text = "علی رضایی گفت: برای دربی آماده‌ام.\nدر این مراسم گفت: همه باید تلاش کنیم."
    assert given(text, "علی رضایی")[1].speaker is None


def test_a_role_before_any_quote_is_the_one_person_the_narration_opened_with():
    text = ("علی رضایی که در نیم فصل به جمع گل گهر پیوسته، گل‌های حساسی برای تیمش زده است.\n"
            "مهاجم گل گهر گفت: این بازی برای ما شش امتیازی بود.")
    assert who(given(text, "علی رضایی")[0]) == ("علی رضایی", "مهاجم گل گهر")


@pytest.mark.parametrize("narration", [
    "علی رضایی امروز با وزیر خارجه ژاپن دیدار کرد.",  # the role named apart
    "علی رضایی امروز با همتای ژاپنی خود دیدار کرد.",  # an office: the other party may hold it
])
def test_a_role_before_any_quote_keeps_no_speaker_when_it_may_be_the_other_party(narration):
    text = narration + "\nوزیر خارجه ژاپن گفت: روابط دو کشور خوب است."
    assert who(given(text, "علی رضایی")[0]) == (None, "وزیر خارجه ژاپن")


def test_a_role_after_a_linking_phrase_is_the_quotes_role():
    text = "علی رضایی گفت: طرح آغاز شد.\nدر این مراسم فرمانده سپاه استان نیز گفت: ده هزار نفر ثبت نام کردند."
    assert who(given(text, "علی رضایی")[1]) == (None, "فرمانده سپاه استان")


def test_the_writers_formula_before_a_comma_is_not_the_subject():
    text = "علی رضایی گفت: طرح آغاز شد.\nخاطرنشان می‌شود، وی افزود: ثبت نام ادامه دارد."
    assert given(text, "علی رضایی")[1].speaker == "علی رضایی"


@pytest.mark.parametrize(("narration", "name"), [
    ("سایتی انگلیسی به نقل از سرمربی سابق، مریم احمدی را نزدیک به فولام دانست.", "مریم احمدی"),  # an object
    ("رهبر مخالفان امروز به پایتخت بازگشت.", "رهبر مخالفان"),  # a role taken for a name
    ("یلدا بلندترین شب سال است.", "یلدا"),  # one word: a thing taken for a name
])
def test_the_narration_opens_with_no_person_a_role_could_be(narration, name):
    text = narration + "\nمسئول فنی تیم گفت: او بازیکن خوبی است."
    assert given(text, name)[0].speaker is None


def test_a_head_before_any_quote_may_be_the_other_party():
    text = "مریم احمدی وکیل کارگران از حکم دادگاه خبر داد.\nرئیس دادگاه انقلاب استان گفت: حکم قطعی است."
    assert given(text, "مریم احمدی")[0].speaker is None


def test_a_role_spoken_as_another_party_starts_a_new_wait_for_its_name():
    # «وی» goes on with the unnamed man before; the director, «نیز» another, is named next.
    text = ("پیرمردی که خودرویش در گمرک مانده است می‌گوید: همه چیزم را فروختم.\nوی افزود: کسی صدای ما را نمی‌شنود.\n"
            "مدیرعامل منطقه آزاد نیز در این باره گفت: خودروها مجوز ندارند.\nعلی رضایی افزود: مکاتبات ادامه دارد.")
    assert [q.speaker for q in given(text, "علی رضایی")] == [None, None, "علی رضایی", "علی رضایی"]


def test_one_speaker_linked_apart_by_a_space_in_the_first_name_is_still_one():
    text = ("محمدجواد کریمی گفت: درس آغاز شد.\nمحمد جواد کریمی افزود: طلاب حاضرند.\n"
            "رئیس مرکز فقهی تصریح کرد: کلاس‌ها ادامه دارد.")
    assert given(text, "محمدجواد کریمی", "محمد جواد کریمی")[2].speaker == "محمد جواد کریمی"


def test_a_role_after_a_name_in_guillemets_is_theirs():
    text = ("«علی رضایی» استاندار آذربایجان غربی در محل حاضر شد.\nمریم احمدی گفت: ما پیگیر هستیم.\n"
            "استاندار آذربایجان غربی گفت: این استان ظرفیت دارد.")
    assert given(text, "علی رضایی", "مریم احمدی")[1].speaker == "علی رضایی"


def test_a_question_quoted_before_the_verb_is_not_where_its_subject_is():
    text = "علی رضایی گفت: خبر را شنیدی؟\nگفتم: واکنش مریم احمدی چه بوده است؟ گفت: خبری نیامده است."
    assert given(text, "علی رضایی", "مریم احمدی")[1].speaker is None


def test_in_dar_hali_ast_ke_does_not_point_back_past_the_person_it_names():
    text = ("علی رضایی گفت: نیروها عقب‌نشینی می‌کنند.\n"
            "این درحالی است که مریم احمدی این خبر را تکذیب کرد و گفت: این اخبار صحت ندارد.")
    assert given(text, "علی رضایی", "مریم احمدی")[1].speaker != "علی رضایی"


def test_a_description_with_a_relative_clause_before_a_lead_in_is_a_role():
    text = SAID_BEFORE + ("وزنه‌بردار سابق تیم ملی که در المپیک ششم شد، با اشاره به محرومیت خود گفت: "
                          "از مسئولان انتظاری نداشتم.")
    assert who(given(text, "علی رضایی")[1]) == ("علی رضایی", "وزنه‌بردار سابق تیم ملی")
