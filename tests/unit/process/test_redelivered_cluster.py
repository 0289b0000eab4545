"""A redelivered story re-sends its cluster (issue 15, point 3): for a consumer keeping the
last record per (kind, id), what it re-sends must be what was first published, or a crash
changes the consumer's state. The notices' ``correction`` flag alone may differ."""

from dataclasses import replace

import orjson
import pytest

from pipeline.models import DuplicateNotice
from pipeline.process import InProcessRunner

pytestmark = pytest.mark.unit

SENTENCES = [
    "شورای شهر رشت در جلسه دوشنبه با ۱۴ رای موافق طرح توسعه کتابخانه عمومی را تصویب کرد.",
    "به گفته رئیس شورا، عملیات اجرایی این طرح با اعتبار ۳۸ میلیارد تومان از خرداد آغاز می‌شود.",
    "کتابخانه تازه ۲۶۰۰ مترمربع زیربنا دارد و روزانه ۹۰۰ نفر را می‌پذیرد.",
    "ساکنان محله قدیمی رشت سال‌ها منتظر این کتابخانه بوده‌اند و بارها خواستار آن شده بودند.",
    "مدیرکل کتابخانه‌های استان نیز از خرید ۱۲ هزار جلد کتاب برای این مرکز خبر داد.",
]
TITLE = "تصویب طرح توسعه کتابخانه عمومی رشت"


def story(story_id: str, agency: str, sentences: list[str]) -> bytes:
    body = f"به گزارش {agency}، " + "\n".join(sentences)
    return orjson.dumps({"id": story_id, "title": TITLE, "body": body})


def resent_notices(runner: InProcessRunner, raw: bytes) -> dict[str, DuplicateNotice]:
    return {r.id: replace(r, correction=False)
            for r in runner.process(raw) if isinstance(r, DuplicateNotice)}


def first_notice(records: list) -> DuplicateNotice:
    [notice] = [r for r in records if isinstance(r, DuplicateNotice)]
    return notice


def test_a_redelivered_copy_resends_another_copys_notice_with_its_title():
    runner = InProcessRunner()
    runner.process(story("l-1", "ایرنا", SENTENCES))
    other = first_notice(runner.process(story("l-2", "ایسنا", SENTENCES)))
    copy = story("l-3", "خبرگزاری مهر", SENTENCES)
    runner.process(copy)
    assert resent_notices(runner, copy)["l-2"].title == other.title == TITLE


def test_a_redelivered_copy_resends_its_notice_with_the_figures_first_published():
    runner = InProcessRunner()
    runner.process(story("l-1", "ایرنا", SENTENCES))
    trimmed = story("l-2", "ایسنا", SENTENCES[:-1])
    first = first_notice(runner.process(trimmed))
    again = resent_notices(runner, trimmed)["l-2"]
    assert (again.similarity, again.containment, again.rule) == (
        first.similarity, first.containment, first.rule)
