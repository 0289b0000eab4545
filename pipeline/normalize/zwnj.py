"""Restore the zero-width non-joiners (ZWNJ, U+200C) that scrapers strip.

A word is changed only when the evidence is positive (precision over recall):

1. a word hazm counted in its corpus, alone or with an ending written on, is left as it
   is («بیمار», «میز», «تنها», «بهداشتی»);
2. else, hazm's word list spells it with a ZWNJ («گفتوگو» → «گفت‌وگو», «بینالمللی»);
3. else, it parses as «می»/«نمی» (after an optional preverb) + a verb stem with its
   ending («میشود»), as a known stem + plural «ها…», comparative «تر/ترین» on an
   adjective, a clitic «ای/ام/اش/اند…» on a stem ending in «ه» or «ی», «بی»/«به» + a
   counted word, or a compound. When a plural and a clitic parse compete («منطقهای»:
   «منطق+های» or «منطقه+ای») hazm's frequencies decide, or the word stays as it is.

The ZWNJ goes in only after a letter that would otherwise join the next one; after
«ا د ذ ر ز ژ و» a suffix is simply written on («کشورها»). Decisions are cached per token:
news vocabulary repeats, so most tokens cost one dictionary look-up.

Affixes written apart with a plain space («می شود», «کتاب ها», «پذیرفته ام») are joined;
two words of a compound («رئیس جمهور») are not: that space is the author's choice.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.normalize.characters import (
    JOINING,
    LETTER,
    MARK,
    ZWNJ,
    reduce_repeated_letters,
)
from pipeline.normalize.lexicon import CLITIC, COMPARATIVE, INFLECTIONS, PLURAL, Lexicon, lexicon

# «آنها», «اینها»: these plurals are written on, as news writes them more often than not;
# other pronouns' plurals take the ZWNJ («برخی‌ها», «همین‌ها»).
_PLURAL_WRITTEN_ON = frozenset({"آن", "این"})
_AFTER_HEH_ONLY = frozenset({"است"})
_POSSESSIVE = frozenset({"مان", "تان", "شان"})
_PREVERBS = ("بر", "در", "باز", "فرا", "فرو", "وا", "")
_VERB_PREFIXES = tuple(preverb + negation for preverb in _PREVERBS for negation in ("نمی", "می"))
# Before a verb body without «می»: the subjunctive or negative prefix, after a preverb too.
_MOOD_PREFIXES = tuple(preverb + mood for preverb in _PREVERBS for mood in ("ب", "ن"))
# Before a past participle: a preverb, «می» (past progressive perfect), or both.
_PARTICIPLE_PREFIXES = tuple(
    sorted({preverb + mi for preverb in _PREVERBS for mi in ("نمی", "می", "")} - {""}, key=len)
)
# Endings written on without a ZWNJ («بهداشتی», «ایرانیان», «بیشتری»): a counted word
# plus one of these is a word as it stands.
_PLAIN_ENDINGS = ("یان", "ین", "ان", "ات", "یی", "ی")
# Second members of compounds, written after a ZWNJ («تصمیم‌گیری», «ناامن‌سازی»): those
# hazm's word list spells after a ZWNJ in at least ten counted entries and joined to a
# counted word in at most one in twenty (counted in words.dat of hazm 0.12.1; a few
# inflected forms added), and the surname endings «زاده», «پور», «نژاد».
# fmt: off
_COMPOUND_HEADS = frozenset({
    "شده", "شدگان", "نشده", "شدن", "کننده", "کنندگان", "کنندگی", "کنان", "دهنده", "دهندگان",
    "سازی", "ساز", "بندی", "گرا", "گرایی", "گرایانه", "پذیر", "پذیری", "ناپذیر", "شناسی",
    "شناس", "فروش", "فروشی", "بخش", "آباد", "گیری", "گذاری", "آمیز", "آور", "الله", "الدین",
    "زده", "زدگی", "نشین", "نشینی", "انگیز", "برانگیز", "بازی", "یافته", "طلب", "طلبی",
    "طلبانه", "نویسی", "کشی", "خوار", "پرست", "پرستی", "جویی", "جویانه", "پوش", "آفرین",
    "خوانی", "زبان", "خورده", "گویی", "برداری", "خواهی", "پرور", "پرداز", "پردازی", "آلود",
    "بینی", "بافی", "دوست", "شکن", "گرفته", "انداز", "رسانی", "رسان", "آرا", "اندیش",
    "زاده", "پور", "نژاد",
})
# fmt: on
_HEAD_LENGTHS = sorted({len(head) for head in _COMPOUND_HEADS}, reverse=True)  # «ناپذیر» first

_EDGE = f"{LETTER}{MARK}{ZWNJ}"
# Runs of letters, marks and ZWNJs: the words of a token.
_WORDS = re.compile(f"[{LETTER}{MARK}{ZWNJ}]+")
_PLAIN_WORD = re.compile(f"[{LETTER}]{{3,}}")
# Affixes that may stand after a space; «است» there is the verb, standing apart as it should.
_DETACHED_SUFFIXES = INFLECTIONS - {"است"}


def _trie(words: frozenset[str]) -> str:
    """A regex alternation of ``words`` factored by first letter («ها(?:ی(?:ی|…)?)?|…»):
    the engine then tries one branch per letter instead of every word."""
    branches = []
    for first in sorted({word[0] for word in words}):
        rests = frozenset(word[1:] for word in words if word[0] == first)
        tail = _trie(rests - {""}) if rests - {""} else ""
        optional = "?" if "" in rests and tail else ""
        branches.append(re.escape(first) + (f"(?:{tail}){optional}" if tail else ""))
    return "|".join(branches)


# An affix standing after a space, and «می» before a verb; the word before an affix is
# found by stepping back over letters, so that the patterns start with literal text.
_DETACHED_SUFFIX = re.compile(f" ({_trie(_DETACHED_SUFFIXES)})(?![{_EDGE}])")
_MI = re.compile(
    f"می (?:(?<![{_EDGE}]می )|(?<=[^{_EDGE}]نمی )|(?<=^نمی ))([{LETTER}]+)(?![{_EDGE}])",
    re.MULTILINE,
)
_ARABIC_BLOCK = [chr(code) for code in range(0x600, 0x700)]  # LETTER and MARK lie in it
_WORD_CHARS = frozenset(c for c in _ARABIC_BLOCK if re.match(f"[{LETTER}]", c)) | {ZWNJ}
_EDGE_CHARS = _WORD_CHARS | frozenset(c for c in _ARABIC_BLOCK if re.match(f"[{MARK}]", c))
# Decisions per token, shared by all texts: news vocabulary repeats. Cleared when full.
_DECISIONS: dict[str, str] = {}
_DECISIONS_MAX = 500_000
# Words as written → their spelling when no ezafe can follow them (see _before_break).
_BEFORE_BREAK: dict[str, str] = {}


def _attach(stem: str, suffix: str) -> str:
    return f"{stem}{ZWNJ}{suffix}" if stem[-1] in JOINING else stem + suffix


def _is_word(word: str, lex: Lexicon) -> bool:
    """A word either list has («اپلیکیشن» is in shekar's only), listed at frequency 0 too."""
    return (
        word in lex.frequency
        or word in lex.spelled_with_zwnj
        or ZWNJ in word
        or lex.counts.get(word, 0) > 0
    )


def _counted(word: str, lex: Lexicon) -> bool:
    """A word hazm's corpus counted, or one hazm spells with a ZWNJ."""
    return lex.frequency.get(word, 0) > 0 or word in lex.spelled_with_zwnj


def _takes(stem: str, suffix: str, lex: Lexicon) -> bool:
    """Whether ``suffix`` attaches to the word ``stem`` (by its morphology, not its spelling)."""
    if suffix in COMPARATIVE:
        # Adjectives, and relational adjectives in «ی» of a counted word («اصلی»); a
        # comparative is rarer than its adjective: «فیلتر», counted more than «فیل», is
        # a word of its own.
        return (
            stem in lex.adjectives or (stem[-1] == "ی" and _counted(stem[:-1], lex))
        ) and lex.counts.get(stem + suffix, 0) <= lex.counts.get(stem, 0)
    if suffix in CLITIC:
        # «است» is written apart or on after «ی» («زندگی است», «زندگیست»), not with a ZWNJ.
        after = "ه" if suffix in _AFTER_HEH_ONLY else "هی"
        if _participle(stem, lex):  # also when tagged P too («گذشته», «بسته»)
            return len(stem) >= 3
        if len(stem) < 3 or stem[-1] not in after or stem in lex.particles:
            return False
        if stem[-1] == "ه" and stem[-2] == "ا":
            return False  # «ه» after «ا» is a consonant, clitics are written on: «راهشان»
        if stem[-1] == "ی" and stem[-2] in "او" and suffix in _POSSESSIVE:
            return False  # «ی» after a vowel is a glide: «پایشان», «صدایمان»
        # A counted word, or a relational adjective of one («انسانی‌اند», «هنری‌اش»).
        return _counted(stem, lex) or (stem[-1] == "ی" and _counted(stem[:-1], lex))
    # A plural after «ی» is a plural even of a word hazm does not list («پرسپولیسیها»).
    return _is_word(stem, lex) or (suffix in PLURAL and stem[-1] == "ی" and len(stem) >= 4)


def _participle(word: str, lex: Lexicon) -> bool:
    """A past participle, after a preverb or «می» too («برداشته», «میکرده», «برنگشته»)."""
    return word in lex.participles or any(
        word.startswith(prefix) and word[len(prefix) :] in lex.participles
        for prefix in _PARTICIPLE_PREFIXES
    )


def _verb(word: str, lex: Lexicon) -> str | None:
    for prefix in _VERB_PREFIXES:
        if word.startswith(prefix) and word[len(prefix) :] in lex.verb_bodies:
            return f"{prefix}{ZWNJ}{word[len(prefix) :]}"
    return None


def _verb_form(word: str, lex: Lexicon) -> bool:
    """A verb without «می» (asked after :func:`_verb`), written whole: «بینیم», or with
    the subjunctive or negative prefix on («بیابد», «نبیند»), after a preverb too
    («دربیاید»); never «بی» + «نیم», «دربی» + «اید»."""
    # A preverb alone is no prefix here: «باز» + «یای» would read «بازیای» (a game) as a verb.
    return word in lex.verb_bodies or any(
        word.startswith(prefix) and word[len(prefix) :] in lex.verb_bodies
        for prefix in _MOOD_PREFIXES
    )


def _suffixed(word: str, lex: Lexicon) -> str | None:
    """Stem + inflectional suffix, or None when the word has no such parse.

    A word that parses but needs no ZWNJ («روزهای» = «روز+های», «آنها») or whose parses
    disagree comes back as it is, so that no weaker rule gets to split it.
    """
    parses = []
    for family in (PLURAL, COMPARATIVE, CLITIC):
        for suffix in family:
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and len(stem) >= 2:
                if _takes(stem, suffix, lex):
                    parses.append((stem, suffix))
                break  # only the longest suffix of a family
    if not parses:
        return None
    parse = parses[0] if len(parses) == 1 else _plural_or_clitic(parses, lex)
    if parse is None:
        return word
    stem, suffix = parse
    if suffix in PLURAL and stem in _PLURAL_WRITTEN_ON:
        return word
    return _attach(restore_word(stem), suffix)  # «نرمافزارهای» → «نرم‌افزارهای»


def _plural_or_clitic(parses: list[tuple[str, str]], lex: Lexicon) -> tuple[str, str] | None:
    """«منطقهای»: «منطق+های» or «منطقه+ای»? Decided by corpus frequencies.

    The «ه» word wins when it is the more frequent («منطقه», «چهره»), the plural when its
    stem is five times as frequent in shekar's counts, or ten times in hazm's when shekar
    lacks one of the two («ماه» over «ماهه»), or else when its stem is counted and ends
    in a letter that takes «های» without a ZWNJ («روندهای»); in between, the «ه» word
    wins if shekar lists «Xه‌ای» itself often enough («حرفه‌ای»); otherwise, and with a
    participle («نشسته»), the word stays as written: a wrong ZWNJ costs more than a
    missing one.
    """
    plural = next((p for p in parses if p[1] in PLURAL), None)
    clitic = next((p for p in parses if p[1] in CLITIC), None)
    if plural is None or clitic is None:
        return None
    if _participle(clitic[0], lex):
        # «داشتهایم» is «داشته+ایم», a verb; «نشستهای» is «نشست‌های» as often as not.
        return clitic if clitic[1] != "ای" else None
    stem_frequency = lex.frequency.get(plural[0], 0)
    he_frequency = lex.frequency.get(clitic[0], 0)
    ratio = 10
    if plural[0] in lex.counts and clitic[0] in lex.counts:  # shekar's counts, when it has both
        stem_frequency, he_frequency, ratio = lex.counts[plural[0]], lex.counts[clitic[0]], 5
    if stem_frequency < he_frequency:
        return clitic
    if clitic[1] == "ایم":
        # "we are" is rarer after a noun than "my …s" is: «برگهایم» is «برگ‌هایم».
        return plural
    if plural[0][-1] not in JOINING and lex.frequency.get(plural[0], 0) > 0:
        return plural  # «روندهای»: «روند» is counted and takes «های» without a ZWNJ
    if stem_frequency >= ratio * he_frequency:
        return plural
    # shekar lists some «Xه‌ای» as words of their own («حرفه‌ای», «منطقه‌ای»): one at a
    # tenth of «X»'s count beats its plural, which takes a few percent of «X»'s uses.
    if lex.counts.get(_attach(*clitic), 0) >= 0.1 * lex.counts.get(plural[0], 0) > 0:
        return clitic
    return None


def _plain_derivation(word: str, lex: Lexicon, shortest: int = 3) -> bool:
    """A counted word with an ending written on («بهداشتی» = «بهداشت»+«ی»); not «ی»
    after a silent «ه» («دورهی» is «دوره‌ی»: see :func:`_silent_heh_yeh`)."""
    if word.endswith("ست") and word[-3:-2] in ("ا", "و") and lex.frequency.get(word[:-2], 0) > 0:
        return True  # «است» after a vowel, written on: «تنهاست», «جاست», not «تن‌هاست»
    return any(
        word.endswith(ending)
        and len(word) - len(ending) >= shortest
        and lex.frequency.get(word[: -len(ending)], 0) > 0
        and not (ending == "ی" and _silent_heh_yeh(word))
        for ending in _PLAIN_ENDINGS
    )


def _silent_heh_yeh(word: str) -> bool:
    """«Xهی» where «ه» may be silent (not after «ا»: «راه», «شاه»): no such word is written
    joined, it is «Xه‌ی» (ezafe or indefinite «ی») with its ZWNJ lost («دوره‌ی», «سرمایه‌ی»).
    A word with a consonant «ه» («توجهی», «گروهی») is mostly one hazm lists, and a listed
    word is left alone before this is asked; the others are told by their endings
    (:func:`_consonant_heh`) or by shekar's corpus counting the joined word («زرهی»)."""
    return len(word) >= 4 and word[-2] == "ه" and word[-3] != "ا"


# Endings written on to a word whose final «ه» is a consonant («مشابهات», «مشابهت»,
# «فقها»); a silent «ه» takes its endings after a ZWNJ («دوره‌ها») or changes («خانگی»).
_ON_CONSONANT_HEH = ("ات", "ت", "ا")


def _consonant_heh(word: str, lex: Lexicon) -> bool:
    """Whether the final «ه» of ``word`` is pronounced («مشابه», «فقه»): hazm counts a
    form of it with an ending written on."""
    return any(lex.frequency.get(word + ending, 0) > 0 for ending in _ON_CONSONANT_HEH)


def _prefixed(word: str, lex: Lexicon) -> str | None:
    """«بی» or «به» + a counted word («بیگناه», «بیثباتی» from «ثبات», «بهعنوان»)."""
    prefix, rest = word[:2], word[2:]
    if prefix not in ("بی", "به") or len(rest) < 3:
        return None
    if _counted(rest, lex) or _plain_derivation(rest, lex):
        return f"{prefix}{ZWNJ}{lex.spelled_with_zwnj.get(rest, rest)}"
    # A counted word with a ZWNJ restored after it: «بهگونهای» → «به‌گونه‌ای».
    restored = restore_word(rest)
    first, _, after = restored.partition(ZWNJ)
    if after and lex.frequency.get(first, 0) > 0:
        if lex.frequency.get(prefix + first, 0) > 0:
            # The prefix belongs to a longer first word: «بیمه‌شدگان», not «بی‌مه‌شدگان».
            return f"{prefix}{first}{ZWNJ}{after}"
        return f"{prefix}{ZWNJ}{restored}"
    return None


def _compound(word: str, lex: Lexicon) -> str | None:
    """Two members: a word ending in «ه» + a word («خزانهداری»), or a word + a common
    second member («تصمیمگیری»)."""
    for length in _HEAD_LENGTHS:
        first, head = word[:-length], word[-length:]
        if (
            head in _COMPOUND_HEADS
            and len(first) >= 2
            and first[-1] in JOINING
            and _counted(first, lex)
        ):
            return _attach(first, head)
    for index in range(2, len(word) - 3):
        # A silent «ه» ends a word; after «ا» it is a consonant («شاه», «راه»); after «و»
        # and «ی» it is mostly silent («میوه», «سرمایه»: «گروه» is counted as a whole).
        if word[index] != "ه" or word[index - 1] == "ا":
            continue
        first, second = word[: index + 1], word[index + 1 :]
        if _counted(first, lex) and (_counted(second, lex) or _plain_derivation(second, lex, 2)):
            if _counted(word[:index], lex) and _counted(word[index:], lex):
                return None  # «یکهزار»: «یکه+زار» or «یک+هزار»; undecided
            return f"{first}{ZWNJ}{second}"
    return None


@lru_cache(maxsize=1 << 18)
def restore_word(word: str) -> str:
    """The spelling of a word written without ZWNJ, with the ZWNJs it should have."""
    lex = lexicon()
    if lex.frequency.get(word, 0) > 0 or _plain_derivation(word, lex):
        return word
    spelled = lex.spelled_with_zwnj.get(word)
    if spelled is not None:
        return spelled
    for ending in _PLAIN_ENDINGS:  # a listed compound with an ending («گفت‌وگوی», «…ان»)
        spelled = lex.spelled_with_zwnj.get(word[: -len(ending)]) if word.endswith(ending) else None
        if spelled is not None:
            return spelled + ending
    if (
        word[-1] == "ی"
        and _silent_heh_yeh(word)
        and word not in lex.frequency
        and lex.frequency.get(word[:-1], 0) > 0
        and not _consonant_heh(word[:-1], lex)
        and lex.counts.get(word, 0) == 0
    ):
        return f"{restore_word(word[:-1])}{ZWNJ}ی"  # «دورهی» → «دوره‌ی»
    # A counted word plus ezafe «ی» after a vowel: «انتهای» is «انتها»+«ی», no ZWNJ.
    if word[-1] == "ی" and word[-2] in "او" and lex.frequency.get(word[:-1], 0) > 0:
        return word
    if word.startswith("در") and lex.frequency.get(word[2:], 0) >= _PREPOSITION_ON:
        return word  # «درنهایت»: «در» + «نهایت», not «درن» + «هایت»
    if word.startswith("ال") and _counted(word[2:], lex):
        return word  # «الهلال»: the Arabic article on «هلال», not «اله» + «لال»
    return (
        _verb(word, lex)
        or (word if _verb_form(word, lex) else None)
        or _suffixed(word, lex)
        or _prefixed(word, lex)
        or _compound(word, lex)
        or word
    )


def _join(word: str, suffix: str, lex: Lexicon) -> str | None:
    """«کتاب» + «ها» written apart → «کتاب‌ها»; None when the two stay apart."""
    if len(word) < 2 or word in lex.particles or not _takes(word, suffix, lex):
        return None
    if suffix in PLURAL and word in _PLURAL_WRITTEN_ON:
        return word + suffix  # «آن ها» → «آنها», as «آنها» is kept
    joined = _attach(word, suffix)
    # Written on without a ZWNJ, the word must read as the word-level rules read it, or
    # a second pass would change it.
    return joined if ZWNJ in joined else restore_word(joined)


@lru_cache(maxsize=1 << 18)  # one word stands in many tokens: «کتاب،», «(کتاب»
def _decide_word(word: str) -> str:
    """A word as restoration leaves it: letters repeated three times shortened («خیلییی»),
    then its ZWNJs restored unless it holds a ZWNJ or a mark inside (then it is the
    writer's); a final ezafe hamza («واژه‌نامهٔ») is set aside meanwhile."""
    word = reduce_repeated_letters(word)
    ezafe = "\u0654" if word.endswith("ه\u0654") else ""
    base = word[: len(word) - len(ezafe)]
    return restore_word(base) + ezafe if _PLAIN_WORD.fullmatch(base) else word


@lru_cache(maxsize=1 << 16)
def _before_break(word: str) -> str:
    """A word as :func:`_decide_word` leaves it, when no ezafe can follow it.

    «Xهای» is «X» + «های», the plural *with its ezafe*, or «Xه» + «ای» («منطقه‌ای»,
    «نامه‌ای»). An ezafe must be followed by the word it links, so before punctuation,
    the end of a line, a preposition or conjunction, «را», «که» or a verb, only «Xه‌ای»
    can be meant. hazm must count «Xه», at least a hundredth as often as «X» (by shekar's
    counts when it has both, else hazm's; chosen on the development set), and must not
    count the joined spelling «Xهای» as a word.
    """
    decided = _decide_word(word)
    if not word.endswith("های") or len(word) < 5 or not _PLAIN_WORD.fullmatch(word):
        return decided
    lex = lexicon()
    stem = word[:-2]
    stem_frequency, he_frequency = lex.frequency.get(stem[:-1], 0), lex.frequency.get(stem, 0)
    if he_frequency and stem[:-1] in lex.counts and stem in lex.counts:  # shekar's, if it has both
        stem_frequency, he_frequency = lex.counts[stem[:-1]], lex.counts[stem]
    # A participle is a verb form, which hazm's word list does not count: before a break
    # «کردهای» is «کرده‌ای», «you have done».
    evidence = stem_frequency <= _BREAK_RATIO * he_frequency > 0 or _participle(stem, lex)
    if lex.frequency.get(word, 0) > 0 or not evidence:
        return decided
    if decided != word and not decided.endswith(f"{ZWNJ}های"):
        return decided  # decided by a stronger rule (a listed spelling, a verb)
    return _attach(restore_word(stem), "ای")


# «در» written on a word this frequent is the preposition («درنهایت», «درحالیکه»).
_PREPOSITION_ON = 1_000_000
_BREAK_RATIO = 100  # «Xه» at least this fraction of «X»: hazm counts «زمینه» only 100 times
# Marks after which no ezafe continues the phrase (a line break too, within a token).
_CLOSING = frozenset(".،؛:!؟…»)]–—-\n")
# Marks that open a phrase, stripped off a token's start to find its word («(یک»).
_OPENING = "«([{\"'"
# Words that cannot follow an ezafe: prepositions, conjunctions, «را», forms of «بودن».
# fmt: off
_NO_EZAFE_BEFORE = frozenset({
    "که", "را", "و", "یا", "از", "به", "با", "در", "بر", "تا", "برای", "اما", "ولی", "نیز",
    "چون", "اگر", "زیرا", "است", "بود", "بودند", "هست", "نیست", "اند", "شد", "شده", "شود",
    "شوند", "می", "نمی",
})
# fmt: on
# A plural cannot follow these: «یک نامهای» is «یک نامه‌ای», «هر گوشهای» «هر گوشه‌ای».
_SINGULAR_BEFORE = frozenset({"یک", "هر"})


def _decide_in_token(match: re.Match[str]) -> str:
    word, end = match.group(), match.end()
    if end < len(match.string) and match.string[end] in _CLOSING:
        return _before_break(word)
    return _decide_word(word)


def _decide(token: str) -> str:
    """A space-separated token («کتابها،») with each of its words decided; cached."""
    if len(_DECISIONS) >= _DECISIONS_MAX:
        _DECISIONS.clear()
        _BEFORE_BREAK.clear()
    if _WORDS.fullmatch(token):  # most tokens are just a word
        decided = _decide_word(token)
        if token.endswith("های") and decided != (alternative := _before_break(token)):
            _BEFORE_BREAK[token] = alternative
    else:
        decided = _WORDS.sub(_decide_in_token, token)
    _DECISIONS[token] = decided
    return decided


def _breaks(token: str) -> bool:
    """Whether ``token`` cannot follow an ezafe («را», «که،», «می‌شود», «–»)."""
    if token[:1] in _CLOSING:
        return True
    word = _WORDS.match(token)
    if word is None:
        return False  # a number, a Latin word, an opening mark: an ezafe may link them
    word = word.group()
    return word in _NO_EZAFE_BEFORE or word.startswith(("می" + ZWNJ, "نمی" + ZWNJ))


def _join_mi(text: str) -> str:
    """«می شود» → «می‌شود», «نمی توان» → «نمی‌توان»."""
    out, cursor = [], 0
    verbs = lexicon().verb_bodies
    for match in _MI.finditer(text):
        if match.group(1) in verbs:
            out += [text[cursor : match.start() + 2], ZWNJ]
            cursor = match.start() + 3
    return "".join([*out, text[cursor:]]) if out else text


def _join_suffixes(text: str) -> str:
    """«کتاب ها» → «کتاب‌ها»; «خانه ها ای» joins one step per pass."""
    lex = lexicon()
    while True:
        out, cursor = [], 0
        for match in _DETACHED_SUFFIX.finditer(text):
            start = word_start = match.start()
            while word_start > cursor and text[word_start - 1] in _WORD_CHARS:
                word_start -= 1
            if word_start == start or (word_start and text[word_start - 1] in _EDGE_CHARS):
                continue  # no whole word before it (or one joined in this very pass)
            joined = _join(text[word_start:start], match.group(1), lex)
            if joined is not None:
                out += [text[cursor:word_start], joined]
                cursor = match.end()
        if not out:
            return text
        text = "".join([*out, text[cursor:]])


def _last_word(token: str) -> str:
    """The token's part after a line break and opening marks: «(یک» → «یک»."""
    return token.rpartition("\n")[2].lstrip(_OPENING)


def restore_zwnj(text: str) -> tuple[str, int]:
    """Restore missing ZWNJs word by word and join affixes written apart.

    Returns the text and the number of ZWNJs added. A word that already holds a ZWNJ or
    a mark is the writer's and is left as it is.
    """
    # Tokens between spaces, punctuation and all, are the unit of the cache: splitting on
    # a space is much faster than on word boundaries, and news repeats its tokens too.
    known = _DECISIONS.get
    written = text.split(" ")
    tokens = [known(token) or _decide(token) for token in written]
    if not _BEFORE_BREAK.keys().isdisjoint(written):
        last = len(tokens) - 1
        for index, token in enumerate(written):
            alternative = _BEFORE_BREAK.get(token)
            if alternative is not None and (
                index == last
                or _breaks(tokens[index + 1])
                or (index and _last_word(written[index - 1]) in _SINGULAR_BEFORE)
            ):
                tokens[index] = alternative
    restored = join_detached_affixes(" ".join(tokens))
    return restored, restored.count(ZWNJ) - text.count(ZWNJ)


def join_detached_affixes(text: str) -> str:
    """Join affixes written apart with a plain space: «می شود» → «می‌شود», «کتاب ها» →
    «کتاب‌ها», «پذیرفته ام» → «پذیرفته‌ام»; «است» and the members of a compound stay apart."""
    return _join_suffixes(_join_mi(text)) if " " in text else text
