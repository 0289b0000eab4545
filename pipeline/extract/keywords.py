"""The keywords stage: the story's most telling names, words and phrases.

TF-IDF against hazm's lexicon: a term's weight is how often the story uses it times
how rare it is in hazm's word frequencies (a general Persian corpus). Candidates
are the entities (each mention counted under its canonical name: «جمهوری اسلامی
ایران» is «ایران»), and words and recurring phrases of up to three words inside
runs of content words that never cross punctuation, stopwords, verbs or names, so
«خواندن سپاه پاسداران» cannot become a phrase. Words count under their lemma
(:mod:`pipeline.extract._lemma`); a lone word must be a noun that is no fragment and
not news-generic; terms of the title and the lead weigh more. Scores are relative:
the best term scores 1.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from functools import cache, lru_cache
from itertools import compress, pairwise, repeat
from operator import and_, gt, not_

from pipeline.doc import Doc
from pipeline.extract._lemma import Entry, entries, is_verb, lemma, light_verbs
from pipeline.extract._text import ZWNJ, Covered, Words, stopwords, word_frequencies, words_of
from pipeline.extract.dates import MONTHS
from pipeline.extract.entities import lexicon
from pipeline.extract.numbers import NUMBER_WORDS
from pipeline.models import Entity, Keyword

TOP_TERMS = 10
# Words missing from hazm's lexicon (names, rare spellings) count as this rare, so
# a misspelling does not outrank every real word.
UNKNOWN_WORD_FREQUENCY = 1000
PHRASE_BONUS = 1.5  # per extra word: phrases say more than their words
MAX_PHRASE_WORDS = 3
# Extra uses a term gets for being in the title, or in the lead: the title is the
# strongest evidence of what the story is about.
TITLE_BONUS = 3
LEAD_BONUS = 1
MIN_LETTERS = 3  # shorter lone words are fragments («اس», «تن»), names and acronyms aside
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")
_UNSEEN = Entry(0, frozenset())
# Days of the week say when, which the dates stage reports, not what.
_WEEKDAY = re.compile(f"(?:یک|دو|سه|چهار|پنج)?{ZWNJ}?شنبه|جمعه")
# News-generic nouns, never keywords alone: the lemmas that at least 15% of the
# stories of Fars or of Varzesh3 use (../shared/data/news, names left out), chosen by
# `bench/keywords_generic.py --share 0.15`; a phrase may still hold them.
GENERIC: frozenset[str] = frozenset({
    "آغاز", "آینده", "اجرا", "ادامه", "ارائه", "استفاده", "اسلامی", "اشاره", "اظهار",
    "اعلام", "افزایش", "اقتصادی", "امتیاز", "امروز", "ایجاد", "بازی", "بازیکن", "باشگاه",
    "برتر", "برنامه", "برگزار", "تاکید", "تصریح", "تلاش", "تمرین", "توجه", "توسط", "تیم",
    "جامعه", "حاضر", "حریف", "حضور", "دست", "دقیقه", "دلیل", "دیدار", "رقابت", "روز",
    "زمین", "زمینه", "سازمان", "سال", "شرایط", "شرکت", "شهرستان", "شورا", "شکست", "صورت",
    "طرح", "عمومی", "عنوان", "فرهنگی", "فصل", "فعالیت", "فوتبال", "قرار", "قهرمان",
    "قهرمانی", "ماه", "مختلف", "مردم", "مسئول", "مسابقات", "مقابل", "ملی", "منطقه",
    "موضوع", "موفق", "میدان", "نتیجه", "نشان", "نفر", "نقل", "هدف", "هفته", "پایان", "کار",
    "کسب", "کشور", "گروه", "گزارش", "گفت‌وگو",
})  # fmt: skip


@cache
def _corpus_size() -> int:
    return sum(word_frequencies().values())


@lru_cache(maxsize=65536)
def idf(word: str) -> float:
    """How rare ``word`` is in general Persian: log(corpus size / frequency)."""
    frequency = word_frequencies().get(word) or UNKNOWN_WORD_FREQUENCY
    return math.log(_corpus_size() / (frequency + 1))


@cache
def _stop() -> frozenset[str]:
    # Roles («وزیر», «سرمربی») say who spoke, not what about.
    return stopwords() | NUMBER_WORDS | lexicon().role_heads


@lru_cache(maxsize=65536)
def _usable(word: str) -> bool:
    stop = _stop()
    return (
        word not in stop
        and len(word) > 1
        and not _DIGIT.search(word)
        and (ZWNJ not in word or word.replace(ZWNJ, "") not in stop)
        and not is_verb(word)
    )


def _content(spans: Words, names: dict[int, int]) -> list[bool]:
    """Per word, whether it is a content word: longer than a letter, no stopword (also
    written with a ZWNJ: «آن‌ها»), verb (:func:`is_verb`: «نماید», «می‌گفت»), number
    word («هزار») or digit, and not in one of the ``names`` (start → end offsets),
    which are terms of their own."""
    usable = set(filter(_usable, set(spans.words)))
    content = list(map(usable.__contains__, spans.words))
    # A word before a light verb is the verb's («منتشر کنم», «کشف شد»).
    light = light_verbs()
    content[:-1] = map(and_, content, map(not_, map(light.__contains__, spans.words[1:])))
    starts = spans.starts
    # Word by word, a name opening at the word sets where the current name ends; a
    # word before that end is the name's. Names opening between words are ignored.
    openings = sorted(
        (first, end)
        for start, end in names.items()
        if (first := bisect_left(starts, start)) < len(starts) and starts[first] == start
    )
    for (first, end), (following, _) in zip(openings, [*openings[1:], (len(starts), 0)]):
        last = min(following, bisect_left(starts, end, first))
        content[first:last] = [False] * (last - first)
    return content


Term = tuple[str, ...]


def _term_counts(
    text: str, names: list[tuple[int, int, str]], regions: tuple[int, ...]
) -> tuple[Counter[Term], list[set[Term]]]:
    """Counts of names, and of words and phrases of up to three words that recur
    inside runs of content words that never cross anything but spaces; and the terms
    seen in each region of ``text`` (character ends, ascending: title, lead).

    A phrase's first word, its head, counts under its lemma («کتاب‌های درسی» is
    «کتاب درسی»), as does a lone word. A word or phrase inside a recurring longer
    phrase only counts its other uses: «اسلامی» in «جمهوری اسلامی ایران» ×9 is not a
    keyword of its own.
    """
    spans = words_of(text)
    words = spans.words
    heads = tuple(map(lemma, words))
    content = _content(spans, {start: end for start, end, _ in names})
    # linked[i]: words i and i+1 are in one run. The grams are counted in C.
    linked = list(map(and_, map(and_, content, content[1:]), spans.joined))
    trigram_at = list(map(and_, linked, linked[1:]))
    trigrams = Counter(compress(zip(heads, words[1:], words[2:]), trigram_at))
    bigrams = Counter(compress(zip(heads, words[1:]), linked))
    counts: Counter[Term] = Counter(zip(compress(heads, content)))  # words as 1-tuples
    phrases: Counter[Term] = Counter(tuple(name.split()) for _, _, name in names)
    inside: dict[Term, int] = {}  # uses inside kept longer phrases
    # Longest first, so that ``inside`` is complete when a term is reached.
    for grams in (trigrams, bigrams):
        # A phrase must recur to be more than a chance neighbour.
        for term, count in compress(grams.items(), map(gt, grams.values(), repeat(1))):
            own = count - inside.get(term, 0)
            if own <= 0:
                continue
            phrases[term] += own
            for sub in _sub_terms(term):
                inside[sub] = max(inside.get(sub, 0), own)
    for term, used in inside.items():
        if len(term) == 1 and term in counts:
            own = counts[term] - used
            if own > 0:
                counts[term] = own
            else:
                del counts[term]
    for term, count in phrases.items():
        counts[term] += count
    seen: list[set[Term]] = []
    low = 0
    for end in regions:
        high = bisect_left(spans.starts, end)
        found: set[Term] = set(zip(compress(heads[low:high], content[low:high])))
        found.update(compress(zip(heads[low:high], words[low + 1 : high]), linked[low:high]))
        found.update(
            compress(
                zip(heads[low:high], words[low + 1 : high], words[low + 2 : high]),
                trigram_at[low:high],
            )
        )
        found.update(tuple(name.split()) for start, _, name in names if start < end)
        seen.append(found)
        low = high
    return counts, seen


def _sub_terms(term: Term) -> set[Term]:
    # A sub-phrase's first word is its head, counted under its lemma.
    n = len(term)
    return {
        (term[i] if i == 0 else lemma(term[i]), *term[i + 1 : j])
        for i in range(n)
        for j in range(i + 1, n + 1)
    } - {term}


# PHRASE_BONUS ** (words - 1), for 1 to MAX_PHRASE_WORDS words.
_BONUS = tuple(PHRASE_BONUS**extra for extra in range(MAX_PHRASE_WORDS))


def _score(term: Term, count: float) -> float:
    words = len(term)
    if words == 1:  # most terms; the same value as the general formula, computed faster
        return count * idf(term[0])
    return count * sum(map(idf, term)) / words * _BONUS[min(words, MAX_PHRASE_WORDS) - 1]


@lru_cache(maxsize=65536)
def _modifier(word: str) -> bool:
    """An adjective, adverb or ordinal, never a noun in hazm's corpus («فعلی», «دومین»,
    «احتمالا» which hazm writes «احتمالاً»)."""
    table = entries()
    if "ADV" in table.get(word + "\u064b", _UNSEEN).tags:
        return True
    entry = table.get(word, _UNSEEN)
    return (
        entry.frequency > 0 and bool(entry.tags) and ("N" not in entry.tags or "NUM" in entry.tags)
    )


@lru_cache(maxsize=65536)
def _lone_ok(word: str) -> bool:
    """Whether a lone word can be a keyword: a noun of three letters or more (or a
    Latin acronym: «FATF»), not a news-generic noun, month or weekday, and no
    adjective, adverb or ordinal."""
    if _LATIN.match(word):
        return word.isupper() and len(word) > 1
    return not (
        len(word) < MIN_LETTERS
        or word in GENERIC
        or word in MONTHS
        or _WEEKDAY.fullmatch(word)
        or _modifier(word)
    )


def _single_ok(word: str, name_words: set[str]) -> bool:
    """:func:`_lone_ok`, and not a loose piece of a name («فان» of «فان پرسی», a first
    name) unless hazm's corpus knows it as a noun."""
    if not _lone_ok(word):
        return False
    if word in name_words or word in lexicon().person_starters:
        return entries().get(word, _UNSEEN).seen_noun
    return True


def _filtered(counts: Counter[Term], names: set[Term]) -> dict[Term, int]:
    """The terms worth keeping, names always; an adjective of a noun the story has is
    merged into it («کرونایی» into «کرونا», «ایرانی» into «ایران»)."""
    name_words = {word for name in names if len(name) > 1 for word in name}
    kept: dict[Term, int] = {}
    for term, count in counts.items():
        if term in names:
            kept[term] = count
        elif len(term) > 1:
            # No phrase opens with a modifier («مجدد تدابیر») or ends with a generic
            # noun («نوبت صبح تیم»).
            if not _modifier(term[0]) and term[-1] not in GENERIC:
                kept[term] = count
        elif _single_ok(term[0], name_words):
            kept[term] = count
    for term in [term for term in kept if len(term) == 1 and term[0].endswith("ی")]:
        word = term[0]
        for noun in (word[:-1].rstrip(ZWNJ), word[:-2]):
            if (noun,) in kept and term not in names:
                kept[noun,] += kept.pop(term)
                break
    return kept


def _choose(scores: dict[Term, float], top: int) -> list[tuple[Term, float]]:
    """The ``top`` best terms, none repeating another: a term inside a better one
    («مخدر» after «مواد مخدر») or sharing two words with it («روئینگ سنگین وزن»
    after «تیم روئینگ سنگین») is left out; a phrase holding a better lone word
    («جام حذفی» after «جام») takes its place, as the more telling term."""
    chosen: list[tuple[Term, float]] = []
    for term, score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        words, pairs = set(term), set(pairwise(term))
        if any(words <= set(other) or pairs & set(pairwise(other)) for other, _ in chosen):
            continue
        for index, (other, better) in enumerate(chosen):
            if len(other) == 1 and other[0] in words:
                chosen[index] = (term, better)
                break
        else:
            chosen.append((term, score))
        if len(chosen) == top:
            break
    return chosen


def find_keywords(
    text: str,
    names: list[tuple[int, int, str]] | None = None,
    top: int = TOP_TERMS,
    emphasis: tuple[int, int] = (0, 0),
) -> list[Keyword]:
    """The ``top`` terms of ``text`` by TF-IDF; ``names`` are (start, end, canonical)
    of entity mentions, each counted as one term under its canonical name.

    ``emphasis`` is where the title and the lead end in ``text`` (both 0 when there is
    none): a term there gets :data:`TITLE_BONUS` or :data:`LEAD_BONUS` more uses, as
    the main subject of a story is in its title and lead even when the body moves on.
    """
    names = names or []
    counts, (in_title, in_lead) = _term_counts(text, names, emphasis)
    kept = _filtered(counts, {tuple(name.split()) for _, _, name in names})
    scores = {
        term: _score(
            term, count + TITLE_BONUS * (term in in_title) + LEAD_BONUS * (term in in_lead)
        )
        for term, count in kept.items()
    }
    chosen = _choose(scores, top)
    best = max((score for _, score in chosen), default=1.0)
    ranked = sorted(chosen, key=lambda item: -item[1])
    return [Keyword(" ".join(term), round(score / best, 3)) for term, score in ranked]


def _outermost_names(entities: list[Entity]) -> list[tuple[int, int, str]]:
    spans = sorted(
        ((m.start, m.end, e.canonical) for e in entities for m in e.mentions),
        key=lambda span: (span[0], -span[1]),
    )
    outermost: list[tuple[int, int, str]] = []
    for span in spans:
        if not outermost or span[0] >= outermost[-1][1]:
            outermost.append(span)
    return outermost


def _title_names(title: str, entities: list[Entity]) -> list[tuple[int, int, str]]:
    """Entity mentions in ``title``, found by their texts in the body (the entity
    stage reads the body only), longest first, none overlapping."""
    texts = sorted(
        {(m.text, e.canonical) for e in entities for m in e.mentions}, key=lambda t: -len(t[0])
    )
    taken = Covered()
    spans: list[tuple[int, int, str]] = []
    for mention, canonical in texts:
        start = title.find(mention)
        while start >= 0:
            end = start + len(mention)
            if not taken.overlaps(start, end):
                taken.add(start, end)
                spans.append((start, end, canonical))
            start = title.find(mention, end)
    return sorted(spans)


def find_keywords_stage(doc: Doc) -> None:
    """Set ``article.keywords``; entity names count as single terms, and terms of the
    title and the lead weigh more."""
    article = doc.article
    names = _outermost_names(article.entities)
    title = article.title or ""
    if not title:
        lead_end = len(article.lead) if article.lead and doc.text.startswith(article.lead) else 0
        article.keywords = find_keywords(doc.text, names, emphasis=(0, lead_end))
        return
    # The title heads the text it is weighed with, as one more line.
    shift = len(title) + 1
    lead = article.lead or ""
    lead_end = shift + len(lead) if lead and doc.text.startswith(lead) else shift
    article.keywords = find_keywords(
        f"{title}\n{doc.text}",
        _title_names(title, article.entities)
        + [(start + shift, end + shift, name) for start, end, name in names],
        emphasis=(shift, lead_end),
    )
