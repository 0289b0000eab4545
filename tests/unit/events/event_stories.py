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

# A fire's first report, its next report and a minister's reaction the next day: each
# names things of its own, and they share the bazaar and its row.
FIRE = signals(
    "آتش‌سوزی گسترده در راسته فرش‌فروشان بازار تبریز",
    "آتش‌سوزی گسترده‌ای ظهر امروز در راسته فرش‌فروشان بازار تاریخی تبریز رخ داد؛ به گفته "
    "حسن کاظمی، رئیس صنف فرش، دود از سرای میرزا شفیع و تیمچه مظفریه دیده می‌شد.",
    ["LOC:تبریز", "LOC:بازار تبریز", "LOC:راسته فرش‌فروشان", "PER:حسن کاظمی",
     "LOC:سرای میرزا شفیع", "LOC:تیمچه مظفریه", "ORG:صنف فرش تبریز"],
    ["آتش‌سوزی", "بازار تبریز", "فرش"],
)
FIRE_OUT = signals(
    "آتش بازار تبریز پس از شش ساعت مهار شد",
    "مدیرعامل آتش‌نشانی تبریز گفت آتش راسته فرش‌فروشان بازار تبریز با حضور ۱۴ ایستگاه و "
    "نیروهای هلال احمر آذربایجان شرقی مهار شد و محمد صادقی، فرمانده انتظامی، علت را اتصال "
    "برق دانست.",
    ["LOC:تبریز", "LOC:بازار تبریز", "LOC:راسته فرش‌فروشان", "ORG:آتش‌نشانی تبریز",
     "ORG:هلال احمر", "LOC:آذربایجان شرقی", "PER:محمد صادقی"],
    ["آتش‌سوزی", "بازار تبریز", "مهار"],
)
FIRE_REACTION = signals(
    "وعده وزیر میراث فرهنگی به کسبه آسیب‌دیده",
    "علی رضایی وزیر میراث فرهنگی در سفر به تبریز گفت خسارت حجره‌های راسته فرش‌فروشان بازار "
    "تبریز با کمک بنیاد مسکن و بیمه ایران جبران می‌شود و یونسکو در جریان قرار گرفته است.",
    ["PER:علی رضایی", "ORG:وزارت میراث فرهنگی", "LOC:تبریز", "LOC:بازار تبریز",
     "LOC:راسته فرش‌فروشان", "ORG:بنیاد مسکن", "ORG:بیمه ایران", "ORG:یونسکو"],
    ["خسارت", "کسبه", "بازار تبریز"],
)
FIRE_SHIRAZ = signals(
    "آتش‌سوزی در راسته فرش‌فروشان بازار وکیل شیراز",
    "آتش‌سوزی در راسته فرش‌فروشان بازار وکیل شیراز ظهر امروز ۸ حجره را سوزاند و آتش‌نشانی "
    "شیراز آن را مهار کرد.",
    ["LOC:شیراز", "LOC:بازار وکیل", "ORG:آتش‌نشانی شیراز"],
    ["آتش‌سوزی", "بازار وکیل", "فرش"],
)
# A club's chief resigns, and says why the next day: titles opening on his name.
RESIGNS = signals(
    "محسن کریمی استعفا کرد",
    "محسن کریمی مدیرعامل باشگاه پیکان امروز استعفای خود را به هیئت مدیره باشگاه تقدیم کرد.",
    ["PER:محسن کریمی", "ORG:باشگاه پیکان"],
    ["استعفا", "پیکان", "مدیرعامل"],
)
RESIGNS_WHY = signals(
    "محسن کریمی: به خاطر بدهی‌های باشگاه پیکان رفتم",
    "محسن کریمی مدیرعامل مستعفی باشگاه پیکان گفت بدهی‌های باشگاه دلیل استعفای او بوده است.",
    ["PER:محسن کریمی", "ORG:باشگاه پیکان"],
    ["استعفا", "پیکان", "بدهی"],
)
