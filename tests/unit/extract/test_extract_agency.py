"""The agency stage: outlet from dateline, URL, source or site name; dateline offsets."""

import pytest

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("dateline", "code", "name"),
    [
        ("به گزارش ایسنا، ", "isna", "ایسنا"),
        ("به گزارش خبرگزاری فارس از قزوین، ", "fars", "فارس"),
        ("به گزارش خبرنگار اقتصادی خبرگزاری تسنیم، ", "tasnim", "تسنیم"),
        ("به گزارش گروه سیاسی ایرنا، ", "irna", "ایرنا"),
        ("به گزارش «مهر»، ", "mehr", "مهر"),
        ('به گزارش "ورزش سه"، ', "varzesh3", "ورزش سه"),
        ("به گزارش باشگاه خبرنگاران جوان، ", "yjc", "باشگاه خبرنگاران جوان"),
        ("به گزارش بی‌بی‌سی فارسی، ", "bbcpersian", "بی‌بی‌سی فارسی"),
        ("تهران- ایرنا- ", "irna", "ایرنا"),
        ("خبرگزاری فارس: ", "fars", "فارس"),
    ],
)
def test_dateline_names_the_agency_and_its_offsets(extract, dateline, code, name):
    doc = extract(dateline + "قیمت طلا در بازار امروز کاهش یافت.", until="agency")
    assert (doc.article.agency.code, doc.article.agency.name) == (code, name)
    assert doc.article.agency.found_in == "dateline"
    start, end = doc.dateline
    assert doc.text[start:end] == dateline


def test_dateline_after_an_inferred_title_is_offset_into_the_body(extract):
    doc = extract("کاهش قیمت طلا\nبه گزارش ایلنا، قیمت طلا کاهش یافت.", until="agency")
    assert doc.article.agency.code == "ilna"
    assert doc.text[slice(*doc.dateline)] == "به گزارش ایلنا، "


def test_attribution_is_the_source_after_be_naql_az(extract):
    doc = extract(
        "به گزارش ایسنا به نقل از روابط عمومی وزارت نیرو، مصرف برق رکورد زد.", until="agency"
    )
    assert doc.article.attribution == "روابط عمومی وزارت نیرو"
    assert doc.text[slice(*doc.dateline)] == "به گزارش ایسنا به نقل از روابط عمومی وزارت نیرو، "


def test_a_semicolon_closes_a_dateline_as_a_comma_does(extract):
    doc = extract(
        "به گزارش تابناک به نقل از ایلنا؛ دو بازیکن تیم ملی، با حضور سرمربی جدید به اردو بازگشتند.",
        until="agency",
    )
    assert (doc.article.agency.code, doc.article.attribution) == ("tabnak", "ایلنا")
    assert doc.text[slice(*doc.dateline)] == "به گزارش تابناک به نقل از ایلنا؛ "


def test_attribution_may_be_introduced_by_be_neveshte(extract):
    doc = extract("به گزارش ایسنا به نوشته روزنامه گاردین، مذاکرات ادامه دارد.", until="agency")
    assert doc.article.attribution == "روزنامه گاردین"


@pytest.mark.parametrize(
    "story",
    [
        # A clause of the story between the agency and the first comma.
        (
            "به گزارش ایسنا همزمان با سرد شدن هوا و روشن شدن بخاری‌ها در خانه‌ها، خطر "
            "گازگرفتگی بالا رفت."
        ),
        # «به گفته» is someone speaking in the story, not a source.
        "به گزارش ایسنا به گفته وزیر نیرو مصرف برق در روزهای گرم اخیر، رکورد زد.",
        # A source too long to be one.
        (
            "به گزارش ایسنا به نقل از یکی از کارشناسان ارشد شرکت کنترل کیفیت هوای تهران در "
            "نشست امروز، آلودگی ادامه دارد."
        ),
        # A sentence ends before the first comma.
        "به گزارش فارس. رویانیان، تمرین را اداره کرد.",
        # A person is named before the first comma: the subject of the story's sentence.
        "به گزارش ایرنا از قزوین سید مسعود رضایی، مدیرکل راهداری استان از بازگشایی جاده خبر داد.",
        "به گزارش مهر وزیر آموزش و پرورش امروز، از مدرسه‌ای در کرج بازدید کرد.",
        "به گزارش ایسنا دکتر نادری در نشست خبری، از واکسن تازه گفت.",
        "به گزارش مهر از اراک استاندار مرکزی در این مراسم، از طرح تازه گفت.",
    ],
)
def test_a_dateline_ends_at_the_agency_when_what_follows_is_the_story(extract, story):
    doc = extract(story, until="agency")
    name_end = story.index(" ", len("به گزارش "))
    assert doc.text[slice(*doc.dateline)].rstrip() == story[:name_end].rstrip(".")
    assert doc.article.attribution is None


def test_a_place_and_a_date_after_the_agency_stay_in_the_dateline(extract):
    dateline = "به گزارش ایرنا از کابل روز دوشنبه ۱۲ مهر، "
    doc = extract(dateline + "انفجاری در مرکز شهر رخ داد.", until="agency")
    assert doc.text[slice(*doc.dateline)] == dateline


def test_an_abbreviation_in_the_source_does_not_end_the_dateline(extract):
    doc = extract(
        "به گزارش ایرنا به نقل از سفارت ج.ا. ایران در کابل، جلسه برگزار شد.", until="agency"
    )
    assert doc.article.attribution == "سفارت ج.ا. ایران در کابل"


def test_a_source_that_is_no_agency_is_the_attribution_of_an_unnamed_dateline(extract):
    doc = extract("به گزارش به نقل از روابط عمومی بیمه دی، مطالبات تسویه شد.", until="agency")
    assert doc.article.agency is None
    assert doc.article.attribution == "روابط عمومی بیمه دی"


def test_quote_marks_around_the_whole_source_are_not_part_of_it(extract):
    doc = extract("به گزارش به نقل از «خبرگزاری فرانسه»، مذاکرات ادامه دارد.", until="agency")
    assert doc.article.attribution == "خبرگزاری فرانسه"


def test_a_quoted_agency_with_be_neveshte_keeps_its_source(extract):
    doc = extract("به گزارش «ایسنا» به نوشته روزنامه «گاردین»، مذاکرات ادامه دارد.", until="agency")
    assert doc.article.attribution == "روزنامه «گاردین»"


def test_unknown_reporter_dateline_still_has_offsets(extract):
    doc = extract("به گزارش خبرنگار ما، جلسه شورای شهر برگزار شد.", until="agency")
    assert doc.article.agency is None
    assert doc.text[slice(*doc.dateline)] == "به گزارش خبرنگار ما، "


def test_url_domain_names_the_agency_when_no_dateline(extract):
    doc = extract(
        "جلسه شورای شهر امروز برگزار شد.", until="agency", url="https://www.tabnak.ir/fa/news/123"
    )
    assert (doc.article.agency.code, doc.article.agency.found_in) == ("tabnak", "url")
    assert doc.dateline is None


def test_bbc_persian_is_told_by_its_path(extract):
    doc = extract("خبر.", until="agency", url="https://www.bbc.com/persian/iran-123")
    assert doc.article.agency.code == "bbcpersian"


@pytest.mark.parametrize("source", ["irna", "IRNA", "ایرنا", "irna.ir"])
def test_source_field_names_the_agency(extract, source):
    doc = extract("جلسه شورای شهر امروز برگزار شد.", until="agency", source=source)
    assert (doc.article.agency.code, doc.article.agency.found_in) == ("irna", "source")


def test_dateline_outranks_the_republishing_site(extract):
    doc = extract(
        "به گزارش مهر، قیمت طلا کاهش یافت.", until="agency", url="https://www.asriran.com/fa/news/1"
    )
    assert doc.article.agency.code == "mehr"


def test_agency_name_later_in_the_text_is_not_a_dateline(extract):
    doc = extract("قیمت طلا کاهش یافت.\nاین خبر را ابتدا ایسنا منتشر کرد.\nپایان.", until="agency")
    assert doc.dateline is None and doc.article.agency is None


def test_a_site_citing_an_agency_without_naming_itself_credits_the_agency(extract):
    doc = extract("به گزارش به نقل از ایسنا، قیمت طلا کاهش یافت.", until="agency")
    assert (doc.article.agency.code, doc.article.attribution) == ("isna", None)


@pytest.mark.parametrize(
    ("dateline", "code"),
    [
        ("به گزارش «ورزش سه» ", "varzesh3"),
        ("به گزارش ایسنا ", "isna"),
        ("به گزارش خبرنگار اجتماعی فارس ", "fars"),
        ("به گزارش گروه بین‌الملل خبرگزاری تسنیم ", "tasnim"),
        ("به گزارش حوزه احزاب خبرگزاری فارس ", "fars"),
    ],
)
def test_a_dateline_without_its_comma_ends_after_the_agency(extract, dateline, code):
    doc = extract(dateline + "مهدی رضایی مربی تیم ملی شد.", until="agency")
    assert doc.article.agency.code == code
    assert doc.text[slice(*doc.dateline)] == dateline


@pytest.mark.parametrize(
    "text",
    [
        "به گزارش استانداری فارس باران امروز شدت گرفت.",  # the province, not the agency
        "به گزارش هواشناسی در ۱۲ مهر باران شدت گرفت.",  # the month
    ],
)
def test_an_agency_name_after_another_reporter_is_no_dateline_without_a_comma(extract, text):
    doc = extract(text, until="agency")
    assert doc.dateline is None and doc.article.agency is None


def test_a_person_named_before_the_comma_leaves_a_desk_dateline_ending_at_the_agency(extract):
    doc = extract(
        "به گزارش حوزه دانشگاهی خبرگزاری فارس دکتر نادری، از افتتاح آزمایشگاه خبر داد.",
        until="agency",
    )
    assert doc.article.agency.code == "fars"
    assert doc.text[slice(*doc.dateline)] == "به گزارش حوزه دانشگاهی خبرگزاری فارس "


@pytest.mark.parametrize(
    ("opening", "attribution"),
    [
        ("به نقل از تسنیم، ", "تسنیم"),
        ("به نقل از سایت رسمی باشگاه سپاهان، ", "سایت رسمی باشگاه سپاهان"),
        ("به نوشته روزنامه گاردین، ", "روزنامه گاردین"),
    ],
)
def test_a_story_opening_with_its_source_alone_credits_it(extract, opening, attribution):
    doc = extract(opening + "تمرین تیم فردا در ورزشگاه برگزار می‌شود.", until="agency")
    assert doc.article.attribution == attribution
    assert doc.text[slice(*doc.dateline)] == opening


@pytest.mark.parametrize(
    "opening", ["به نوشته این پایگاه خبری، ", "به نقل از وی، ", "به نقل از یک منبع آگاه، "]
)
def test_a_source_pointing_back_or_unnamed_is_no_dateline(extract, opening):
    doc = extract(opening + "تمرین تیم فردا برگزار می‌شود.", until="agency")
    assert doc.dateline is None and doc.article.attribution is None


def test_a_cited_source_before_an_agencys_report_is_kept_as_the_attribution(extract):
    doc = extract("به نقل از تسنیم، به گزارش ایسنا، تمرین برگزار شد.", until="agency")
    assert (doc.article.agency.code, doc.article.attribution) == ("isna", "تسنیم")


def test_an_agencys_report_on_a_later_line_wins_over_a_cited_source(extract):
    text = "تمرین تیم ملی\nبه نقل از تسنیم، تمرین لغو شد.\nبه گزارش ایسنا، بازیکنان آمدند."
    doc = extract(text, until="agency")
    assert doc.article.agency.code == "isna"


@pytest.mark.parametrize(
    ("closing", "attribution"),
    [("منبع: ایلنا", "ایلنا"), ("منبع: سایت رسمی باشگاه سپاهان", "سایت رسمی باشگاه سپاهان")],
)
def test_a_closing_source_line_is_the_attribution(extract, closing, attribution):
    doc = extract(f"قیمت نان در تهران ثابت ماند.\n{closing}", until="agency")
    assert doc.article.attribution == attribution


def test_the_datelines_source_wins_over_a_closing_one(extract):
    doc = extract("به گزارش تابناک به نقل از ایسنا، قیمت نان ثابت ماند.\nمنبع: ایلنا", until="agency")
    assert doc.article.attribution == "ایسنا"


def test_a_republishers_dateline_before_the_original_one_is_cut_with_it(extract):
    doc = extract("به گزارش تسنیم، به گزارش «ورزش سه» نفت تهران برد.", until="agency")
    assert doc.text[slice(*doc.dateline)] == "به گزارش تسنیم، به گزارش «ورزش سه» "
    assert (doc.article.agency.code, doc.article.attribution) == ("tasnim", "ورزش سه")


def test_a_source_cited_after_an_agencys_report_is_cut_with_it_and_credited(extract):
    doc = extract("به گزارش ایسنا، به نقل از روابط عمومی شهرداری قم، پل تازه باز شد.",
                  until="agency")
    assert doc.text[slice(*doc.dateline)] == "به گزارش ایسنا، به نقل از روابط عمومی شهرداری قم، "
    assert (doc.article.agency.code, doc.article.attribution) == ("isna", "روابط عمومی شهرداری قم")


def test_an_unnamed_reporter_before_an_agency_dateline_leaves_the_agency(extract):
    doc = extract("به گزارش خبرنگار ما، به گزارش ایرنا، باران آمد.", until="agency")
    assert doc.text[slice(*doc.dateline)] == "به گزارش خبرنگار ما، به گزارش ایرنا، "
    assert (doc.article.agency.code, doc.article.attribution) == ("irna", None)


def test_a_quote_opening_after_a_bare_dateline_stays_in_the_story(extract):
    doc = extract("به گزارش ایسنا «بازار سهام» امروز رشد کرد.", until="agency")
    assert doc.text[slice(*doc.dateline)] == "به گزارش ایسنا "


def test_an_agency_stacked_on_its_own_dateline_is_not_its_own_attribution(extract):
    doc = extract("تهران- ایرنا- به گزارش خبرنگار اقتصادی ایرنا، بازار آرام بود.", until="agency")
    assert (doc.article.agency.code, doc.article.attribution) == ("irna", None)


def test_at_most_three_stacked_datelines_are_cut(extract):
    doc = extract("به گزارش ایسنا، " * 5 + "بازار آرام بود.", until="agency")
    assert doc.text[slice(*doc.dateline)] == "به گزارش ایسنا، " * 3


def test_a_comma_after_a_quoted_agency_and_a_clause_ends_the_clause_not_the_dateline(extract):
    doc = extract("به گزارش «ورزش سه» هاشمیان سرمربی تیم، گفت که تمرین لغو شد.", until="agency")
    assert doc.text[slice(*doc.dateline)] == "به گزارش «ورزش سه» "
    assert doc.article.agency.code == "varzesh3"


def test_a_quoted_agency_with_its_city_keeps_the_comma_dateline(extract):
    doc = extract("به گزارش «ایسنا» از تبریز، باران شدید آمد.", until="agency")
    assert doc.text[slice(*doc.dateline)] == "به گزارش «ایسنا» از تبریز، "


@pytest.mark.parametrize(
    "dateline",
    ["به گزارش ایرنا روز یکم مهر، ", "به گزارش ایرنا از نشست خبری سخنگوی دولت، "],
)
def test_an_ordinal_or_a_role_inside_a_desk_stays_in_the_dateline(extract, dateline):
    doc = extract(dateline + "قیمت نان ثابت ماند.", until="agency")
    assert doc.text[slice(*doc.dateline)] == dateline


def test_a_first_paragraph_that_is_only_the_dateline_is_no_lead(extract):
    text = "خبرگزاری فارس:\nقیمت نان در تهران ثابت ماند.\nنانوایان از کمبود آرد گفتند."
    assert extract(text, until="agency").article.lead == "قیمت نان در تهران ثابت ماند."


def test_a_stray_mark_after_a_dateline_alone_is_no_lead_either(extract):
    text = "خبرگزاری فارس:\n.\nقیمت نان در تهران ثابت ماند.\nنانوایان از کمبود آرد گفتند."
    assert extract(text, until="agency").article.lead == "قیمت نان در تهران ثابت ماند."
