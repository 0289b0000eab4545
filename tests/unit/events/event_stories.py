"""Invented Persian stories for the event tests, as the article records they come in."""

from __future__ import annotations

from pipeline.events import StorySignals
from pipeline.models import Article, DateMention, Entity, Keyword

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
# 2026-03-10 09:00 Tehran time.
T0 = 1_773_120_600_000


def article(title: str | None, lead: str, entities: list[str] = (), keywords: list[str] = (),
            dates: list[str] = ()) -> Article:
    """An article with its extracted fields, the lead its one paragraph; ``entities`` as
    ``TYPE:name``."""
    start = len(title) + 1 if title else 0
    return Article(
        id="", text=f"{title}\n{lead}" if title else lead, title=title, lead=lead,
        paragraphs=[(start, start + len(lead))],
        entities=[Entity(e.split(":")[0], e.split(":", 1)[1], []) for e in entities],  # type: ignore[arg-type]
        keywords=[Keyword(k, 1.0) for k in keywords],
        dates=[DateMention(d, 0, 0, d) for d in dates],
    )


def signals(*args, **kwargs) -> StorySignals:
    return StorySignals.of(article(*args, **kwargs))


QUAKE = signals(
    "زلزله ۵.۶ ریشتری سی‌سخت را لرزاند",
    "زمین‌لرزه‌ای به بزرگی ۵.۶ ریشتر بامداد امروز شهر سی‌سخت در استان کهگیلویه و بویراحمد را لرزاند.",
    ["LOC:سی‌سخت", "LOC:کهگیلویه و بویراحمد", "ORG:مرکز لرزه‌نگاری"],
    ["زلزله", "سی‌سخت", "ریشتر"],
)
QUAKE_TOLL = signals(
    "شمار مصدومان زلزله سی‌سخت به ۴۲ نفر رسید",
    "رئیس جمعیت هلال احمر کهگیلویه و بویراحمد گفت مصدومان زلزله سی‌سخت به ۴۲ نفر رسید و "
    "امدادگران در روستاهای اطراف مستقر شده‌اند.",
    ["LOC:سی‌سخت", "LOC:کهگیلویه و بویراحمد", "ORG:هلال احمر"],
    ["زلزله", "سی‌سخت", "مصدومان"],
)
LIBRARY = signals(
    "افتتاح کتابخانه مرکزی رشت با حضور وزیر فرهنگ",
    "کتابخانه مرکزی رشت با ۲۶۰۰ مترمربع زیربنا روز دوشنبه با حضور وزیر فرهنگ افتتاح شد.",
    ["LOC:رشت", "PER:محمد مهاجرانی", "ORG:نهاد کتابخانه‌های عمومی"],
    ["کتابخانه", "رشت", "افتتاح"],
)


def gold(day: int, price: str, news: str) -> StorySignals:
    """One day of a recurring series: the same opening, that day's figures."""
    return signals(
        f"قیمت سکه و طلا امروز {day} اسفند / {news}",
        f"در بازار امروز تهران هر سکه تمام بهار آزادی {price} میلیون تومان معامله شد و {news}.",
        ["LOC:تهران", "ORG:بانک مرکزی", "EVENT:بازار طلا"],
        ["سکه", "طلا", "قیمت"],
    )


ROUNDUP = signals(
    "تصویب بودجه در مجلس / زلزله سی‌سخت / افتتاح کتابخانه رشت / نرخ دلار",
    "مهم‌ترین خبرهای امروز را در این گزارش بخوانید.",
    ["LOC:سی‌سخت", "LOC:رشت", "ORG:مجلس", "LOC:کهگیلویه و بویراحمد", "ORG:هلال احمر"],
    ["زلزله", "کتابخانه", "بودجه"],
)


def market(title: str, dollar: str, euro: str, coin: str) -> StorySignals:
    """One day's report of the Tehran market, under that day's own title."""
    return signals(
        title,
        f"در معاملات امروز بازار آزاد تهران هر دلار آمریکا {dollar} تومان، هر یورو {euro} "
        f"تومان و هر سکه تمام بهار آزادی {coin} هزار تومان معامله شد.",
        ["LOC:تهران", "EVENT:بازار آزاد ارز"],
        ["دلار", "یورو", "سکه"],
    )


QUAKE_VILLAGES = signals(
    "شمار مصدومان زلزله سی‌سخت به ۴۲ نفر رسید",
    "رئیس جمعیت هلال احمر کهگیلویه و بویراحمد گفت مصدومان زلزله سی‌سخت به ۴۲ نفر رسید و "
    "۱۲ روستای اطراف آسیب دیده‌اند.",
    ["LOC:سی‌سخت", "LOC:کهگیلویه و بویراحمد", "ORG:هلال احمر"],
    ["زلزله", "سی‌سخت", "مصدومان"],
)
QUAKE_DEBRIS = signals(
    "آواربرداری در ۱۲ روستای زلزله‌زده سی‌سخت ادامه دارد",
    "رئیس جمعیت هلال احمر کهگیلویه و بویراحمد گفت از ۴۲ مصدوم زلزله سی‌سخت ۳۸ نفر مرخص "
    "شده‌اند و آواربرداری در ۱۲ روستای آسیب‌دیده ادامه دارد.",
    ["LOC:سی‌سخت", "LOC:کهگیلویه و بویراحمد", "ORG:هلال احمر"],
    ["زلزله", "سی‌سخت", "آواربرداری"],
)
