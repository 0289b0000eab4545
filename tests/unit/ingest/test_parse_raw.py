"""How raw crawler bytes become a story, or a refusal with a reason."""

import pytest

from pipeline.errors import Reason, Rejected
from pipeline.ingest import parse_raw

pytestmark = pytest.mark.unit

STORY = "به گزارش ایرنا، بارش برف راه‌های شمالی کشور را بست."


def rejection_reason(data: bytes, **kwargs) -> Reason:
    with pytest.raises(Rejected) as caught:
        parse_raw(data, **kwargs)
    return caught.value.reason


def test_bare_text_is_a_text_story():
    story = parse_raw(STORY.encode())
    assert (story.form, story.body) == ("text", STORY)


def test_json_object_keeps_producer_fields():
    data = (
        '{"id": "a-1", "url": "https://www.irna.ir/news/1", "source": "irna",'
        f' "title": "برف در راه‌های شمال", "body": "{STORY}", "published_at": "1402/08/15"}}'
    ).encode()
    story = parse_raw(data)
    assert story.form == "json"
    assert (story.id, story.source, story.title) == ("a-1", "irna", "برف در راه‌های شمال")
    assert story.body == STORY
    assert story.published_at == "1402/08/15"


def test_numeric_id_becomes_a_string():
    assert parse_raw(b'{"id": 42, "body": "x"}').id == "42"


def test_html_field_makes_an_html_story():
    story = parse_raw(b'{"html": "<html><body><p>%s</p></body></html>"}' % STORY.encode())
    assert story.form == "html"
    assert story.body is None


def test_bare_html_page_is_an_html_story():
    page = f"<!DOCTYPE html><html><body><p>{STORY}</p></body></html>".encode()
    assert parse_raw(page).form == "html"


def test_crawl_dump_aliases_are_accepted():
    story = parse_raw(
        '{"doc_id": "d7", "link": "https://www.farsnews.ir/x", "abstract": "خلاصه خبر",'
        ' "paragraphs": ["بند اول.", "بند دوم."]}'.encode()
    )
    assert (story.id, story.url) == ("d7", "https://www.farsnews.ir/x")
    assert story.body == "خلاصه خبر\nبند اول.\nبند دوم."


BOM = b"\xef\xbb\xbf"


def test_a_byte_order_mark_before_text_is_dropped():
    assert parse_raw(BOM + STORY.encode()).body == STORY


@pytest.mark.parametrize("marks", [BOM, BOM + BOM])
def test_byte_order_marks_before_json_leave_valid_json(marks):
    story = parse_raw(marks + f'{{"id": "a-2", "body": "{STORY}"}}'.encode())
    assert (story.form, story.id, story.body) == ("json", "a-2", STORY)


def test_a_byte_order_mark_before_an_html_page_leaves_an_html_story():
    page = f"<html><body><p>{STORY}</p></body></html>".encode()
    assert parse_raw(BOM + page).form == "html"


def test_invalid_utf8_after_a_byte_order_mark_is_placed_in_the_original_bytes():
    with pytest.raises(Rejected, match="at byte 5"):
        parse_raw(BOM + b"ab\xff")


def test_invalid_utf8_is_refused():
    assert rejection_reason(b"\xff\xfe" + STORY.encode()) == Reason.INVALID_UTF8


def test_invalid_json_is_refused():
    assert rejection_reason(b'{"body": "unterminated') == Reason.INVALID_JSON


def test_json_array_is_not_an_object():
    assert rejection_reason(b'["a", "b"]') == Reason.NOT_AN_OBJECT


def test_json_number_is_not_an_object():
    assert rejection_reason(b"12345") == Reason.NOT_AN_OBJECT


def test_object_without_text_is_refused():
    assert rejection_reason(b'{"id": "a-2", "title": "only a title"}') == Reason.MISSING_TEXT


def test_empty_body_is_an_empty_story():
    assert rejection_reason(b'{"body": "   "}') == Reason.EMPTY_STORY


def test_blank_bytes_are_an_empty_story():
    assert rejection_reason(b" \n\t ") == Reason.EMPTY_STORY


def test_story_over_the_size_limit_is_refused():
    assert rejection_reason(STORY.encode() * 10, max_bytes=100) == Reason.TOO_LARGE


def test_deeply_nested_json_is_refused():
    assert rejection_reason(b'{"a":' * 5000 + b"1" + b"}" * 5000) == Reason.TOO_DEEPLY_NESTED


def test_deeply_nested_array_is_refused():
    assert rejection_reason(b"[" * 5000 + b"]" * 5000) == Reason.TOO_DEEPLY_NESTED


def test_body_of_the_wrong_type_is_refused():
    assert rejection_reason(b'{"body": ["not", "a", "string"]}') == Reason.INVALID_FIELD


def test_a_nan_field_left_by_a_pandas_export_is_missing():
    story = parse_raw(f'{{"title": "nan", "body": "{STORY}"}}'.encode())
    assert story.title is None
