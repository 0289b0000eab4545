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
