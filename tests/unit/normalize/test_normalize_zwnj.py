"""ZWNJ restoration: suffixes, prefixes, compounds, the spaced variant, and words never split."""

import pytest

from pipeline.normalize import normalize, normalize_text
from pipeline.normalize.zwnj import join_detached_affixes

pytestmark = pytest.mark.unit

Z = "\u200c"


@pytest.mark.parametrize(
    ("joined", "restored"),
    [
        ("کتابها", f"کتاب{Z}ها"),
        ("همکاریهای", f"همکاری{Z}های"),
        ("نشانههایی", f"نشانه{Z}هایی"),
        ("جمعهها", f"جمعه{Z}ها"),
        ("دیدگاههایشان", f"دیدگاه{Z}هایشان"),
        ("پرسپولیسیها", f"پرسپولیسی{Z}ها"),
    ],
)
def test_plural_suffix_gets_a_zwnj(joined, restored):
    assert normalize_text(f"{joined} را دیدیم") == f"{restored} را دیدیم"


def test_plural_after_a_non_joining_letter_is_written_on():
    assert normalize_text("کشورها و روزها") == "کشورها و روزها"


@pytest.mark.parametrize(
    ("joined", "restored"),
    [
        ("شدهاند", f"شده{Z}اند"),
        ("نکردهایم", f"نکرده{Z}ایم"),
        ("بستهاند", f"بسته{Z}اند"),  # a participle, though «بسته» is also a preposition
        ("انسانیاند", f"انسانی{Z}اند"),
        ("رفتهایم", f"رفته{Z}ایم"),
        ("خانهاش", f"خانه{Z}اش"),
        ("ویژهای", f"ویژه{Z}ای"),
        ("منطقهای", f"منطقه{Z}ای"),
        ("خانهشان", f"خانه{Z}شان"),
        ("راهبردیاش", f"راهبردی{Z}اش"),
    ],
)
def test_clitic_after_final_heh_or_yeh_gets_a_zwnj(joined, restored):
    assert normalize_text(joined) == restored


@pytest.mark.parametrize(
    ("joined", "restored"),
    [("بزرگتری", f"بزرگ{Z}تری"), ("قدیمیترین", f"قدیمی{Z}ترین"), ("درستتر", f"درست{Z}تر")],
)
def test_comparative_on_an_adjective_gets_a_zwnj(joined, restored):
    assert normalize_text(joined) == restored


@pytest.mark.parametrize(
    ("joined", "restored"),
    [
        ("میشود", f"می{Z}شود"),
        ("نمیدانیم", f"نمی{Z}دانیم"),
        ("میتوان", f"می{Z}توان"),
        ("برمیگردند", f"برمی{Z}گردند"),
        ("میچرند", f"می{Z}چرند"),  # «چریدن»: a regular verb not in verbs.dat
    ],
)
def test_mi_before_a_verb_gets_a_zwnj(joined, restored):
    assert normalize_text(joined) == restored


@pytest.mark.parametrize(
    ("joined", "restored"),
    [("بیگناه", f"بی{Z}گناه"), ("بیثباتی", f"بی{Z}ثباتی"), ("بهعنوان", f"به{Z}عنوان")],
)
def test_bi_and_be_before_a_word_get_a_zwnj(joined, restored):
    assert normalize_text(joined) == restored


@pytest.mark.parametrize(
    ("joined", "restored"),
    [
        ("گفتوگو", f"گفت{Z}وگو"),
        ("بینالمللی", f"بین{Z}المللی"),
        ("زمینهساز", f"زمینه{Z}ساز"),
        ("خدشهدار", f"خدشه{Z}دار"),
        ("تصمیمگیری", f"تصمیم{Z}گیری"),
        ("خزانهداری", f"خزانه{Z}داری"),
        ("کشتهشدگان", f"کشته{Z}شدگان"),
        ("دانشآموزان", f"دانش{Z}آموزان"),
        ("نرمافزارها", f"نرم{Z}افزارها"),
        ("گفتوگوی", f"گفت{Z}وگوی"),
    ],
)
def test_lexicalised_compounds_get_their_zwnj(joined, restored):
    assert normalize_text(joined) == restored


@pytest.mark.parametrize(
    "word",
    [
        "بیمار",
        "میز",
        "میوه",
        "همکاری",
        "نامه",
        "بینی",
        "شهادت",
        "انتهای",
        "تنها",
        "بیشتر",
        "میانه",
        "ماهان",
        "بهداشتی",
        "دختر",
        "اینکه",
        "آنها",
        "همزمان",
    ],
)
def test_whole_words_are_never_split(word):
    assert normalize_text(f"این {word} است") == f"این {word} است"


@pytest.mark.parametrize(
    ("spaced", "joined"),
    [
        ("می شود", f"می{Z}شود"),
        ("نمی توانیم", f"نمی{Z}توانیم"),
        ("کتاب ها", f"کتاب{Z}ها"),
        ("زبان های", f"زبان{Z}های"),
        ("زیبا تر", "زیباتر"),
        ("درست ترین", f"درست{Z}ترین"),
        ("پذیرفته ام", f"پذیرفته{Z}ام"),
    ],
)
def test_affix_written_apart_with_a_space_is_joined(spaced, joined):
    assert normalize_text(spaced) == joined


def test_joining_detached_affixes_alone_leaves_joined_words_as_written():
    assert join_detached_affixes("مهمترین کتاب ها می رسد") == f"مهمترین کتاب{Z}ها می{Z}رسد"


def test_possessive_after_a_final_yeh_gets_a_zwnj():
    assert normalize_text("زندگیشان تغییر کرد") == f"زندگی{Z}شان تغییر کرد"


@pytest.mark.parametrize("word", ["برایشان", "پایشان", "صدایمان"])
def test_possessive_after_a_particle_or_a_glide_yeh_is_written_on(word):
    assert normalize_text(word) == word


def test_split_that_could_fall_on_either_side_of_heh_is_left_alone():
    assert normalize_text("یکهزار نفر") == "یکهزار نفر"  # «یکه+زار» or «یک+هزار»


def test_mi_as_a_word_is_left_alone():
    assert normalize_text("ماه می سال جدید") == "ماه می سال جدید"


def test_copula_after_a_space_stays_apart():
    assert normalize_text("کار تمام شده است") == "کار تمام شده است"


def test_compound_written_with_a_space_stays_apart():
    assert normalize_text("رئیس جمهور گفت") == "رئیس جمهور گفت"


def test_final_ezafe_hamza_does_not_hide_the_word():
    assert normalize_text("واژهنامهٔ فارسی") == f"واژه{Z}نامهٔ فارسی"


def test_existing_zwnj_is_respected():
    assert normalize_text(f"نام{Z}های تازه") == f"نام{Z}های تازه"


def test_restored_zwnjs_are_counted():
    assert normalize("کتابها و میشود").counts["zwnj_restored"] == 2


@pytest.mark.parametrize(
    ("sentence", "restored"),
    [
        ("وزیر نامهای به رئیس مجلس نوشت", f"وزیر نامه{Z}ای به رئیس مجلس نوشت"),
        ("وزیر نامهای را امضا کرد", f"وزیر نامه{Z}ای را امضا کرد"),
        ("کارشناسان حرفهای که آمدند", f"کارشناسان حرفه{Z}ای که آمدند"),
        ("او بازیکن حرفهای", f"او بازیکن حرفه{Z}ای"),  # the end of the line
        ("او بازیکن حرفهای است.", f"او بازیکن حرفه{Z}ای است."),
        ("تیم حرفهای، جوان", f"تیم حرفه{Z}ای، جوان"),
    ],
)
def test_heh_clitic_wins_where_no_ezafe_can_follow(sentence, restored):
    # «Xهای» before a preposition, «را», «که», a verb or a mark cannot be a plural with
    # its ezafe («نام‌های»): it is «Xه» + «ای».
    assert normalize_text(sentence) == restored


def test_participle_with_ai_before_a_break_is_the_perfect_verb():
    # hazm's list counts no verb forms; «کرده» is a participle of «کردن».
    assert normalize_text("تو خطا کردهای، نه او") == f"تو خطا کرده{Z}ای، نه او"


@pytest.mark.parametrize(
    ("joined", "restored"),
    [("برخیها", f"برخی{Z}ها"), ("همینها", f"همین{Z}ها"), ("آنها", "آنها"), ("اینها", "اینها")],
)
def test_only_an_and_in_write_their_plural_on(joined, restored):
    assert normalize_text(f"{joined} گفتند") == f"{restored} گفتند"


@pytest.mark.parametrize(
    ("sentence", "restored"),
    [
        ("او یک نامهای کوتاه نوشت", f"او یک نامه{Z}ای کوتاه نوشت"),
        ("در هر گوشهای پرچم بود", f"در هر گوشه{Z}ای پرچم بود"),
        ("(یک نامهای کوتاه)", f"(یک نامه{Z}ای کوتاه)"),
        ("«هر گوشهای» را گشتند", f"«هر گوشه{Z}ای» را گشتند"),
        ("خبر کوتاه.\nیک نامهای دیگر رسید", f"خبر کوتاه.\nیک نامه{Z}ای دیگر رسید"),
    ],
)
def test_heh_clitic_wins_after_yek_or_har(sentence, restored):
    # A plural cannot follow «یک» or «هر», even before a noun.
    assert normalize_text(sentence) == restored


def test_heh_clitic_or_plural_stays_undecided_before_a_noun():
    assert normalize_text("نامهای وزیران منتشر شد") == "نامهای وزیران منتشر شد"


def test_heh_clitic_wins_before_a_noun_when_its_word_is_far_more_frequent():
    # «چهره» is counted a hundred times as often as «چهر»: «چهره‌ای» before a noun too,
    # although a stem in «ر» would take the plural written on.
    assert normalize_text("چهرهای تازه به تیم آمد") == f"چهره{Z}ای تازه به تیم آمد"


def test_heh_clitic_listed_as_a_word_wins_before_a_noun():
    # shekar lists «حرفه‌ای» as a word, at over a tenth of «حرف»'s count.
    assert normalize_text("بازیکنان حرفهای لیگ برتر") == f"بازیکنان حرفه{Z}ای لیگ برتر"


def test_plural_with_my_wins_over_we_are_after_a_noun():
    # «برگهایم»: «برگ‌هایم» (my leaves), not «برگه‌ایم» (we are a sheet): «ایم» follows
    # adjectives and participles, and «برگه» is neither.
    assert normalize_text("برگهایم را جمع کردم") == f"برگ{Z}هایم را جمع کردم"


def test_plural_with_ezafe_before_a_number_is_kept():
    assert normalize_text("سالهای ۱۳۹۰ تا ۱۴۰۰") == f"سال{Z}های ۱۳۹۰ تا ۱۴۰۰"


def test_written_plural_before_a_verb_is_left_as_written():
    assert normalize_text(f"نام{Z}های را دید") == f"نام{Z}های را دید"


def test_plural_of_a_word_in_heh_keeps_its_three_hehs():
    # «دهه» + «های»: three «ه» in a row are a word and its suffix, not a typing slip.
    assert normalize_text("در دهههای گذشته") == f"در دهه{Z}های گذشته"


@pytest.mark.parametrize(
    ("joined", "restored"),
    [
        ("دورهی جدید", f"دوره{Z}ی جدید"),
        ("توسعهی اقتصادی", f"توسعه{Z}ی اقتصادی"),
    ],
)
def test_yeh_after_a_silent_heh_gets_a_zwnj(joined, restored):
    assert normalize_text(joined) == restored


@pytest.mark.parametrize("word", ["توجهی", "فرماندهی"])
def test_yeh_after_a_listed_word_in_heh_is_written_on(word):
    assert normalize_text(f"{word} کرد") == f"{word} کرد"


@pytest.mark.parametrize("word", ["مشابهی", "فقهی", "مواجهی"])
def test_yeh_after_a_pronounced_heh_is_written_on(word):
    # hazm lists «مشابهات», «فقها», «مواجهات»: endings a silent «ه» never takes written on.
    assert normalize_text(f"حکم {word} صادر شد") == f"حکم {word} صادر شد"


def test_yeh_after_heh_is_written_on_in_a_word_shekar_counts_joined():
    # «زرهی» (armoured): shekar's corpus counts it, as it counts no silent «ه» + «ی».
    assert normalize_text("یگان زرهی ارتش") == "یگان زرهی ارتش"


@pytest.mark.parametrize("verb", ["بینیم", "بیابد", "نبیند"])
def test_a_verb_without_mi_is_not_read_as_bi_and_a_word(verb):
    assert normalize_text(f"تا راهی {verb} صبر کردند") == f"تا راهی {verb} صبر کردند"


def test_a_preverb_and_subjunctive_verb_is_not_read_as_a_word_and_a_clitic():
    # «دربیاید» is «در» + «بیاید», not «دربی» (a derby) + «اید».
    sentence = "باید پول قرارداد از جیب باشگاه دربیاید"
    assert normalize_text(sentence) == sentence


@pytest.mark.parametrize(
    ("joined", "restored"),
    [("تنهاست", "تنهاست"), ("روبهروست", f"روبه{Z}روست"), ("بیمعناست", f"بی{Z}معناست")],
)
def test_copula_written_on_after_a_vowel_keeps_its_word_whole(joined, restored):
    # «تنها» + «ست», not «تن» + «هاست»; the word with its «ست» also ends a compound.
    assert normalize_text(f"این راه {joined}") == f"این راه {restored}"


@pytest.mark.parametrize(
    "word",
    [
        "فیلتر",  # counted more than «فیل»: no comparative of it
        "درنهایت",  # «در» + «نهایت», not «درن» + «هایت»
        "الهلال",  # the Arabic article on «هلال», not «اله» + «لال»
        "مینه",  # «می» + a bare present stem is only «می‌توان»
    ],
)
def test_a_word_that_only_looks_inflected_is_left_whole(word):
    assert normalize_text(f"او از {word} گفت") == f"او از {word} گفت"


def test_mi_written_apart_joins_a_verb_that_opens_with_bi():
    assert normalize_text("ما هر روز می بینیم") == f"ما هر روز می{Z}بینیم"


@pytest.mark.parametrize(
    ("joined", "restored"),
    [
        ("بهراحتی", f"به{Z}راحتی"),  # «راحت» + «ی»
        ("بهگونهای", f"به{Z}گونه{Z}ای"),  # «گونه» + «ای»
    ],
)
def test_be_before_a_derived_or_suffixed_word_gets_a_zwnj(joined, restored):
    assert normalize_text(f"او {joined} رفتار کرد") == f"او {restored} رفتار کرد"


@pytest.mark.parametrize(
    ("joined", "restored"),
    [
        ("خشونتطلب", f"خشونت{Z}طلب"),
        ("مصرفگرایانه", f"مصرف{Z}گرایانه"),
        ("جنگزده", f"جنگ{Z}زده"),
        ("ثبتنشده", f"ثبت{Z}نشده"),
        ("ملیگرایی", f"ملی{Z}گرایی"),
    ],
)
def test_common_second_member_after_a_word_gets_a_zwnj(joined, restored):
    assert normalize_text(f"گروه {joined} دیده شد") == f"گروه {restored} دیده شد"


@pytest.mark.parametrize(
    ("joined", "restored"),
    [("حسینزاده", f"حسین{Z}زاده"), ("ابراهیمپور", f"ابراهیم{Z}پور"), ("قلینژاد", f"قلی{Z}نژاد")],
)
def test_surname_ending_after_a_word_gets_a_zwnj(joined, restored):
    assert normalize_text(f"آقای {joined} گفت") == f"آقای {restored} گفت"


def test_clitic_after_a_consonant_heh_is_written_on():
    # «ه» after «ا» is pronounced («راه»): «راهشان» as «کتابشان».
    assert normalize_text("راهشان را رفتند") == "راهشان را رفتند"


def test_yeh_after_heh_following_yeh_or_vav_gets_a_zwnj():
    assert normalize_text("سرمایهی شرکت و شیوهی کار") == f"سرمایه{Z}ی شرکت و شیوه{Z}ی کار"


@pytest.mark.parametrize(
    ("joined", "restored"),
    [("وبلاگنویسان", f"وبلاگ{Z}نویسان"), ("جداییطلبان", f"جدایی{Z}طلبان")],
)
def test_compound_from_shekars_list_gets_its_zwnj(joined, restored):
    assert normalize_text(f"گروهی از {joined} آمدند") == f"گروهی از {restored} آمدند"


def test_compound_shekars_corpus_counts_with_its_zwnj_gets_it():
    # «تجاری‌سازی» is in shekar's counted vocabulary, not in its compound list.
    assert normalize_text("طرح تجاریسازی فناوری") == f"طرح تجاری{Z}سازی فناوری"


def test_loanword_shekar_counts_only_with_its_zwnj_gets_it():
    # hazm does not list «آنتی»; no corpus counted «آنتیبیوتیک» joined.
    assert normalize_text("مصرف آنتیبیوتیکها بالا رفت") == f"مصرف آنتی{Z}بیوتیک{Z}ها بالا رفت"


def test_compound_spelling_has_no_zwnj_after_a_non_joining_letter():
    # shekar's vocab spells «گفت‌و‌گو»; the ZWNJ after «و» shows nothing.
    assert normalize_text("گفتوگوی دو وزیر") == f"گفت{Z}وگوی دو وزیر"


def test_be_or_bi_that_begins_a_longer_word_is_not_split_off():
    # «بیمه» + «شدگان», not «بی» + «مه‌شدگان».
    assert normalize_text("بیمهشدگان تامین اجتماعی") == f"بیمه{Z}شدگان تامین اجتماعی"


def test_the_lexicon_takes_shekars_lists_from_khabars_package_data():
    from pipeline.normalize.lexicon import lexicon

    lex = lexicon()
    assert len(lex.counts) == 83_042
    assert lex.spelled_with_zwnj["گفتوگو"] == f"گفت{Z}وگو"


@pytest.mark.parametrize(
    ("joined", "restored"),
    [
        ("میکردهاند", f"می{Z}کرده{Z}اند"),
        ("برنداشتهایم", f"برنداشته{Z}ایم"),
        ("برگشتهاند", f"برگشته{Z}اند"),
    ],
)
def test_clitic_after_a_participle_with_preverb_or_mi_gets_a_zwnj(joined, restored):
    assert normalize_text(f"آنها {joined}") == f"آنها {restored}"


def test_plural_of_a_word_only_shekar_lists_gets_a_zwnj():
    assert normalize_text("توییتهای او") == f"توییت{Z}های او"
