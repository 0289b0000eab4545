"""``khabar process`` prints each story's event after its dedup records (issue 20)."""

import orjson
import pytest

from pipeline.process import InProcessRunner

pytestmark = pytest.mark.unit


def story(story_id: str, title: str, body: str, published_at: str) -> bytes:
    return orjson.dumps({"id": story_id, "title": title, "body": body, "published_at": published_at})


FIRE = story(
    "f-1", "آتش‌سوزی گسترده در بازار تاریخی تبریز",
    "به گزارش ایرنا، آتش‌سوزی گسترده‌ای بامداد امروز بخشی از بازار تاریخی تبریز را فرا گرفت.\n"
    "رئیس سازمان آتش‌نشانی تبریز گفت ۱۲ ایستگاه برای مهار آتش در بازار تاریخی تبریز اعزام شدند.",
    "2026-03-10T06:10:00+03:30",
)
FIRE_CAUSE = story(
    "f-2", "علت آتش‌سوزی بازار تاریخی تبریز اعلام شد",
    "به گزارش ایسنا، رئیس سازمان آتش‌نشانی تبریز علت آتش‌سوزی بازار تاریخی تبریز را اتصال برق "
    "در یکی از حجره‌ها اعلام کرد.\nبه گفته وی، مهار آتش در بازار تاریخی تبریز پنج ساعت طول کشید.",
    "2026-03-10T14:40:00+03:30",
)
BUDGET = story(
    "b-1", "تصویب کلیات لایحه بودجه در مجلس",
    "به گزارش خانه ملت، نمایندگان مجلس شورای اسلامی امروز کلیات لایحه بودجه سال آینده را با "
    "۱۸۰ رای موافق تصویب کردند.",
    "2026-03-10T11:00:00+03:30",
)


def events(records) -> list:
    return [r for r in records if r.kind == "event"]


def test_every_article_is_printed_with_its_event_last():
    records = InProcessRunner().process(FIRE)
    assert [r.kind for r in records] == ["article", "event"]
    assert records[1].label == "آتش‌سوزی گسترده در بازار تاریخی تبریز"


def test_a_later_story_of_the_same_happening_is_printed_with_the_grown_event():
    runner = InProcessRunner()
    [fire] = events(runner.process(FIRE))
    [budget] = events(runner.process(BUDGET))
    [cause] = events(runner.process(FIRE_CAUSE))
    assert cause.id == fire.id != budget.id
    assert (cause.size, [s["id"] for s in cause.stories]) == (2, ["f-1", "f-2"])
