"""Records validate against the JSON Schemas in docs/schema (serialised as Kafka would)."""

import json
from pathlib import Path
from typing import get_args

import orjson
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from pipeline.dedupe.index import Rule
from pipeline.models import (
    ArticleUpdate,
    DeadLetter,
    DuplicateNotice,
    Processing,
    SourcePosition,
    to_json,
    with_span_texts,
)

pytestmark = pytest.mark.unit

SCHEMAS = Path(__file__).resolve().parents[3] / "docs/schema"
STORY = (
    "حمله سایبری به شبکه بانکی دفع شد\n"
    "به گزارش ایسنا به نقل از روابط عمومی بانک مرکزی، سردار رحیمی رئیس پلیس فتا روز "
    "۱۵ آبان ۱۴۰۲ در تهران اظهار داشت: حدود ۲۰ هزار حمله در ۲۴ ساعت دفع شد.\n"
    "وی افزود: ۹۵ درصد حملات از خارج کشور بود و سومین حمله ۲ میلیارد تومان خسارت زد."
)


def validator(name: str) -> Draft202012Validator:
    resources = [
        (schema["$id"], Resource.from_contents(schema))
        for schema in (json.loads(path.read_text()) for path in SCHEMAS.glob("*.schema.json"))
    ]
    schema = json.loads((SCHEMAS / name).read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=Registry().with_resources(resources))


def as_sent(record) -> dict:
    return orjson.loads(to_json(record))


def test_an_extracted_article_validates(extract):
    doc = extract(
        STORY, id="a-1", url="https://www.isna.ir/news/1", published_at="1402/08/15 10:30"
    )
    doc.article.processing = Processing(
        pipeline_version="0.1.0",
        timings_ms={"entities": 0.5},
        normalization={"zwnj_restored": 2},
        source=SourcePosition("news.raw", 0, 42, 1699254000000),
    )
    record = as_sent(doc.article)
    assert record["entities"] and record["quotes"] and record["numbers"] and record["dates"]
    assert {"percent", "تومان"} <= {n["unit"] for n in record["numbers"]}
    assert any(n["ordinal"] for n in record["numbers"])
    validator("article.schema.json").validate(record)


def published(extract, text: str) -> dict:
    return as_sent(extract(text).article)


def test_a_quote_is_published_as_offsets_into_the_text_without_its_words(extract):
    record = published(extract, "علی رضایی گفت: کار تمام شد.")
    assert record["quotes"] == [{"speaker": "علی رضایی", "verb": "گفت", "start": 15, "end": 27,
                                 "role": None, "reported": False}]  # fmt: skip
    assert record["text"][15:27] == "کار تمام شد."


def test_a_date_is_published_as_offsets_and_its_value(extract):
    record = published(extract, "ثبت‌نام از ۱۵ آبان ۱۴۰۲ آغاز می‌شود.")
    assert record["dates"] == [{"start": 11, "end": 23, "value": "2023-11-06"}]


def test_a_number_is_published_as_offsets_value_and_unit(extract):
    record = published(extract, "حدود ۲۰ هزار نفر آمدند.")
    assert record["numbers"] == [{"start": 5, "end": 12, "value": 20000, "unit": None, "ordinal": False}]


def test_slicing_the_text_gives_back_every_spans_words(extract):
    expanded = with_span_texts(published(extract, STORY))
    assert [m["text"] for e in expanded["entities"] for m in e["mentions"]] == [
        "ایسنا", "بانک مرکزی", "رحیمی", "پلیس فتا", "تهران"]  # fmt: skip
    assert [q["text"] for q in expanded["quotes"]] == [
        "حدود ۲۰ هزار حمله در ۲۴ ساعت دفع شد.",
        "۹۵ درصد حملات از خارج کشور بود و سومین حمله ۲ میلیارد تومان خسارت زد.",
    ]
    assert [d["text"] for d in expanded["dates"]] == ["۱۵ آبان ۱۴۰۲"]
    assert [n["text"] for n in expanded["numbers"]] == [
        "۲۰ هزار", "۲۴", "۹۵ درصد", "سومین", "۲ میلیارد تومان"]  # fmt: skip


def test_expanding_leaves_a_span_outside_the_text_as_it_is():
    record = {"kind": "article", "text": "خبر کوتاه", "quotes": [{"start": 4, "end": 99}],
              "entities": [{"type": "LOC", "mentions": [[0, 3], [5, 40]]}]}  # fmt: skip
    expanded = with_span_texts(record)
    assert expanded["quotes"] == [{"start": 4, "end": 99}]
    assert expanded["entities"][0]["mentions"] == [{"text": "خبر", "start": 0, "end": 3}, [5, 40]]


def test_expanding_leaves_other_records_as_they_are():
    notice = as_sent(DuplicateNotice(id="b", duplicate_of="a", similarity=0.9, match="near"))
    assert with_span_texts(notice) == notice


def test_a_bare_article_validates(extract):
    validator("article.schema.json").validate(as_sent(extract("خبر کوتاهی است.", id="b").article))


def test_a_broken_article_does_not_validate(extract):
    record = as_sent(extract(STORY, id="a-1").article)
    record["entities"][0]["type"] = "PERSON"
    assert list(validator("article.schema.json").iter_errors(record))


def test_duplicate_notice_validates():
    notice = DuplicateNotice(id="b", duplicate_of="a", similarity=0.91, match="near",
                             agency="tabnak", containment=0.97)  # fmt: skip
    validator("duplicate.schema.json").validate(as_sent(notice))


@pytest.mark.parametrize("rule", [*get_args(Rule), None])
def test_a_duplicate_notice_of_every_rule_validates(rule):
    notice = DuplicateNotice(id="b", duplicate_of="a", similarity=0.6, match="near", rule=rule)
    validator("duplicate.schema.json").validate(as_sent(notice))


def test_article_update_validates():
    update = ArticleUpdate(id="a", revision=2, republished_by=[
        {"id": "b", "agency": "tabnak", "url": None}, {"id": "c", "agency": None, "url": None}
    ])  # fmt: skip
    validator("article_update.schema.json").validate(as_sent(update))


def test_dead_letter_validates():
    letter = DeadLetter(reason="not_persian", detail="English", original_b64="aGk=",
                        original_length=2, original_sha256="0" * 64, truncated=False,
                        source=SourcePosition("news.raw", 1, 7), pipeline_version="0.1.0")  # fmt: skip
    validator("deadletter.schema.json").validate(as_sent(letter))
