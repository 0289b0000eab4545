"""Invented Persian news stories, as many as a test needs, none a copy of another.

Each story draws a few sentence templates and fills their slots with people, places
and numbers chosen at random (seeded), so two stories rarely share a five-word run:
a deduplicator has no reason to merge them.
"""

from __future__ import annotations

import random

import orjson

AGENCIES = ("ایرنا", "ایسنا", "خبرگزاری مهر", "خبرگزاری تسنیم", "خبرگزاری فارس", "ایلنا")
PEOPLE = (
    "علی رضایی", "مریم احمدی", "حسین کریمی", "زهرا موسوی", "محمد صادقی", "فاطمه نوری",
    "رضا حسینی", "سارا جعفری", "مهدی قاسمی", "لیلا کاظمی", "امیر طاهری", "نرگس باقری",
    "جواد شریفی", "الهام رحیمی", "سعید مرادی", "پریسا یزدانی", "کاوه بهرامی", "شیرین فرهادی",
)
ROLES = (
    "معاون وزیر راه", "رئیس سازمان حفاظت محیط زیست", "مدیرکل هواشناسی", "سخنگوی دولت",
    "رئیس دانشگاه تهران", "فرماندار", "مدیرعامل شرکت آب و فاضلاب", "رئیس اتاق بازرگانی",
)
CITIES = (
    "تبریز", "شیراز", "مشهد", "اصفهان", "کرمان", "رشت", "اهواز", "یزد", "همدان", "زنجان",
    "سنندج", "اراک", "قزوین", "گرگان", "ساری", "بندرعباس", "بوشهر", "کرمانشاه",
)
TOPICS = (
    "طرح آبرسانی", "پروژه راه‌آهن", "نمایشگاه صنایع دستی", "جشنواره فیلم کوتاه",
    "مسابقات کشتی", "بیمارستان تازه‌ساز", "کارخانه فولاد", "سد مخزنی", "پارک فناوری",
    "بازار میوه و تره‌بار", "کتابخانه عمومی", "فرودگاه بین‌المللی",
)
TEMPLATES = (
    "{person} {role} در {city} از آغاز عملیات اجرایی {topic} با اعتبار {n1} میلیارد تومان خبر داد.",
    "به گفته {person}، {topic} {city} تا پایان {month} ماه به بهره‌برداری می‌رسد.",
    "{role} افزود: تاکنون {n1} درصد از کار {topic} انجام شده و {n2} نفر در آن مشغول هستند.",
    "در مراسم امروز {city} که با حضور {person} برگزار شد، {n2} طرح عمرانی افتتاح شد.",
    "{person} تاکید کرد: مردم {city} سال‌ها منتظر {topic} بوده‌اند و ما به قول خود عمل می‌کنیم.",
    "بر اساس گزارش {role}، ظرفیت {topic} در {city} به {n3} هزار نفر در روز افزایش یافت.",
    "ساکنان محله {district} {city} از تاخیر {n1} ماهه در تکمیل {topic} گلایه دارند.",
    "{person} در پاسخ به پرسش خبرنگاران گفت: بودجه {topic} از محل درآمد {n2} میلیاردی استان تامین شد.",
    "شورای شهر {city} در جلسه {weekday} با {n1} رای موافق طرح {topic} را تصویب کرد.",
    "پیش از این {role} گفته بود هزینه نگهداری {topic} سالانه {n3} میلیون تومان است.",
    "کارشناسان معتقدند {topic} می‌تواند {n2} فرصت شغلی تازه در {city} ایجاد کند.",
    "{person} همچنین از برگزاری نشست مشترک با مسئولان {city2} در {month} ماه خبر داد.",
)
MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی")
WEEKDAYS = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه")
DISTRICTS = ("شمالی", "جنوبی", "مرکزی", "غربی", "شرقی", "قدیمی", "صنعتی")


def invented_story(rng: random.Random, story_id: str) -> dict[str, str]:
    """One JSON story with a dateline, four to six sentences, a title and an id."""
    slots = {
        "person": rng.choice(PEOPLE), "role": rng.choice(ROLES), "city": rng.choice(CITIES),
        "city2": rng.choice(CITIES), "topic": rng.choice(TOPICS), "month": rng.choice(MONTHS),
        "weekday": rng.choice(WEEKDAYS), "district": rng.choice(DISTRICTS),
        "n1": rng.randint(2, 98), "n2": rng.randint(100, 9999), "n3": rng.randint(10, 990),
    }
    sentences = [t.format(**slots) for t in rng.sample(TEMPLATES, rng.randint(4, 6))]
    body = f"به گزارش {rng.choice(AGENCIES)}، " + "\n".join(sentences)
    title = f"{slots['topic']} {slots['city']} {slots['n2']}"
    return {"id": story_id, "title": title, "body": body, "source": "test"}


def story_ids(count: int, prefix: str = "story") -> list[str]:
    """The ids of ``invented_stories(count, prefix=prefix)``, in order."""
    return [f"{prefix}-{i}" for i in range(count)]


def invented_stories(count: int, seed: int = 7, prefix: str = "story") -> list[bytes]:
    """``count`` raw JSON stories with ids ``{prefix}-0`` … as Kafka values."""
    rng = random.Random(seed)
    return [orjson.dumps(invented_story(rng, story_id)) for story_id in story_ids(count, prefix)]


# A Persian sentence to fill stories that must be large or hostile but otherwise valid.
_FILLER = "خبرنگار ما از شهر گزارش می‌دهد که بازار امروز شلوغ بود. "

# One of each class of bad input, with the reason each must be dead-lettered with.
POISON: dict[str, tuple[bytes, str]] = {
    "invalid-json": (b'{"id": "bad-1", "body": "\xd8\xae\xd8\xa8\xd8\xb1', "invalid_json"),
    "invalid-utf8": (b"\xff\xfe\xfa not text at all", "invalid_utf8"),
    "array": (b'["\xd8\xae\xd8\xa8\xd8\xb1", 1]', "not_an_object"),
    "number": (b"31415", "not_an_object"),
    "missing-text": (b'{"id": "bad-5", "title": "only a title"}', "missing_text"),
    "empty": (b'{"id": "bad-6", "body": "  \\n  "}', "empty_story"),
    "nested": (b'{"a":' * 3000 + b"1" + b"}" * 3000, "too_deeply_nested"),
    "english": (
        b"Officials said on Monday that the new bridge would open next spring after delays.",
        "not_persian",
    ),
    # 20 MB of Persian: refused unread, and its dead letter keeps a prefix, length and hash.
    "20-mb": (
        orjson.dumps({"id": "bad-9", "body": _FILLER * (20 * 1024 * 1024 // len(_FILLER.encode()))}),
        "too_large",
    ),
    "script-tags-only": (
        b"<html><body>" + b"<script>document.write('x')</script>" * 20_000 + b"</body></html>",
        "unusable_html",
    ),
    "nested-tags": (b"<html><body>" + b"<div>" * 5000 + b"</div>" * 5000 + b"</body></html>",
                    "unusable_html"),
    # 300,000 entities: 1.5 MB, under the size limit, so the HTML stage must expand them.
    "entity-bomb": (b"<html><body><p>" + b"&amp;" * 300_000 + b"</p></body></html>", "empty_story"),
    "controls-and-bidi-only": ("\u202e\u202d\u200f\u200e\u2066\u2069\u0007\u001b".encode() * 50,
                               "empty_story"),
}

def republished(story: dict[str, str], rng: random.Random, new_id: str) -> dict[str, str]:
    """The same story as another outlet runs it: its own dateline, stripped ZWNJs,
    Arabic letters, the last sentence dropped and the page's news code appended."""
    _, body = story["body"].split("، ", 1)
    sentences = body.split("\n")
    if len(sentences) > 4:
        sentences = sentences[:-1]
    text = "\n".join(sentences).replace("\u200c", "").replace("ی", "ي").replace("ک", "ك")
    agency = rng.choice([a for a in AGENCIES if a not in story["body"][:40]])
    code = rng.randint(100000, 999999)
    return {"id": new_id, "source": "test", "body": f"به گزارش {agency}، {text}\nکد خبر: {code}"}


def excerpt(story: dict[str, str], start: int, stop: int, rng: random.Random,
            new_id: str) -> dict[str, str]:
    """Sentences ``start:stop`` of the story under another outlet's dateline and the same
    title: a head or a tail of it, as sites cut a story they republish."""
    _, body = story["body"].split("، ", 1)
    sentences = body.split("\n")[start:stop]
    agency = rng.choice(AGENCIES)
    return {"id": new_id, "source": "test", "title": story["title"],
            "body": f"به گزارش {agency}، " + "\n".join(sentences)}


# Two happenings, each reported by three outlets in their own words: a fire in Ardabil's
# old bazaar, and a hoard of Sasanian coins found at Firuzabad. No city or person of
# invented_story's: its stories never belong with them.
FIRE = [
    {"id": "fire-1", "title": "آتش‌سوزی گسترده در بازار تاریخی اردبیل",
     "body": "به گزارش ایرنا، آتش‌سوزی گسترده‌ای بامداد امروز در راسته فرش‌فروشان بازار "
             "تاریخی اردبیل رخ داد.\nیوسف قربانی، رئیس سازمان آتش‌نشانی اردبیل، گفت نه "
             "ایستگاه آتش‌نشانی برای مهار شعله‌ها اعزام شدند و دست‌کم چهل حجره در آتش سوخت.\n"
             "علت حادثه هنوز مشخص نیست و کارشناسان اتصال برق را بررسی می‌کنند."},
    {"id": "fire-2", "title": "مهار آتش بازار اردبیل پس از پنج ساعت",
     "body": "به گزارش ایسنا، آتش‌نشانان اردبیل پس از پنج ساعت تلاش آتش بازار تاریخی این "
             "شهر را مهار کردند.\nیوسف قربانی رئیس سازمان آتش‌نشانی اردبیل به خبرنگاران "
             "گفت سه آتش‌نشان دچار دودگرفتگی شدند و به بیمارستان منتقل شدند.\nبه گفته او "
             "حجره‌های راسته فرش‌فروشان بیشترین خسارت را دیده‌اند."},
    {"id": "fire-3", "title": "استاندار اردبیل: خسارت کسبه بازار تاریخی جبران می‌شود",
     "body": "به گزارش خبرگزاری مهر، استاندار اردبیل در بازدید از محل آتش‌سوزی بازار "
             "تاریخی اردبیل گفت خسارت کسبه راسته فرش‌فروشان از محل اعتبارات حوادث جبران "
             "می‌شود.\nوی افزود گزارش علت آتش‌سوزی تا پایان هفته آماده می‌شود.\nیوسف قربانی "
             "رئیس آتش‌نشانی اردبیل نیز گفت مرمت بنای بازار با نظارت میراث فرهنگی انجام می‌شود."},
]
COINS = [
    {"id": "coins-1", "title": "کشف گنجینه سکه‌های ساسانی در فیروزآباد",
     "body": "به گزارش خبرگزاری تسنیم، باستان‌شناسان در کاوش تازه محوطه شهر گور در "
             "فیروزآباد کوزه‌ای سفالی با ۳۲۰ سکه نقره ساسانی کشف کردند.\nکامران اشرفی "
             "سرپرست هیئت کاوش گفت بیشتر سکه‌ها به دوره خسرو پرویز تعلق دارند.\nسکه‌ها "
             "برای مطالعه به گنجینه موزه ملی ایران منتقل شده‌اند."},
    {"id": "coins-2", "title": "سرپرست کاوش شهر گور: سکه‌های ساسانی سالم مانده‌اند",
     "body": "به گزارش خبرگزاری فارس، کامران اشرفی سرپرست هیئت باستان‌شناسی شهر گور در "
             "فیروزآباد گفت سکه‌های نقره ساسانی کشف‌شده سالم مانده‌اند و نقش خسرو پرویز روی "
             "آن‌ها خواناست.\nاو افزود کاوش در این محوطه تا پایان پاییز ادامه دارد."},
    {"id": "coins-3", "title": "نمایش سکه‌های کشف‌شده شهر گور در موزه ملی",
     "body": "به گزارش ایلنا، معاون میراث فرهنگی فارس اعلام کرد سکه‌های نقره ساسانی "
             "کشف‌شده در شهر گور فیروزآباد از ماه آینده در موزه ملی ایران به نمایش گذاشته "
             "می‌شوند.\nبه گفته او هیئت کاوش به سرپرستی کامران اشرفی گزارش علمی این یافته "
             "را منتشر می‌کند."},
]
