"""What event detection reads of an article: everything is on the article record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from typing import Any

from pipeline.extract.agency import is_outlet
from pipeline.extract.numbers import ORDINALS
from pipeline.models import Article
from pipeline.sentences import SENTENCE_END

# Letters that scrapers and outlets write in two ways, digits in three, ZWNJ or not.
_FOLD = str.maketrans(
    {"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "\u200c": "",
     **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
     **{d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")}}
)
_WORD = re.compile(r"[\w\u200c]+")
# Where a title's opening ends: «قیمت دلار امروز ۱۹ اسفند / افزایش نرخ …».
_TITLE_BREAK = re.compile(r"[/:؛|«»]| - ")
_NUMBER = re.compile(r"^\d+([.,/]\d+)*$")
# Function words and newsroom verbs: in every title, they say nothing of the happening.
_STOPWORD_TEXT = (
    "و در به از که این را با برای آن یک تا بر های ها می شد شده است بود کرد کرده "
    "کند کنند شود شوند خود هم نیز پس اما یا هر چه چرا چگونه دیگر باید ای اگر "
    "گفت گفته داد دارد دارند کرد خواهد شده‌اند امروز دیروز فردا روز سال ماه ساعت "
    "خبر اخبار گزارش عکس فیلم ویدئو جزئیات جدید درباره سوی پیش بیش "
    # Days and months: what a series changes every day, not what it is about.
    "شنبه یکشنبه دوشنبه سه‌شنبه سه چهارشنبه پنجشنبه پنج‌شنبه جمعه فروردین اردیبهشت خرداد "
    "تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند اسفندماه بهمن‌ماه دی‌ماه"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.translate(_FOLD).split())
_ORDINAL_WORDS = frozenset(word.translate(_FOLD) for word in ORDINALS)
# What a roundup says of itself in its title: many stories under one page.
_ROUNDUP_TITLE = re.compile(
    "|".join(p.translate(_FOLD) for p in (
        r"مهم[‌ ]?ترین (اخبار|خبرها|رویدادها)", r"خلاصه (اخبار|خبرها)", r"گزیده (اخبار|خبرها)",
        r"مروری بر (اخبار|رویدادها)", r"تیتر (یک )?روزنامه", r"پیشخوان", r"اخبار (کوتاه|روز)",
    ))
)
# Four items or more in one title, «/»-separated: a roundup's table of contents. (Up to
# three are often a story's title and subtitles: «فوتی‌ها ۳۴۵۲ نفر/ مبتلایان …/ بهبودی‌ها …».)
ROUNDUP_ITEMS = 4
LEAD_WORDS = 40
# The words of title and lead whose figures are read.
FIGURE_WORDS = 80


def fold(text: str) -> str:
    return text.translate(_FOLD).strip().lower()


def content_words(text: str | None) -> list[str]:
    """Folded words that may name what happened: no function words, no bare numbers."""
    words = (fold(w) for w in _WORD.findall(text or ""))
    return [w for w in words if len(w) > 1 and w not in _STOPWORDS and not _NUMBER.match(w)]


def figures(text: str) -> tuple[str, ...]:
    """The figures of a title and lead, of two digits or more (a «5» is more often a
    count of things than a figure reported): what a report of prices, counts or results
    is made of, and what its edition of another day changes."""
    words = (m.group() for m in islice(_WORD.finditer(text), FIGURE_WORDS))
    # A word is all digits, of any script, or no figure: «.» and «/» end words here.
    return tuple(sorted({w.translate(_FOLD) for w in words if len(w) > 1 and w.isdigit()}))


def title_numbers(title: str | None) -> tuple[str, ...]:
    """The figures and ranks a title carries: what differs between days of a series."""
    words = [fold(w) for w in _WORD.findall(title or "")]
    return tuple(sorted({w for w in words if _NUMBER.match(w) or w in _ORDINAL_WORDS}))


@dataclass(frozen=True, slots=True)
class StorySignals:
    """The signals of one story, as stored in its decision record.

    ``entities`` are ``TYPE:canonical`` (outlets left out), places among them; ``title`` and
    ``lead`` content words, ``opening`` those of the title up to its first break
    (what a series repeats); ``dates`` the ISO days the story mentions; ``numbers`` the
    title's figures and ranks, ``figures`` those of title and lead; ``roundup`` for a page of
    several stories.
    """

    entities: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    opening: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    roundup: bool = False

    @classmethod
    def of(cls, article: Article) -> StorySignals:
        lead = article.lead or next(iter(article.paragraph_texts()), article.text)
        # An inferred title is the first sentence; a story with none is known by its lead's
        # first sentence, as telling, and what a series repeats day after day.
        title = article.title or SENTENCE_END.split(lead or "", maxsplit=1)[0]
        return cls(
            entities=tuple(dict.fromkeys(
                f"{e.type}:{e.canonical}" for e in article.entities if not is_outlet(e)
            )),
            keywords=tuple(dict.fromkeys(fold(k.term) for k in article.keywords)),
            title=tuple(dict.fromkeys(content_words(title))),
            opening=tuple(dict.fromkeys(content_words(_TITLE_BREAK.split(title or "")[0]))),
            lead=tuple(dict.fromkeys(content_words(lead)[:LEAD_WORDS])),
            dates=tuple(sorted({d.value[:10] for d in article.dates if d.value})),
            numbers=title_numbers(title),
            figures=figures(f"{title or ''} {lead or ''}"),
            roundup=is_roundup(article),
        )

    @property
    def places(self) -> frozenset[str]:
        return frozenset(e for e in self.entities if e.startswith("LOC:"))

    @property
    def words(self) -> frozenset[str]:
        return frozenset(self.title) | frozenset(self.lead)

    def terms(self) -> set[str]:
        """Every term counted in the document frequencies, each signal in its own space."""
        return {*self.entities, *(f"k:{k}" for k in self.keywords), *(f"w:{w}" for w in self.words)}

    def to_json(self) -> dict[str, Any]:
        return {"e": self.entities, "k": self.keywords, "t": self.title, "o": self.opening,
                "l": self.lead, "d": self.dates, "n": self.numbers, "f": self.figures,
                "r": self.roundup}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StorySignals:
        return cls(tuple(data["e"]), tuple(data["k"]), tuple(data["t"]), tuple(data["o"]),
                   tuple(data["l"]), tuple(data["d"]), tuple(data["n"]),
                   # A record written before figures were read has none.
                   figures=tuple(data.get("f", ())), roundup=bool(data["r"]))


def is_roundup(article: Article) -> bool:
    """A page of several stories, by what its title says of it or lists."""
    title = fold(article.title or "") if not article.title_inferred else ""
    items = [part for part in title.split("/") if len(part.split()) >= 2]
    return bool(_ROUNDUP_TITLE.search(title)) or len(items) >= ROUNDUP_ITEMS

