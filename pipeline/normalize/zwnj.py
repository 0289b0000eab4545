"""Restore the zero-width non-joiners (ZWNJ, U+200C) that scrapers strip.

A word is changed only when the evidence is positive (precision over recall):

1. hazm's word list spells it with a ZWNJ («گفتوگو» → «گفت‌وگو», «بینالمللی»);
2. else, a word hazm counted in its corpus is left as it is («بیمار», «میز», «تنها»);
3. else, it parses as «می»/«نمی» (after an optional preverb) + a verb stem with its
   ending («میشود»), as a known stem + plural «ها…», comparative «تر/ترین» on an
   adjective, a clitic «ای/ام/اش/اند…» on a stem ending in «ه» or «ی», or «بی» + a
   counted word. When two parses compete («منطقهای»: «منطق+های» or «منطقه+ای») the
   one with the more frequent stem wins.

The ZWNJ goes in only after a letter that would otherwise join the next one; after
«ا د ذ ر ز ژ و» a suffix is simply written on («کشورها»). Decisions are cached per word:
news vocabulary repeats, so most tokens cost one dictionary look-up.

Affixes written apart with a plain space («می شود», «کتاب ها», «پذیرفته ام») are joined;
two words of a compound («رئیس جمهور») are not: that space is the author's choice.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.normalize.characters import LETTER, MARK, ZWNJ
from pipeline.normalize.lexicon import Lexicon, lexicon

# Letters that join the following letter: only after these is a ZWNJ visible.
JOINING = frozenset("بپتثجچحخسشصضطظعغفقکگلمنهیئ")

_PLURAL = ("هایشان", "هایتان", "هایمان", "هایش", "هایت", "هایم", "هایی", "های", "ها")
_COMPARATIVE = ("ترین", "تری", "تر")
_CLITIC = ("اید", "ایم", "اند", "اش", "ات", "ام", "ای")
_VERB_PREFIXES = tuple(
    preverb + negation
    for preverb in ("بر", "در", "باز", "فرا", "فرو", "وا", "")
    for negation in ("نمی", "می")
)

_EDGE = f"{LETTER}{MARK}{ZWNJ}"
_TOKEN = re.compile(f"(?<![{_EDGE}])[{LETTER}]{{3,}}(?![{_EDGE}])")
_SPACED_SUFFIX = re.compile(
    f"(?<![{_EDGE}])([{LETTER}]+(?:{ZWNJ}[{LETTER}]+)*) "
    f"({'|'.join(_PLURAL + _COMPARATIVE + _CLITIC)})(?![{_EDGE}])"
)
_SPACED_MI = re.compile(f"(?<![{_EDGE}])(ن?می) ([{LETTER}]+)(?![{_EDGE}])")


def _attach(stem: str, suffix: str) -> str:
    return f"{stem}{ZWNJ}{suffix}" if stem[-1] in JOINING else stem + suffix


def _is_word(word: str, lex: Lexicon) -> bool:
    return word in lex.frequency or word in lex.spelled_with_zwnj or ZWNJ in word


def _takes(stem: str, suffix: str, lex: Lexicon) -> bool:
    """Whether ``suffix`` attaches to the word ``stem`` (by its morphology, not its spelling)."""
    if suffix in _COMPARATIVE:
        return stem in lex.adjectives
    if suffix in _CLITIC:
        return stem[-1] in "هی" and (stem in lex.participles or _is_word(stem, lex))
    return _is_word(stem, lex)


def _verb(word: str, lex: Lexicon) -> str | None:
    for prefix in _VERB_PREFIXES:
        if word.startswith(prefix) and word[len(prefix):] in lex.verb_bodies:
            return f"{prefix}{ZWNJ}{word[len(prefix):]}"
    return None


def _suffixed(word: str, lex: Lexicon) -> str | None:
    best, best_frequency = None, -1
    for family in (_PLURAL, _COMPARATIVE, _CLITIC):
        for suffix in family:
            stem = word[: -len(suffix)]
            if not word.endswith(suffix) or len(stem) < 2:
                continue
            if stem[-1] in JOINING and _takes(stem, suffix, lex):
                frequency = lex.frequency.get(stem, 0)
                if frequency > best_frequency:
                    best = _attach(lex.spelled_with_zwnj.get(stem, stem), suffix)
                    best_frequency = frequency
            break  # only the longest suffix of a family
    return best


def _privative(word: str, lex: Lexicon) -> str | None:
    """«بی» + a counted word («بیگناه», «بیثباتی» from «ثبات»)."""
    rest = word[2:]
    if word.startswith("بی") and len(rest) >= 3:
        base = rest[:-1] if rest.endswith("ی") and lex.frequency.get(rest, 0) == 0 else rest
        if lex.frequency.get(base, 0) > 0:
            return f"بی{ZWNJ}{rest}"
    return None


@lru_cache(maxsize=1 << 18)
def restore_word(word: str) -> str:
    """The spelling of a word written without ZWNJ, with the ZWNJs it should have."""
    lex = lexicon()
    spelled = lex.spelled_with_zwnj.get(word)
    if spelled is not None:
        return spelled
    if lex.frequency.get(word, 0) > 0:
        return word
    # A counted word plus ezafe «ی» after a vowel: «انتهای» is «انتها»+«ی», no ZWNJ.
    if word[-1] == "ی" and word[-2] in "او" and lex.frequency.get(word[:-1], 0) > 0:
        return word
    return _verb(word, lex) or _suffixed(word, lex) or _privative(word, lex) or word


def _join_suffix(match: re.Match[str]) -> str:
    word, suffix = match.groups()
    lex = lexicon()
    if len(word) >= 2 and word not in lex.stopwords and _takes(word, suffix, lex):
        return _attach(word, suffix)
    return match.group()


def _join_mi(match: re.Match[str]) -> str:
    prefix, body = match.groups()
    return f"{prefix}{ZWNJ}{body}" if body in lexicon().verb_bodies else match.group()


def restore_zwnj(text: str) -> tuple[str, int]:
    """Restore missing ZWNJs word by word, then join affixes written apart.

    Returns the text and the number of ZWNJs added.
    """
    before = text.count(ZWNJ)
    text = _TOKEN.sub(lambda match: restore_word(match.group()), text)
    if " " in text:
        text = _SPACED_MI.sub(_join_mi, text)
        # «خانه ها ای» joins step by step; every join removes a space, so this ends.
        while (joined := _SPACED_SUFFIX.sub(_join_suffix, text)) != text:
            text = joined
    return text, text.count(ZWNJ) - before
