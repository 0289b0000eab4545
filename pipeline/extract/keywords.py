"""The keywords stage: the story's most telling names, words and phrases.

TF-IDF against hazm's lexicon: a term's weight is how often the story uses it times
how rare it is in hazm's word frequencies (a general Persian corpus). Candidates
are the entities (each mention counted under its canonical name: «جمهوری اسلامی
ایران» is «ایران»), and words and recurring phrases of up to three words inside
runs of content words that never cross punctuation, stopwords, verbs or names, so
«خواندن سپاه پاسداران» cannot become a phrase. Words count under their lemma
(:mod:`pipeline.extract._lemma`); a lone word must be a noun that is no fragment and
not news-generic, and one readers judged telling alone (:func:`lone_words`); terms of
the title and the lead weigh more. Scores are relative: the best term scores 1, and a
term far below it is left out: a story gets fewer keywords rather than weak ones.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from collections import Counter
from functools import cache, lru_cache
from importlib.resources import files
from itertools import compress, pairwise, repeat
from operator import and_, gt, not_, or_

from pipeline import wordlists
from pipeline.doc import Doc
from pipeline.extract._lemma import Entry, entries, is_verb, lemma, light_verbs
from pipeline.extract._text import (
    ZWNJ,
    Covered,
    Words,
    stopwords,
    verb_forms,
    word_frequencies,
    words_of,
)
from pipeline.extract.agency import is_outlet
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
# Precision first: the least share of the best term's score each kind of term needs.
# The further below the best, the weaker the evidence: names are the surest terms
# (one read in eighteen was junk), phrases less (one in three), lone words least
# (three in five), the most when news uses them in stories of every subject (:func:`frequent`:
# «بحران», «لیست», «تماس»). The best term itself always stays, and a word or phrase
# of the title that the story uses again needs no more than a lone rare word: the
# title names the subject («واگذاری», «تعلیق»), common as its words may be in news.
# A lone word's floor at 0.5 left out junk four times in five, and with it the only
# pointer to the subject of two or three stories in a hundred read blind («ماهواره»):
# 0.4 stays.
NAME_FLOOR = 0.15
PHRASE_FLOOR = 0.5
WORD_FLOOR = 0.4
FREQUENT_WORD_FLOOR = 0.8
_DIGIT = re.compile(r"\d")
_LINE_BREAK = re.compile("\n")
_LATIN = re.compile(r"[A-Za-z]")
_UNSEEN = Entry(0, frozenset())
# Days of the week say when, which the dates stage reports, not what.
_WEEKDAY = re.compile(f"(?:یک|دو|سه|چهار|پنج)?{ZWNJ}?شنبه|جمعه")
# Suffixes of a superlative («بزرگ‌ترین») and an ezafe written out, which says the
# phrase goes on («هنرهای چندگانه», «خانه‌ی»).
_SUPERLATIVE = "ترین"
# A comparative or superlative suffix written apart («پایین تر»): the adjective's, no
# word of its own, so no phrase ends with it.
_DETACHED_DEGREES = frozenset({"تر", _SUPERLATIVE})
_EZAFE = ("های", ZWNJ + "ی")
# Nouns that serve as prepositions after «به», «در», «از» («به خاطر», «در جهت», «در
# آستانه»): a closed class of the grammar, as the stopwords are; no keyword alone, and
# they open no phrase.
_PREPOSITIONAL = frozenset({
    "خاطر", "دنبال", "صورت", "طرز", "عنوان", "منظور", "دلیل", "علت", "رغم",
    "لحاظ", "واسطه", "وسیله", "سبب", "موجب", "نفع", "ضرر", "سمت", "سوی", "طرف",
    "مثابه", "خلال", "حین", "هنگام", "بنابر", "راستای", "راستا", "منزله", "قبال",
    "پی", "زمینه", "حدود", "مورد", "باره", "جای", "همراه", "علاوه", "ضمن", "آستانه",
    "سبک", "معرض", "اساس", "میانه",
})  # fmt: skip


@cache
def _word_tables() -> dict[str, frozenset[str]]:
    """``data/keyword_words.json``, derived from how the stories of Fars and Varzesh3
    in ../shared/data/news and of ../shared/data/ir-news use their words, by
    ``bench/keywords_generic.py --write``: ``generic`` lemmas many stories of one desk
    use («کشور», «تیم», «جلسه»), ``common`` ones every source uses («واکنش»),
    ``adjectives`` news grades («شلوغ»), ``counters`` that follow a number («نفره»,
    «کیلوگرم», «تومان»), ``news_words`` hazm's corpus has not seen but news uses
    («کرونا»), ``frequent`` ones 1% of some source's stories use (:func:`frequent`) and
    ``governing`` ones news writes before «به» («مبتلا به»)."""
    table = json.loads(
        files("pipeline.extract").joinpath("data/keyword_words.json").read_text("utf-8")
    )
    return {
        key: frozenset(table[key])
        for key in (
            "generic",
            "common",
            "adjectives",
            "counters",
            "news_words",
            "frequent",
            "governing",
        )
    }


@cache
def lone_words() -> dict[str, frozenset[str]]:
    """``data/lone_words.json``: the words Khabar gave alone as keywords of
    ../shared's stories, as readers judged them (corpus/lone-words, whose ``build.py
    write`` makes the file): ``telling`` («گندم», «زلزله», «برجام»), ``generic``
    («قیمت», «لیست», «استراتژی») or ``broken`` (a fragment, an adjective, a first name).
    Half the lone words shown were junk to readers of whole stories, and no statistic
    of the corpus told which half; a reader's judgement of the word does."""
    table = json.loads(
        files("pipeline.extract").joinpath("data/lone_words.json").read_text("utf-8")
    )
    return {label: frozenset(words) for label, words in table.items()}


@cache
def frequent() -> frozenset[str]:
    """Lemmas at least 1% of the stories of Fars, Varzesh3 or ir-news use, neither
    generic nor common (:func:`generic`) nor names: «بحران», «لیست», «فینال», also a
    topic's word («کرونا», «سیل»). Alone, such a word is a keyword only as strong as
    the story's best term (:data:`FREQUENT_WORD_FLOOR`)."""
    return _word_tables()["frequent"]


@cache
def generic() -> frozenset[str]:
    """Lemmas never keywords alone: news-generic words and counters. A phrase may
    still hold them («طرح ترافیک»), but not end with one."""
    tables = _word_tables()
    return tables["generic"] | tables["counters"]


@cache
def _corpus_size() -> int:
    return sum(word_frequencies().values())


@lru_cache(maxsize=65536)
def idf(word: str) -> float:
    """How rare ``word`` is in general Persian: log(corpus size / frequency)."""
    frequency = word_frequencies().get(word) or UNKNOWN_WORD_FREQUENCY
    return math.log(_corpus_size() / (frequency + 1))


# Prepositions hazm's stopwords lack («تسهیلات جهت آزادی» is two terms, not one).
_PREPOSITIONS = frozenset({"جهت", "توسط", "مبنی", "مقابل", "پیرامون"})


@cache
def _stop() -> frozenset[str]:
    # Roles («وزیر», «سرمربی») and titles («سردار», «مهندس») say who spoke, not what about.
    return stopwords() | NUMBER_WORDS | _PREPOSITIONS | lexicon().role_heads | _one_word_titles()


def _one_word_titles() -> frozenset[str]:
    """The entity stage's titles of one word («سردار», «مهندس»)."""
    titles = lexicon().titles
    return frozenset(word for word in titles.first_words() if titles.match((word,), (), 0))


@lru_cache(maxsize=65536)
def _usable(word: str) -> bool:
    stop = _stop()
    return (
        word not in stop
        and len(word) > 1
        and not _DIGIT.search(word)
        # Also written with a ZWNJ («آن‌ها»), or two of them written as one («بی‌آنکه»).
        and (ZWNJ not in word or not (
            word.replace(ZWNJ, "") in stop or all(part in stop for part in word.split(ZWNJ))
        ))
        # Months and weekdays say when, which the dates stage reports: «روز جمعه» ends
        # a phrase, as a date does.
        and word not in MONTHS
        and word not in _DETACHED_DEGREES
        and not _WEEKDAY.fullmatch(word)
        and not is_verb(word)
        and not _spoken_verb(word)
        and not _with_copula(word)
    )


def _with_copula(word: str) -> bool:
    """A stopword with «است» written on it as «ست» («اینجاست»: here it is)."""
    return word.endswith("ست") and len(word) > 4 and word[:-2] in stopwords()


@cache
def _spoken_stems() -> frozenset[str]:
    """What follows «می» in a spoken verb, as song lyrics and quoted speech write it
    («میاد», «میخوای», «میره»): a present stem (from «می‌…د» of :func:`verb_forms`),
    also clipped («خواه» → «خوا», «رو» → «ر»), with a spoken or written ending."""
    prefix = "می" + ZWNJ
    stems: set[str] = set()
    for form in verb_forms():
        if form.startswith(prefix) and form.endswith("د") and len(form) > len(prefix) + 1:
            present = form[len(prefix) : -1]
            stems.update((present, present.replace("آ", "ا", 1)))
            if len(present) > 1 and present.endswith(("ه", "و")):
                stems.add(present[:-1])
    return frozenset(stem + ending for stem in stems for ending in _SPOKEN_ENDINGS)


_SPOKEN_ENDINGS = ("م", "ی", "ه", "یم", "ین", "ن", "د", "ید", "ند")
_PRESENT_ENDINGS = ("م", "د", "یم", "ید", "ند")


@cache
def _present_stems() -> frozenset[str]:
    return frozenset(present for _, present in wordlists.verb_stems() if len(present) > 1)


def _present(word: str) -> bool:
    """A present stem of hazm's verbs with a person's ending («گردانید», «گردد»)."""
    stems = _present_stems()
    return any(
        word.endswith(ending) and word[: -len(ending)] in stems for ending in _PRESENT_ENDINGS
    )


_PREVERBS = ("باز", "بر", "در", "فرا", "فرو", "وا")


@lru_cache(maxsize=65536)
def _spoken_verb(word: str) -> bool:
    """A verb :func:`is_verb` does not know: spoken, with «می» and no ZWNJ, and unseen
    in hazm's corpus («میاد», «نمیخوای»), or after a preverb («بازمی‌گردد», and unseen
    «برگردانید»)."""
    seen = entries().get(word, _UNSEEN).frequency
    for preverb in _PREVERBS:
        rest = word[len(preverb) :]
        # Without «می» only an unseen present with its person («برگردانید»): a past
        # stem after a preverb is a noun («برداشت», «درگذشت»).
        if word.startswith(preverb) and (
            (rest.startswith("می") and is_verb(rest)) or (not seen and _present(rest))
        ):
            return True
    if not word.startswith(("می", "نمی")) or seen:
        return False
    rest = word.removeprefix("ن").removeprefix("می").removeprefix(ZWNJ)
    return rest in _spoken_stems()


def _named(spans: Words, names: dict[int, int]) -> list[bool]:
    """Per word, whether it is in one of the ``names`` (start → end offsets). Names
    opening between words are ignored."""
    named = [False] * len(spans.words)
    starts = spans.starts
    # Word by word, a name opening at the word sets where the current name ends; a
    # word before that end is the name's.
    openings = sorted(
        (first, end)
        for start, end in names.items()
        if (first := bisect_left(starts, start)) < len(starts) and starts[first] == start
    )
    for (first, end), (following, _) in zip(openings, [*openings[1:], (len(starts), 0)]):
        last = min(following, bisect_left(starts, end, first))
        named[first:last] = [True] * (last - first)
    return named


def _content(spans: Words, named: list[bool]) -> list[bool]:
    """Per word, whether it is a content word: longer than a letter, no stopword (also
    written with a ZWNJ: «آن‌ها»), verb (:func:`is_verb`: «نماید», «می‌گفت»), number
    word («هزار») or digit, and not ``named`` (:func:`_named`): names are terms of
    their own."""
    usable = set(filter(_usable, set(spans.words)))
    content = list(map(and_, map(usable.__contains__, spans.words), map(not_, named)))
    # A word before a light verb is the verb's («منتشر کنم», «کشف شد»).
    light = light_verbs()
    content[:-1] = map(and_, content, map(not_, map(light.__contains__, spans.words[1:])))
    _drop_portfolios(spans, content)
    return content


PORTFOLIO_WORDS = 2  # of an office's portfolio, on each side of its «و»
# Roles the words after which name a portfolio («وزیر بهداشت», «سخنگوی دولت»), not a
# team, an affiliation or a membership («سرمربی تیم ملی», «عضو خاندان سلطنتی»).
_OFFICES = frozenset({
    "وزیر", "وزیران", "معاون", "رئیس", "رئيس", "رییس", "رئیس‌کل", "نایب‌رئیس", "مدیر",
    "مدیرکل", "مدیرعامل", "سرپرست", "دبیر", "دبیرکل", "سخنگوی", "فرمانده", "مشاور",
    "قائم‌مقام", "دادستان",
})  # fmt: skip


def _drop_portfolios(spans: Words, content: list[bool]) -> None:
    """An office's portfolio («بهداشت» of «وزیر بهداشت», «راهنمایی و رانندگی» of «معاون
    راهنمایی و رانندگی») says who someone is, not what the story is about: the content
    words right after an office, and after one «و» that follows them, count nothing there."""
    words, joined = spans.words, spans.joined
    # «رئیس هیئت هندبال» heads an organisation the tagger left unnamed, a subject.
    organisations = lexicon().org_heads
    for index in compress(range(len(words) - 1), map(_OFFICES.__contains__, words)):
        if words[index + 1] in organisations:
            continue
        end = _drop_run(index + 1, joined, content)
        if end > index + 1 and end + 1 < len(words) and words[end] == "و" and joined[end]:
            _drop_run(end + 1, joined, content)


def _drop_run(at: int, joined: tuple[bool, ...], content: list[bool]) -> int:
    """Marks up to :data:`PORTFOLIO_WORDS` content words from ``at``, each joined to the
    word before it, as no content; where they end."""
    end = at
    while end < len(content) and end - at < PORTFOLIO_WORDS and joined[end - 1] and content[end]:
        content[end] = False
        end += 1
    return end


Term = tuple[str, ...]


@cache
def _compounds() -> frozenset[tuple[str, str]]:
    """The two halves of each compound hazm's corpus has seen written with a ZWNJ
    («سنگین‌وزن», «محیط‌زیست», «بین‌المللی»), as news often writes them apart."""
    return frozenset(
        (first, second)
        for word, entry in entries().items()
        if entry.frequency > 0 and word.count(ZWNJ) == 1
        for first, second in [word.split(ZWNJ)]
        if first and second
    )


@lru_cache(maxsize=65536)
def _noun_compound(word: str, following: str) -> bool:
    """Whether hazm's corpus knows the compound (:func:`_compounds`) as a noun only,
    no adjective or adverb («محیط‌زیست», «آتش‌نشانی», not «ساخته‌شده»), and neither
    half is a stopword or a role («روی‌هم», «رئیس‌جمهور»)."""
    tags = entries().get(word + ZWNJ + following, _UNSEEN).tags
    return "N" in tags and not tags & {"AJ", "ADV"} and not {word, following} & _stop()


def _compound(word: str, following: str) -> bool:
    """Whether the two words are one compound written apart (:func:`_compounds`)."""
    return (word, following) in _compounds()


@lru_cache(maxsize=65536)
def _edges(word: str) -> tuple[bool, bool, bool, bool, bool]:
    """What ``word`` allows at a phrase's edges, one cached call a word: whether a
    phrase may open with it (:func:`_opener`), whether one may end after it (no ezafe
    written out), whether it is a number, whether it is a generic noun
    (:func:`_generic_end`), and whether it governs «به», so that a phrase ending on it
    is cut at the preposition («کودک مبتلا» of «کودکان مبتلا به سرطان»)."""
    governs = lemma(word) in _word_tables()["governing"]
    return _opener(word), not _ezafe(word), _number(word), _generic_end(word), governs


def _ezafe(word: str) -> bool:
    """Whether ``word`` has its ezafe written out, so that its phrase goes on: «های»,
    «‌ی», or «ی» after a vowel that the lemma drops («هواپیمای», «دانشجوی») or on a
    word news uses that hazm's corpus has not seen («کرونای»)."""
    return word.endswith(_EZAFE) or (
        word.endswith(("ای", "وی"))
        and (lemma(word) == word[:-1] or word[:-1] in _word_tables()["news_words"])
    )


def _number(word: str) -> bool:
    return bool(_DIGIT.search(word)) or word in NUMBER_WORDS


def _generic_end(word: str) -> bool:
    """Whether ``word`` is a generic noun (:func:`generic`), which ends a phrase only
    where its run ends; a generic adjective may end one anywhere («کادر فنی»)."""
    return lemma(word) in generic() and not word.endswith("ی")


@lru_cache(maxsize=65536)
def _leading(word: str, following: str) -> bool:
    """Whether ``word``, opening a run, leaves the next word free to open a phrase: a
    modifier before its noun («دومین», «بزرگ‌ترین»), a generic word, a counter or an
    infinitive («کسب مدال برنز», «۲۰۰ کیلو مواد مخدر», «گنجاندن درس شنا»), not half
    of a compound («راه آهن»)."""
    return (
        _modifier(word)
        or word.endswith(_SUPERLATIVE)
        or lemma(word) in generic()
        or _infinitive(word)
    ) and not _compound(word, following)


def _opener(word: str) -> bool:
    """Whether a phrase may open with ``word``: not a noun that serves as a preposition
    («خاطر» of «به خاطر», «دنبال», «رودرروی»), a modifier («مجدد تدابیر»), a counter
    («کیلوگرم تریاک»: the noun is the term), a generic adjective («سیاسی اصلاح
    طلب»), a superlative («امیدترین کشتی گیران» of «کم امیدترین …») or an
    infinitive (:func:`_infinitive`, a verb with its object). Such a phrase is never
    counted, so its words keep their uses."""
    return not (
        word in _PREPOSITIONAL
        or _preposition(word)
        or _modifier(word)
        or word.endswith(_SUPERLATIVE)
        or lemma(word) in _word_tables()["counters"]
        or (word.endswith("ی") and lemma(word) in generic())
        or _infinitive(word)
    )


@lru_cache(maxsize=65536)
def _preposition(word: str) -> bool:
    """Whether hazm's corpus knows ``word`` as a preposition and no noun, or, unseen
    itself, its lemma as one («رودرروی» of «رودررو»)."""
    table = entries()
    tags = table.get(word, _UNSEEN).tags
    if tags:
        return "P" in tags and "N" not in tags
    base = lemma(word)
    return base != word and "P" in table.get(base, _UNSEEN).tags


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
    phrase_heads = tuple(map(_phrase_head, words, heads))
    named = _named(spans, {start: end for start, end, _ in names})
    content = _content(spans, named)
    # joined[i]: only spaces, and no line break, between words i and i+1: a line is a
    # title or a sentence of its own (ir-news has one a line, often with no stop).
    joined = list(spans.joined)
    for line_break in _LINE_BREAK.finditer(text):
        before = bisect_left(spans.ends, line_break.start() + 1) - 1
        if 0 <= before < len(joined):
            joined[before] = False
    # compound[i]: words i and i+1 are a compound written apart («سنگین وزن», «بین
    # المللی»), neither half a word alone nor a phrase's edge. A noun's halves are
    # content words even when one looks like a verb («زیست» of «محیط زیست»).
    compound = list(map(and_, joined, map(_compounds().__contains__, pairwise(words))))
    for index in compress(range(len(compound)), compound):
        if _noun_compound(words[index], words[index + 1]) and not any(named[index : index + 2]):
            content[index : index + 2] = True, True
    # linked[i]: words i and i+1 are in one run. The grams are counted in C.
    linked = list(map(and_, map(and_, content, content[1:]), joined))
    halves = list(map(or_, [*compound, False], [False, *compound]))
    single = list(map(and_, content, map(not_, halves)))
    # A phrase is whole: it opens where its run opens, or after the run's leading
    # modifiers («دومین مدال نقره»), so never mid-way («وزن چهارنفره زنان» of «تیم
    # روئینگ سنگین وزن چهارنفره زنان»); and it ends where the run ends or may be cut:
    # not inside a compound, never after an ezafe written out, which says the phrase
    # goes on even where a role or a name ends the run («پیشکسوتان هنرهای …», «تست
    # کرونای سرمربی»), nor on a generic noun the run, a name or a number goes on from
    # («نوبت صبح تیم» of «… تیم امید», «بودجه سال» of «… سال ۱۴۰۰»), while
    # «پاسداران انقلاب» ends its run.
    opens = [True, *map(not_, linked)]
    for index in compress(range(1, len(words)), linked):
        opens[index] = opens[index - 1] and _leading(words[index - 1], words[index])
    openers, no_ezafe, numbers, generic_ends, governs = tuple(zip(*map(_edges, words))) or ((),) * 5
    opens = list(map(and_, opens, openers))
    opens[1:] = map(and_, opens[1:], map(not_, compound))
    closes = [*no_ezafe[:-1], True]
    closes[:-1] = map(and_, closes, map(not_, compound))
    closes = list(map(and_, closes, map(not_, governs)))
    further = map(or_, map(or_, content, named), numbers)
    goes_on = map(and_, joined, list(further)[1:])
    closes[:-1] = map(and_, closes, map(not_, map(and_, goes_on, generic_ends)))
    bigram_at = list(map(and_, map(and_, linked, opens), closes[1:]))
    trigram_at = list(map(and_, map(and_, map(and_, linked, opens), linked[1:]), closes[2:]))
    trigrams = Counter(compress(zip(phrase_heads, words[1:], words[2:]), trigram_at))
    bigrams = Counter(compress(zip(phrase_heads, words[1:]), bigram_at))
    counts: Counter[Term] = Counter(zip(compress(heads, single)))  # words as 1-tuples
    phrases: Counter[Term] = Counter(tuple(name.split()) for _, _, name in names if name)
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
        found: set[Term] = set(zip(compress(heads[low:high], single[low:high])))
        found.update(
            compress(zip(phrase_heads[low:high], words[low + 1 : high]), bigram_at[low:high])
        )
        found.update(
            compress(
                zip(phrase_heads[low:high], words[low + 1 : high], words[low + 2 : high]),
                trigram_at[low:high],
            )
        )
        found.update(tuple(name.split()) for start, _, name in names if name and start < end)
        seen.append(found)
        low = high
    return counts, seen


def _sub_terms(term: Term) -> set[Term]:
    # Keyed as :func:`_term_counts` keys them: a lone word by its lemma, a sub-phrase
    # by its head (:func:`_phrase_head`).
    n = len(term)
    return {
        (lemma(term[i]) if j == i + 1 else _phrase_head(term[i], lemma(term[i])), *term[i + 1 : j])
        for i in range(n)
        for j in range(i + 1, n + 1)
    } - {term}


def _phrase_head(word: str, base: str) -> str:
    """A phrase's first word as the phrase counts it, ``base`` its lemma: the lemma («کتاب‌های درسی» is
    «کتاب درسی»), but not when the lemma only drops a final «ی»: that is the ezafe
    after a vowel («دریای اژه», «امضای توافق») or a noun of its own («برکناری
    مربیان», «گرانی خودرو»), and the phrase reads wrong without it."""
    return word if word.endswith("ی") and base == word[:-1] else base


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
    tags = table.get(word, _UNSEEN).tags
    return bool(tags) and ("N" not in tags or "NUM" in tags)


@lru_cache(maxsize=65536)
def _lone_ok(word: str) -> bool:
    """Whether a lone word can be a keyword: one readers judged telling alone
    (:func:`lone_words`; or a Latin acronym: «FATF»), and a noun of three letters or
    more, not news-generic nor a counter (:func:`generic`), no noun that serves as a
    preposition («آستانه» of «در آستانه») or says nothing without the «به» it
    governs («مبتلا», «اشاره»), and no adjective, adverb or ordinal. A word no reader
    judged is left out: of those readers did, two in three were no keyword alone."""
    if _LATIN.match(word):
        return word.isupper() and len(word) > 1 and _read_as_telling(word)
    return _read_as_telling(word) and not (
        len(word) < MIN_LETTERS
        or _ezafe(word)  # its lemma unknown («محدویت‌های»): the phrase goes on
        or word in generic()
        or word in _word_tables()["common"]
        or word in _word_tables()["adjectives"]
        or word.removesuffix("ی") in _word_tables()["adjectives"]
        or word in _word_tables()["governing"]
        or word in _PREPOSITIONAL
        or _modifier(word)
        or _adjective(word)
        or _plural(word)
        or _infinitive(word)
    )


def _read_as_telling(word: str) -> bool:
    """Whether readers judged ``word`` telling alone (:func:`lone_words`); a Latin
    acronym is, unless they judged it otherwise («FUTUR» of a title in capitals)."""
    read = lone_words()
    if _LATIN.match(word):
        return word not in read["generic"] and word not in read["broken"]
    return word in read["telling"]


def _infinitive(word: str) -> bool:
    """A causative infinitive («گنجاندن»), a verb's noun that says what is done, not to
    what. Those of hazm's past stems («خریدن», «نرفتن») are verbs already
    (:func:`pipeline.extract._lemma.verbs`), so no content word."""
    return word.endswith(("اندن", "انیدن"))


@lru_cache(maxsize=65536)
def _plural(word: str) -> bool:
    """A plural: one hazm's list tags so, or one in «ان» or «ات» it never saw nor
    tagged, of a noun it knows: «زنان», «سران» (:func:`lemma` leaves stems of two
    letters alone)."""
    table = entries()
    tags = table.get(word, _UNSEEN).tags
    if "PL" in tags:
        # hazm's plurals, broken or in «ات» («مدارس», «اعضا», «مطالبات»); those also
        # tagged adjectives are lexical nouns of their own («انتخابات», «حقوق», «سهام»).
        return "AJ" not in tags
    if tags or not word.endswith(("ان", "ات")):
        return False
    return table.get(word[:-2].rstrip(ZWNJ), _UNSEEN).seen_noun


@lru_cache(maxsize=65536)
def _adjective(word: str) -> bool:
    """A superlative («کلیدی‌ترین»), comparative («خطرناک‌تر») or adjective negated with
    «غیر» («غیرقانونی»), or an adjective made
    of a noun with «ی» that hazm's corpus never uses as a noun of its own («تیمی»,
    «هوایی», «حرفه‌ای»)."""
    if word.endswith(_SUPERLATIVE):
        return True
    if word.endswith(ZWNJ + "تر") or (word.startswith("غیر") and len(word) > 5):
        return True  # a comparative written apart («پائین‌تر»), a negated one («غیرشفاف»)
    table = entries()
    if word.endswith("تر") and "AJ" in table.get(word[:-2].rstrip(ZWNJ), _UNSEEN).tags:
        return True  # a comparative: «خطرناک‌تر»
    return (
        word.endswith("ی")
        and not table.get(word, _UNSEEN).seen_noun
        and any(table.get(noun, _UNSEEN).seen_noun for noun in _nouns_of(word))
    )


def _nouns_of(word: str) -> tuple[str, ...]:
    """The nouns an adjective in «ی» may be made of: «هوایی» → «هوا», «حرفه‌ای» → «حرفه»."""
    return (word[:-1].rstrip(ZWNJ), word[:-2].rstrip(ZWNJ))


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
    merged into it first («کرونایی» into «کرونا», «ایرانی» into «ایران»)."""
    counts = counts.copy()
    for term in [term for term in counts if len(term) == 1 and term[0].endswith("ی")]:
        for noun in _nouns_of(term[0]):
            if (noun,) in counts and term not in names:
                counts[noun,] += counts.pop(term)
                break
    name_words = {word for name in names if len(name) > 1 for word in name}
    kept: dict[Term, int] = {}
    for term, count in counts.items():
        if term in names:
            kept[term] = count
        elif len(term) > 1:
            # A phrase has no word no one knows after its head: song lyrics and spoken
            # forms («بام بمونیبگو آرزوتم»), while a foreign noun may head («ایمپلنت
            # تقلبی»). What a phrase may open with is :func:`_opener`'s. It does not end
            # with a gradable adjective, a judgement rather than a kind («گل بد»,
            # «دستمزد نجومی» is one, «کادر فنی» is not).
            if (
                all(map(_known_after, term, term[1:]))
                and term[-1] not in _word_tables()["adjectives"]
                and not _commonplace(term)
            ):
                kept[term] = count
        elif _single_ok(term[0], name_words):
            kept[term] = count
    return kept


@lru_cache(maxsize=65536)
def _commonplace(term: Term) -> bool:
    """Whether a phrase is made of news-generic words, one of them common to every
    source (:func:`_word_tables`): «وقت محلی», «اکثر بازیکنان», «مشکلات مالی», or is
    a generic noun and a nationality, which describe someone («ستاره هلندی», «بازیکن
    آلمانی») rather than what the story is about. A phrase of one desk's generic words
    may name a thing («جام حذفی», «لیگ برتر»)."""
    common = _word_tables()["common"]
    roots = [lemma(word) for word in term]
    if len(term) == 2 and roots[0] in generic() and term[1] in lexicon().demonyms:
        return True
    return any(root in common for root in roots) and all(
        root in common or root in generic() for root in roots
    )


def _unnamed(name: str) -> bool:
    """Whether ``name`` is one word the entity stage names in under 30% of the news
    stories that use it and many use (the tables' generic and common lemmas: «دولت»,
    «حوزه», «پیروزی»): a word, judged as lone words are. Not the frequent ones, among
    which are names the tagger often misses («مسی», «ترامپ»)."""
    return " " not in name and (name in generic() or name in _word_tables()["common"])


@lru_cache(maxsize=65536)
def _whole(name: str) -> str:
    return " ".join(_whole_name(tuple(name.split())))


@lru_cache(maxsize=65536)
def _known(word: str) -> bool:
    """Whether hazm's corpus has seen ``word`` or its lemma, or news uses it."""
    table = entries()
    base = lemma(word)
    return (
        table.get(word, _UNSEEN).frequency > 0
        or table.get(base, _UNSEEN).frequency > 0
        or base in _word_tables()["news_words"]
    )


def _known_after(word: str, following: str) -> bool:
    """Whether ``following`` is :func:`_known`, or completes a compound with ``word``
    («زیست» of «محیط زیست»)."""
    return _known(following) or _compound(word, following)


def _whole_name(name: Term) -> Term:
    """``name`` without the words an entity's edge should not hold: a stopword, verb,
    adverb (at its end: «کی روش» is Queiroz) or preposition the entity stage took in
    («رودرروی گریگور دیمیتروف», «کارلوس کی»); nothing when what is left is a first
    name alone («آندره»), a fragment of a name the entity stage did not see whole, or
    a letter."""
    words = list(name)
    # «محیط زیست» ends in a verb's stem, and is whole.
    while words and _loose(words[-1], at_end=True) and not _compound(*(["", *words])[-2:]):
        words.pop()
    while words and _loose(words[0], at_end=False):
        words.pop(0)
    # A first name alone, or one letter: an honorific's abbreviation («حضرت زهرا
    # (س)») the entity stage took for a name.
    if len(words) == 1 and (words[0] in lexicon().first_names or len(words[0]) == 1):
        return ()
    return tuple(words)


@lru_cache(maxsize=65536)
def _loose(word: str, at_end: bool) -> bool:
    """Whether ``word`` cannot open or end a name: a verb, at the end a word hazm's
    corpus only knows as an adverb («کی»), and from three letters a preposition or a
    stopword that is no noun (not «بی» of «بی بی سی», nor «راه» of «راه آهن»)."""
    tags = entries().get(word, _UNSEEN).tags
    return (
        is_verb(word)
        or _spoken_verb(word)
        or (at_end and "ADV" in tags and "N" not in tags)
        or (len(word) > 2 and (_preposition(word) or (word in _stop() and "N" not in tags)))
    )


def _floor(term: Term, names: set[Term], titled: set[Term]) -> float:
    """The least share of the best score ``term`` needs to be a keyword; ``titled``
    are the terms of the title that the story uses again."""
    if term in names:
        return NAME_FLOOR
    if len(term) > 1:
        floor = PHRASE_FLOOR
    else:
        floor = FREQUENT_WORD_FLOOR if term[0] in frequent() else WORD_FLOOR
    return min(floor, WORD_FLOOR) if term in titled else floor


def _choose(
    scores: dict[Term, float], names: set[Term], titled: set[Term], top: int
) -> list[tuple[Term, float]]:
    """Of the ``top`` best terms, those above their floor (:func:`_floor`), best
    first (a phrase taking a lone word's place takes its score too). None
    repeats another by its roots (:func:`_roots`): a term inside a better one («مخدر»
    after «مواد مخدر», «ریاست» after «جام ریاستی», «راه‌آهن» after «باشگاه راه آهن»)
    or sharing two words with it («روئینگ سنگین وزن» after «تیم روئینگ سنگین») is
    left out; a phrase holding a better lone word
    («جام حذفی» after «جام») takes its place, as the more telling term, and drops the
    others it holds. Phrases that overlap (:func:`_overlap`) are one phrase cut twice:
    the better stays; ``names`` are whole, and overlap nothing."""
    chosen: list[tuple[Term, float, frozenset[str]]] = []
    for term, score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        roots, pairs = _roots(term), set(pairwise(term))
        if any(
            roots <= other_roots
            or pairs & set(pairwise(other))
            or (term not in names and other not in names and _overlap(term, other))
            for other, _, other_roots in chosen
        ):
            continue
        # The lone words the phrase holds: the first gives it its place and score, the
        # others go («فیلم» and «سینمایی» for «فیلم سینمایی»).
        held = [
            index
            for index, (other, _, other_roots) in enumerate(chosen)
            if len(other) == 1 and other_roots <= roots
        ]
        if held:
            chosen[held[0]] = (term, chosen[held[0]][1], roots)
            for index in reversed(held[1:]):
                del chosen[index]
        else:
            chosen.append((term, score, roots))
        if len(chosen) == top:
            break
    # A weak term is chosen all the same, so that what repeats it stays out and a
    # phrase holding it takes its score («رئال» → «رئال مادرید»), and left out here.
    best = chosen[0][1] if chosen else 0.0
    return [
        (term, score) for term, score, _ in chosen if score >= best * _floor(term, names, titled)
    ]


def _overlap(term: Term, other: Term) -> bool:
    """Whether one phrase ends with the words the other opens with: two windows on one
    run of words («تیم روئینگ» and «روئینگ سنگین وزن»)."""
    if len(term) == 1 or len(other) == 1:
        return False
    return any(
        term[-size:] == other[:size] or other[-size:] == term[:size]
        for size in range(1, min(len(term), len(other)))
    )


@lru_cache(maxsize=65536)
def _roots(term: Term) -> frozenset[str]:
    """What ``term`` is made of, inflection aside: each word's lemma, an adjective's noun
    («ورزشی» → «ورزش») and each two words written as one («راه آهن» → «راه‌آهن»), all
    without ZWNJ."""
    roots = set()
    for word in term:
        root = lemma(word)
        if root.endswith("ی"):
            root = next(
                (noun for noun in _nouns_of(root) if entries().get(noun, _UNSEEN).seen_noun), root
            )
        roots.add(root.replace(ZWNJ, ""))
    roots.update((first + second).replace(ZWNJ, "") for first, second in pairwise(term))
    return frozenset(roots)


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
    # A name keeps its span, which no phrase may cross, even when it counts as nothing.
    names = _uncut([(start, end, _whole(name)) for start, end, name in names or []])
    counts, (in_title, in_lead) = _term_counts(text, names, emphasis)
    whole = {tuple(name.split()) for _, _, name in names if name and not _unnamed(name)}
    kept = _filtered(counts, whole)
    scores = {
        term: _score(
            term, count + TITLE_BONUS * (term in in_title) + LEAD_BONUS * (term in in_lead)
        )
        for term, count in kept.items()
    }
    titled = {term for term in in_title if kept.get(term, 0) > 1}
    chosen = _choose(scores, whole, titled, top)  # best first
    best = chosen[0][1] if chosen else 1.0
    return [Keyword(" ".join(term), round(score / best, 3)) for term, score in chosen]


def _uncut(names: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Each name the entity stage cut inside a word under the whole name the story also
    has: «شهرام میراب» is «شهرام میراب‌اقدم» (the rest of the word follows its ZWNJ). A
    name that more than one whole name goes on from stays as it is."""
    texts = {name for _, _, name in names if name}
    whole = {}
    for name in texts:
        longer = [other for other in texts if other.startswith(name + ZWNJ)]
        if " " in name and len(longer) == 1:
            whole[name] = longer[0]
    return [(start, end, whole.get(name, name)) for start, end, name in names]


def _outermost_names(entities: list[Entity]) -> list[tuple[int, int, str]]:
    spans = sorted(
        ((m.start, m.end, name) for e in entities for name in [_term_name(e)] for m in e.mentions),
        key=lambda span: (span[0], -span[1]),
    )
    outermost: list[tuple[int, int, str]] = []
    for span in spans:
        if not outermost or span[0] >= outermost[-1][1]:
            outermost.append(span)
    return outermost


def _term_name(entity: Entity) -> str:
    """The name an entity's mentions count under. A news outlet («به گزارش خبرگزاری
    فارس») says who reported the story, not what it is about: its mentions keep their
    spans, so no phrase crosses them, and count as nothing."""
    return "" if is_outlet(entity) else entity.canonical


def _title_names(title: str, text: str, entities: list[Entity]) -> list[tuple[int, int, str]]:
    """Entity mentions in ``title``, found by their texts in the body ``text`` (the
    entity stage reads the body only), longest first, none overlapping."""
    texts = sorted(
        {
            (text[start:end], name)
            for e in entities
            for name in [_term_name(e)]
            for start, end in e.mentions
        },
        key=lambda t: (-len(t[0]), t),  # ties in one order whatever the hash seed
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
        _title_names(title, doc.text, article.entities)
        + [(start + shift, end + shift, name) for start, end, name in names],
        emphasis=(shift, lead_end),
    )
