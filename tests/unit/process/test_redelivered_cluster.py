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


def notices(records: list) -> dict[str, DuplicateNotice]:
    """The notices by id, ``correction`` left out: a re-sent notice may be flagged one."""
    return {r.id: replace(r, correction=False) for r in records if isinstance(r, DuplicateNotice)}


def test_every_notice_a_redelivered_copy_resends_is_the_one_first_published():
    runner = InProcessRunner()
    trimmed, copy = story("l-2", "ایسنا", SENTENCES[:-1]), story("l-3", "خبرگزاری مهر", SENTENCES)
    published = {}
    for raw in (story("l-1", "ایرنا", SENTENCES), trimmed, copy):
        published |= notices(runner.process(raw))
    for raw in (trimmed, copy):
        resent = notices(runner.process(raw))
        assert resent == {story_id: published[story_id] for story_id in resent}
