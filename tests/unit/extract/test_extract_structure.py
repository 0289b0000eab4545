"""The structure stage: title, lead, paragraphs and subheadings from line breaks."""

import pytest

pytestmark = pytest.mark.unit

BODY = (
    "به گزارش ایسنا، مسابقات جهانی کشتی آزاد از امروز در بلگراد آغاز شد.\n"
    "سرمربی تیم ملی گفت: آمادگی بدنی ملی‌پوشان بسیار خوب است.\n"
    "برنامه تیم ملی در روز نخست\n"
    "نخستین کشتی‌گیر ایران ساعت ۱۰ صبح به روی تشک می‌رود."
)


def test_first_line_headline_becomes_an_inferred_title_and_leaves_the_text(extract):
    doc = extract("آغاز مسابقات جهانی کشتی در بلگراد\n" + BODY, until="structure")
    article = doc.article
    assert article.title == "آغاز مسابقات جهانی کشتی در بلگراد"
    assert article.title_inferred is True
    assert article.text == BODY
    assert doc.text == article.text


def test_a_given_title_repeated_as_first_line_is_removed(extract):
    title = "آغاز مسابقات جهانی کشتی در بلگراد"
    article = extract(title + "\n" + BODY, until="structure", title=title).article
    assert (article.title, article.title_inferred, article.text) == (title, False, BODY)


def test_a_body_that_only_repeats_its_title_keeps_it_as_its_text(extract):
    title = "زلزله ۵ ریشتری بندرعباس را لرزاند"
    article = extract(title, until="structure", title=title).article
    assert (article.title, article.text, article.lead) == (title, title, title)


def test_a_body_of_its_title_and_a_stray_mark_keeps_the_title_as_its_text(extract):
    title = "زلزله ۵ ریشتری بندرعباس را لرزاند"
    article = extract(f"{title}\n.", until="structure", title=title).article
    assert article.text == f"{title}\n."


def test_a_subheadings_bullet_is_dropped(extract):
    text = "بند نخست خبر است.\n* راهکارهای جبران کسری بودجه\nبند دوم خبر است."
    assert extract(text, until="structure").article.subheadings == ["راهکارهای جبران کسری بودجه"]


def test_a_given_title_is_normalized_as_the_body_is(extract):
    title = "واگذاري سهام 3 شركت دولتي به بخش خصوصي انجام مي شود"
    article = extract(BODY, until="structure", title=title).article
    assert article.title == "واگذاری سهام ۳ شرکت دولتی به بخش خصوصی انجام می‌شود"


def test_a_raw_title_repeated_by_the_normalized_first_line_is_removed(make_doc, run_until):
    title = "آغاز مسابقات جهاني كشتي در بلگراد"
    doc = make_doc("آغاز مسابقات جهانی کشتی در بلگراد\n" + BODY, title=title)
    article = run_until(doc, "structure").article
    assert (article.title, article.text) == ("آغاز مسابقات جهانی کشتی در بلگراد", BODY)


def test_a_given_title_is_kept_and_the_text_untouched(extract):
    article = extract(BODY, until="structure", title="کشتی جهانی").article
    assert (article.title, article.title_inferred, article.text) == ("کشتی جهانی", False, BODY)


def test_a_story_opening_with_a_sentence_has_no_title(extract):
    article = extract(BODY, until="structure").article
    assert article.title is None and article.text == BODY


def test_lead_is_the_first_paragraph(extract):
    lead = extract(BODY, until="structure").article.lead
    assert lead == "به گزارش ایسنا، مسابقات جهانی کشتی آزاد از امروز در بلگراد آغاز شد."


def test_short_unpunctuated_line_between_paragraphs_is_a_subheading(extract):
    article = extract(BODY, until="structure").article
    assert article.subheadings == ["برنامه تیم ملی در روز نخست"]
    assert len(article.paragraphs) == 3
    assert "برنامه تیم ملی در روز نخست" not in article.paragraph_texts()


def test_a_run_of_short_lines_is_a_table_not_subheadings(extract):
    results = ["استقلال ۲ – پرسپولیس ۱", "سپاهان ۰ – تراکتور ۰", "فولاد ۳ – ملوان ۱"]
    text = (
        "نتایج هفته نخست لیگ برتر فوتبال به این شرح است:\n"
        + "\n".join(results)
        + "\nهفته دوم از پنجشنبه آینده آغاز می‌شود."
    )
    article = extract(text, until="structure").article
    assert article.subheadings == []
    assert article.paragraph_texts()[1:4] == results


def test_blank_lines_and_surrounding_spaces_do_not_make_paragraphs(extract):
    article = extract("  خط اول خبر است.  \n\n\n  خط دوم خبر است.\n", until="structure").article
    assert article.paragraph_texts() == ["خط اول خبر است.", "خط دوم خبر است."]


def test_paragraphs_are_offsets_into_the_text_carried_once(extract):
    """Schema 2.0: ``text`` is the only copy; each paragraph is ``text[start:end]``, in
    order, and every line of the text is a paragraph or a subheading."""
    article = extract(BODY, until="structure").article
    assert all(isinstance(start, int) and isinstance(end, int)
               for start, end in article.paragraphs)
    assert article.paragraph_texts() == [article.text[s:e] for s, e in article.paragraphs]
    assert article.paragraph_texts()[0] == article.lead
    assert sorted(article.paragraphs) == article.paragraphs
    lines = [line.strip() for line in article.text.split("\n") if line.strip()]
    assert len(lines) == len(article.paragraphs) + len(article.subheadings)
