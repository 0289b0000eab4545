"""The entities stage: PER, ORG, LOC, EVENT with offsets, titles and merged mentions."""

import orjson
import pytest

from pipeline.models import to_json

pytestmark = pytest.mark.unit


def entities(extract, text, **raw):
    doc = extract(text, until="entities", **raw)
    return {(e.type, e.canonical): e for e in doc.article.entities}, doc


def said(doc, entity):
    """An entity's mentions as the text has them."""
    return [doc.article.text_of(mention) for mention in entity.mentions]


def test_rank_is_a_title_not_part_of_the_name(extract):
    found, doc = entities(extract, "سرتیپ پاسدار کریمی فرمانده قرارگاه از مرزبانان بازدید کرد.")
    person = found[("PER", "کریمی")]
    assert person.title == "سرتیپ پاسدار"
    assert said(doc, person) == ["کریمی"]


def test_known_first_name_starts_a_person(extract):
    found, _ = entities(extract, "الکساندر پتروف در نشست خبری حاضر شد.")
    assert ("PER", "الکساندر پتروف") in found


def test_role_before_a_name_becomes_the_title(extract):
    found, _ = entities(extract, "سخنگوی دولت علی رضایی از افزایش حقوق کارمندان خبر داد.")
    assert found[("PER", "علی رضایی")].title == "سخنگوی دولت"


def test_later_family_name_mentions_merge_with_the_full_name(extract):
    text = "دونالد ترامپ به اروپا سفر کرد.\nترامپ در برلین سخنرانی کرد."
    found, doc = entities(extract, text)
    person = found[("PER", "دونالد ترامپ")]
    assert said(doc, person) == ["دونالد ترامپ", "ترامپ"]
    assert ("PER", "ترامپ") not in found


def test_mentions_are_published_as_offset_pairs_into_the_text(extract):
    _, doc = entities(extract, "آیت‌الله مرتضوی در قم با دانشجویان دانشگاه تهران دیدار کرد.")
    record = orjson.loads(to_json(doc.article))
    city = next(entity for entity in record["entities"] if entity["canonical"] == "قم")
    assert city["mentions"] == [[19, 21]]


def test_organisation_from_a_head_word(extract):
    found, _ = entities(extract, "وزارت جهاد کشاورزی قیمت خرید گندم را اعلام کرد.")
    assert ("ORG", "وزارت جهاد کشاورزی") in found


def test_listed_organisation_is_found_whole(extract):
    found, _ = entities(extract, "نمایندگان مجلس شورای اسلامی طرح را تصویب کردند.")
    assert ("ORG", "مجلس شورای اسلامی") in found


def test_a_head_word_after_a_determiner_is_not_a_name(extract):
    found, _ = entities(extract, "این سازمان قدرتمند به کار خود ادامه می‌دهد.")
    assert not [key for key in found if key[0] == "ORG"]


def test_places_from_cldr_and_iranian_lists(extract):
    found, _ = entities(extract, "پرواز تهران به تاشکند و مشهد به استانبول از فردا برقرار است.")
    assert {"تهران", "تاشکند", "مشهد", "استانبول"} <= {c for t, c in found if t == "LOC"}


def test_formal_country_name_has_the_short_canonical(extract):
    found, doc = entities(extract, "هیئتی از جمهوری اسلامی ایران به ایالات متحده آمریکا رفت.")
    locs = {c: e for (t, c), e in found.items() if t == "LOC"}
    assert set(locs) == {"ایران", "آمریکا"}
    assert said(doc, locs["ایران"]) == ["جمهوری اسلامی ایران"]


def test_place_after_shahrestan_is_a_place_even_if_unlisted(extract):
    found, _ = entities(extract, "کشاورزان شهرستان گلبهار خسارت دیدند.")
    assert ("LOC", "گلبهار") in found


def test_event_from_a_head_word_with_a_nested_place(extract):
    found, _ = entities(extract, "وزیران در حاشیه اجلاس سران شانگهای دیدار کردند.")
    assert ("EVENT", "اجلاس سران شانگهای") in found
    assert ("LOC", "شانگهای") in found


def test_listed_event(extract):
    found, _ = entities(extract, "تیم ملی برای جام جهانی آماده می‌شود.")
    assert ("EVENT", "جام جهانی") in found


def test_generic_press_conference_is_not_an_event(extract):
    found, _ = entities(extract, "وی در کنفرانس خبری گفت که تصمیمی گرفته نشده است.")
    assert not [key for key in found if key[0] == "EVENT"]


def test_dateline_agency_is_an_organisation_even_when_it_is_a_place_name(extract):
    found, _ = entities(
        extract, "به گزارش خبرگزاری فارس از شیراز، باران آمد.\nفارس پربارش‌ترین استان شد."
    )
    assert ("ORG", "فارس") in found
    assert ("LOC", "فارس") in found and ("LOC", "شیراز") in found


def test_name_particles_stay_inside_the_name(extract):
    found, _ = entities(extract, "فیصل بن فرحان وزیر خارجه عربستان به تهران آمد.")
    assert ("PER", "فیصل بن فرحان") in found


def test_a_nisba_family_name_is_part_of_the_name(extract):
    found, _ = entities(extract, "آیت‌الله مکارم شیرازی در قم سخنرانی کرد.")
    assert found[("PER", "مکارم شیرازی")].title == "آیت‌الله"


def test_a_place_right_after_an_organisation_belongs_to_it(extract):
    found, _ = entities(extract, "پلیس راهور تهران از رانندگان خواست احتیاط کنند.")
    assert ("ORG", "پلیس راهور تهران") in found
    assert ("LOC", "تهران") in found  # also reported as a nested place


@pytest.mark.parametrize(
    ("text", "organisation", "place"),
    [
        ("گزارش خبرگزاری فارس درباره بازار خودرو منتشر شد.", "فارس", "فارس"),
        ("فرمانده نیروی قدس در جلسه حاضر شد.", "نیروی قدس", "قدس"),
        ("کمک‌های آستان قدس رضوی به سیل‌زدگان رسید.", "آستان قدس رضوی", "قدس"),
        ("خبرگزاری فرانسه از مذاکرات تازه در ژنو خبر داد.", "خبرگزاری فرانسه", "فرانسه"),
    ],
)
def test_a_place_word_naming_an_agency_or_force_is_no_place(extract, text, organisation, place):
    found, _ = entities(extract, text)
    assert ("ORG", organisation) in found
    assert ("LOC", place) not in found


def test_head_word_name_stops_before_a_compound_verb(extract):
    found, _ = entities(
        extract, "مصدومان به بیمارستان منتقل شدند و کارگران مقابل فرمانداری تجمع کردند."
    )
    assert not [key for key in found if key[0] == "ORG"]


def test_the_dateline_agency_is_the_name_the_agency_stage_found(extract):
    # «فارس» before the dash is the province the IRNA story comes from.
    found, doc = entities(extract, "فارس- ایرنا- بارش باران در شیراز ادامه دارد.")
    assert said(doc, found[("ORG", "ایرنا")]) == ["ایرنا"]
    assert all("فارس" not in said(doc, e) for e in found.values() if e.type == "ORG")


def test_agency_names_that_are_common_words_count_only_in_datelines(extract):
    found, _ = entities(extract, "انتخاب رئیس جدید در مهر ماه انجام می‌شود.")
    assert not [key for key in found if key[0] == "ORG"]


def test_unknown_name_opening_a_sentence_before_a_role_is_a_person(extract):
    found, _ = entities(extract, "اوسمار ویرا سرمربی پرسپولیس گفت: بازیکنانم خوب بودند.")
    assert ("PER", "اوسمار ویرا") in found


def test_plural_words_before_a_role_are_not_a_person(extract):
    found, _ = entities(extract, "کشورهای اروپایی عضو ناتو بیانیه دادند.")
    assert not [key for key in found if key[0] == "PER"]


def test_a_year_closes_an_event_name(extract):
    found, _ = entities(extract, "انتخابات ۱۴۰۰ تحلیل تازه‌ای می‌طلبد.")
    assert ("EVENT", "انتخابات ۱۴۰۰") in found


def test_a_country_adjective_after_a_title_is_not_a_name(extract):
    found, _ = entities(extract, "شاهزاده سعودی به پاریس رفت.")
    assert not [key for key in found if key[0] == "PER"]


def test_a_known_club_closes_a_head_word_name(extract):
    found, _ = entities(extract, "باشگاه پرسپولیس منتظر پاسخ مربی است.")
    assert ("ORG", "باشگاه پرسپولیس") in found


def test_the_word_before_a_verb_is_not_part_of_an_organisation(extract):
    found, _ = entities(extract, "حزب توده رد کرد که در انتخابات شرکت کند.")
    assert ("ORG", "حزب توده") in found


def test_euro_the_currency_is_no_event(extract):
    found, _ = entities(extract, "قیمت یورو در بازار آزاد به ۶۰ هزار تومان رسید.")
    assert not [key for key in found if key[0] == "EVENT"]


def test_euro_with_its_year_is_the_championship(extract):
    found, _ = entities(extract, "تیم ملی آلمان در یورو ۲۰۲۴ میزبان است.")
    assert ("EVENT", "یورو ۲۰۲۴") in found


def test_a_place_in_a_listed_organisations_name_is_also_a_place(extract):
    found, _ = entities(extract, "کنگره آمریکا طرح تحریم را تصویب کرد.")
    assert ("ORG", "کنگره آمریکا") in found and ("LOC", "آمریکا") in found


@pytest.mark.parametrize(
    "text",
    [
        "بهای یورو به ۱۲۹۰۰ تومان رسید.",  # a price
        "استاندارد یورو ۴ برای خودروها اجباری شد.",  # an emission standard
        "نرخ یورو بانک مرکزی اعلام شد.",  # a listed name after it
    ],
)
def test_euro_without_a_year_is_no_event(extract, text):
    found, _ = entities(extract, text)
    assert not [key for key in found if key[0] == "EVENT"]


def test_a_frequent_word_after_a_first_name_does_not_make_every_use_a_person(extract):
    text = "این از جمله‌های مسلم امام بود.\nامام بارها بر وحدت تاکید کرد و امام را همه می‌شناسند."
    found, _ = entities(extract, text)
    people = [e for e in found.values() if e.type == "PER"]
    assert sum(len(person.mentions) for person in people) <= 1


def test_a_nisba_family_name_alone_still_names_its_person(extract):
    found, doc = entities(extract, "محمد حسینی به تهران رفت.\nحسینی در این سفر با وزیر دیدار کرد.")
    assert said(doc, found[("PER", "محمد حسینی")]) == ["محمد حسینی", "حسینی"]


@pytest.mark.parametrize(
    "text", ["قرارداد سه ماهه امضا شد.", "دو فقره چک برگشت خورد.", "دیلی تلگراف خبر داد."]
)
def test_foreign_place_names_that_are_everyday_words_are_no_places(extract, text):
    found, _ = entities(extract, text)
    assert not [key for key in found if key[0] == "LOC"]


def test_the_czech_republic_by_its_full_name_is_a_place(extract):
    found, _ = entities(extract, "تیم ملی جمهوری چک در این بازی پیروز شد و به مرحله بعد رفت.")
    assert ("LOC", "چک") in found


def test_an_agency_cited_in_the_story_is_an_organisation_not_its_province(extract):
    text = (
        "به گزارش ایرنا، باران در جنوب کشور ادامه دارد.\n"
        "به گزارش فارس، استان فارس پربارش‌ترین استان کشور بود.\n"
        "خبرنگار مهر در شیراز گفت که باران تا فردا ادامه دارد."
    )
    found, doc = entities(extract, text)
    assert said(doc, found[("ORG", "فارس")]) == ["فارس"]
    assert said(doc, found[("LOC", "فارس")]) == ["فارس"]
    assert ("ORG", "مهر") in found
    assert found[("ORG", "فارس")].mentions[0].start < found[("LOC", "فارس")].mentions[0].start


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("محمد تقی زاده در جلسه شورا حاضر شد.", "محمد تقی زاده"),
        ("علی حسین پور در جلسه شورا حاضر شد.", "علی حسین پور"),
    ],
)
def test_a_family_names_ending_written_apart_stays_in_the_name(extract, text, person):
    found, _ = entities(extract, text)
    assert ("PER", person) in found


def test_maqabele_ba_stays_inside_an_organisations_name(extract):
    found, _ = entities(extract, "ستاد ملی مقابله با کرونا اعلام کرد که مدارس تعطیل است.")
    assert ("ORG", "ستاد ملی مقابله با کرونا") in found


def test_a_place_of_two_words_written_as_one_is_found(extract):
    found, _ = entities(extract, "تیم ملی کره‌جنوبی برای بازی به استان آذربایجان‌غربی سفر کرد.")
    assert ("LOC", "کره جنوبی") in found and ("LOC", "آذربایجان غربی") in found


def test_a_family_name_with_its_ending_apart_links_its_later_mentions(extract):
    text = "حامد روحانی زاده به تهران رفت.\nروحانی زاده در این سفر با وزیر دیدار کرد."
    found, doc = entities(extract, text)
    person = found[("PER", "حامد روحانی زاده")]
    assert said(doc, person) == ["حامد روحانی زاده", "روحانی زاده"]


def test_an_organisations_name_does_not_end_in_ba(extract):
    found, _ = entities(extract, "ستاد مبارزه با این ویروس جلسه فوری تشکیل داد.")
    assert not [key for key in found if key[1].endswith(" با")]


def test_the_second_person_verb_form_is_no_boundary_of_a_name(extract):
    found, doc = entities(extract, "وزارت خزانه داری آمریکا تحریم‌های تازه را اعلام کرد.")
    [organisation] = [entity for entity in found.values() if entity.type == "ORG"]
    span = organisation.mentions[0]
    assert doc.article.text[span.start : span.end] == "وزارت خزانه داری آمریکا"


def test_euro_before_a_price_in_toman_is_no_event(extract):
    found, _ = entities(extract, "قیمت یورو ۱۳۲۰ تومان شد و بازار ارز آرام ماند.")
    assert not [key for key in found if key[0] == "EVENT"]


def test_the_two_words_opening_an_interview_sentence_are_a_name(extract):
    # Both are everyday words; agency copy opens with whom the reporter spoke to.
    found, _ = entities(extract, "نیکنام جدیدی امروز در گفت‌وگو با خبرنگار ما در زنجان گفت: کدها حذف می‌شود.")
    assert ("PER", "نیکنام جدیدی") in found


def test_a_role_opening_an_interview_sentence_is_no_name(extract):
    found, _ = entities(extract, "مدیرکل راهداری امروز در گفت‌وگو با خبرنگار ما گفت: جاده باز است.")
    assert not [key for key in found if key[0] == "PER"]


def test_a_certain_league_name_the_tagger_reads_longer_is_the_longer_name(extract):
    # The rules are certain of «لیگ برتر»; the name here is «لیگ برتر فوتبال ایران».
    text = "باشگاه پرسپولیس در لیگ برتر فوتبال ایران صدرنشین است."
    found, _ = entities(extract, text)
    events = [canonical for kind, canonical in found if kind == "EVENT"]
    assert events == ["لیگ برتر فوتبال ایران"]
