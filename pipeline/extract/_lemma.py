"""Lemmas, parts of speech and verb forms for the keywords stage, from hazm's word and
verb lists (``pipeline.wordlists``: offline, no model is downloaded).

hazm's ``Lemmatizer`` is not used as it is: it returns any word its list holds
unchanged, and the list holds unseen inflected forms («کتابها», «بهای», frequency 0),
while conjugating every verb costs 1.6 s and 500k strings at start-up. The rules here
use the same lists: a word is reduced to a stem only when hazm's corpus knows the
stem far better than the word.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import NamedTuple

from pipeline import wordlists
from pipeline.extract._text import ZWNJ, prefixed, verb_forms


class Entry(NamedTuple):
    frequency: int
    tags: frozenset[str]  # hazm's: N, AJ, ADV, PL, NUM, …; empty for unseen words

    @property
    def seen_noun(self) -> bool:
        return self.frequency > 0 and "N" in self.tags


@cache
def entries() -> dict[str, Entry]:
    """hazm's words.dat: word → frequency and part-of-speech tags."""
    return {word: Entry(frequency, tags) for word, frequency, tags in wordlists.hazm_words()}


_PLURALS = (ZWNJ + "هایی", ZWNJ + "های", ZWNJ + "ها", "هایی", "های", "ها")
# Possessives on a word hazm's corpus never saw: «تیمش», «بازیکنانش»; the first and
# second persons' («انتظارم», «زندگی‌تان») only on a common noun, as they end spoken
# verbs («بیام») and names («برجام» is no «برجا») too.
_POSSESSIVES = (ZWNJ + "شان", "شان", ZWNJ + "اش", "ش", ZWNJ + "مان", "مان")
_PERSONAL = (ZWNJ + "تان", "تان", ZWNJ + "ام", "م")
_COMMON_NOUN = 1_000_000  # hazm's frequency: «نظر» 25M, «انتظار» 7M; «برجا» 0.1M
# (suffix, what replaces it): animate and Arabic plurals, the ezafe or indefinite «ی»
# after a vowel or a ZWNJ («بهای» → «بها», «جلسه‌ای» → «جلسه»).
_ENDINGS = (
    ("گان", "ه"), ("یان", "ی"), ("یان", ""), ("ان", ""), ("ات", "ه"), ("ات", ""),
    (ZWNJ + "ای", ""), (ZWNJ + "ی", ""), ("ای", "ا"), ("وی", "و"), ("ی", ""),
)  # fmt: skip
# A word hazm's corpus uses less than this share of its stem's uses is only an
# inflection of it («بهای» 0 against «بها» 6.8M); «سازمان» is no «ساز».
_INFLECTION_SHARE = 0.01


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The noun ``word`` inflects: «کتاب‌ها» → «کتاب», «نمایندگان» → «نماینده»."""
    table = entries()
    own = table.get(word)
    frequency = own.frequency if own else 0
    if not frequency:
        for suffix in _POSSESSIVES + _PERSONAL:
            if (
                word.endswith(suffix)
                and len(stem := word[: -len(suffix)]) > 2
                and (base := lemma(stem)) in table
                and (
                    suffix in _POSSESSIVES
                    or (table[base].seen_noun and table[base].frequency >= _COMMON_NOUN)
                )
            ):
                return base
    for suffix in _PLURALS:
        # «ها» marks a plural whatever the stem; the stem need only be listed («تیم»).
        if word.endswith(suffix) and len(stem := word[: -len(suffix)]) > 1 and stem in table:
            return stem
    if own is not None and "N" in own.tags:
        # Listed as a noun of its own: «واردات», «صادرات» are not «وارده», «صادره».
        return word
    for suffix, replacement in _ENDINGS:
        if not word.endswith(suffix):
            continue
        stem = word[: -len(suffix)] + replacement
        known = table.get(stem)
        if (
            known is not None
            and known.seen_noun
            and len(stem) > 2
            and frequency < known.frequency * _INFLECTION_SHARE
        ):
            return stem
    return word


_ENDINGS_PRESENT = ("م", "د", "یم", "ید", "ند")  # not «ی»: «داری», «گیری» are nouns
_ENDINGS_PAST = ("", "م", "ی", "یم", "ید", "ند")
# Verb forms hazm also lists as nouns that news uses as verbs all the same.
_ALWAYS_VERBS = frozenset({"نمود", "دید", "کند", "شوم", "رسید", "داد"})


@cache
def verbs() -> frozenset[str]:
    """Finite verbs in any person and tense, with «می»/«ن»/«ب» or bare («نماید»,
    «گردید», «باشد», «می‌گفت»), past participles and infinitives; minus the forms
    hazm's corpus knows as nouns («گندم», «مردم», «تولید», «نشست», «تورم»)."""
    forms = set(verb_forms())
    for past, present in wordlists.verb_stems():
        for negation in ("", "ن"):
            if len(present) > 1:  # «نماید», «گردد», «نشود»: subjunctive without «ب»
                forms.update(prefixed(negation, present) + ending for ending in _ENDINGS_PRESENT)
            if past:
                stem = prefixed(negation, past)
                forms.add(stem + "ن")
                # «کرده‌ام», «رفته‌ایم»: the perfect in the persons verb_forms leaves out.
                forms.update(f"{stem}ه{ZWNJ}{ending}" for ending in ("ام", "ای", "ایم", "اید"))
                for prefix in ("می" + ZWNJ, negation + "می" + ZWNJ):
                    forms.update(prefix + past + ending for ending in _ENDINGS_PAST)
    table = entries()
    nouns = {
        form
        for form in forms
        if (entry := table.get(form)) is not None
        and entry.seen_noun
        and not form.endswith(("ه", "ن", ZWNJ + "اند", ZWNJ + "است"))
    }
    return frozenset(forms - nouns) | _ALWAYS_VERBS


# A verb joined to its noun, as some agencies write it: «اظهارداشت», «برگزارشد».
_LIGHT_VERBS = ("داشت", "کرد", "شد", "نمود", "گردید", "کند", "شود", "نماید", "گردد", "دارد")


@lru_cache(maxsize=65536)
def is_verb(word: str) -> bool:
    if word in verbs():
        return True
    for light in _LIGHT_VERBS:
        if word.endswith(light) and len(word) > len(light) + 2:
            head = entries().get(word[: -len(light)])
            if head is not None and head.seen_noun and word not in entries():
                return True
    return False


# Light verbs, whose noun or adjective before them is part of the verb: «منتشر کنم»,
# «برگزار خواهد شد», «مورد ستایش قرار داد», «کشف شد».
_LIGHT_STEMS = (
    ("کرد", "کن"), ("شد", "شو"), ("داد", "ده"), ("گرفت", "گیر"), ("نمود", "نما"),
    ("گردید", "گرد"), ("داشت", "دار"), ("زد", "زن"), ("یافت", "یاب"),
)  # fmt: skip


@cache
def light_verbs() -> frozenset[str]:
    """Every form of the light verbs, the future's «خواهد» and a detached «می»."""
    forms = {"می", "نمی"}
    for negation in ("", "ن"):
        forms.update(negation + "خواه" + ending for ending in _ENDINGS_PRESENT)
        prefixes = ("", "می" + ZWNJ, "می") if negation else ("", "می" + ZWNJ, "می", "ب")
        for past, present in _LIGHT_STEMS:
            for prefix in prefixes:
                forms.update(negation + prefix + present + ending for ending in _ENDINGS_PRESENT)
            for prefix in ("", "می" + ZWNJ):
                forms.update(negation + prefix + past + ending for ending in _ENDINGS_PAST)
            forms.add(negation + past + "ه")
            forms.update(f"{negation}{past}ه{ZWNJ}{aux}" for aux in ("است", "اند", "ام", "ایم"))
    return frozenset(forms)
