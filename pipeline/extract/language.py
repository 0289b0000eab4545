"""The language stage: is this Persian? A cheap script and lexical test, no model.

Persian shares its script with Arabic, Urdu, Kurdish and Pashto, so the test looks
at three things: the share of Arabic-script letters (English news fails here),
Persian-only letters پ چ ژ گ and frequent Persian function words (Arabic fails
here), and letters that Persian never uses (ے ں ڈ ۆ ێ …: Urdu, Sorani, Pashto),
counted in the text as it came, since normalization folds some of them into Persian
letters («ے» → «ی»).
"""

from __future__ import annotations

import re

from pipeline.doc import Doc
from pipeline.errors import Reason, Rejected
from pipeline.extract._text import LETTER
from pipeline.models import Language

_ARABIC_SCRIPT = ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
# Letters are counted a run at a time (sum of run lengths): a match per letter was
# most of this stage. The Arabic-script letters are listed one by one so that the
# class needs no lookahead.
_DIGITS = re.compile(r"\d+")
_ARABIC_SCRIPT_LETTERS = re.compile(
    "["
    + "".join(
        chr(code)
        for first, last in _ARABIC_SCRIPT
        for code in range(first, last + 1)
        if LETTER.match(chr(code))
    )
    + "]+"
)
_PERSIAN_LETTERS = frozenset("پچژگ")
# «ھ» is not among them: some Persian sites type it for «ه».
_FOREIGN_LETTERS = frozenset("ٹڈڑںےۓۆہێڵڕەڼښځڅګ")
_WORD = re.compile(r"[\w\u200c]+")

# Frequent words that are Persian and not Arabic, and the reverse (after the
# normalizer mapped ي→ی and ك→ک, so the Arabic list is spelt the Persian way).
_PERSIAN_WORDS = frozenset(
    "است را که این با برای شد کرد می‌شود می‌کند شده بود خود آن ها های نیز اما یک کرده "  # noqa: SIM905
    "دارد گفت هم تا کند شود بر پس وی ما از در به هر داد کردند شدند خبر".split()
)
# «علی» is left out: in Persian it is a common first name.
_ARABIC_WORDS = frozenset(
    "فی الی إلی التی الذی الذین هذا هذه ذلک کان قد أن إن لم لا عن مع بعد قال".split()  # noqa: SIM905
)

MIN_CONFIDENCE = 0.5
# The opening of a story is enough to tell its language.
SAMPLE_CHARS = 1000


def score(text: str, source_text: str | None = None) -> float:
    """How Persian the (normalized) text looks, 0 to 1; foreign letters are counted in
    ``source_text``, the text before normalization, when it is given."""
    words = _WORD.findall(text)
    # A letter ([^\W\d_]) is a word character but a digit, «_» or ZWNJ; digits are few.
    letters = (
        sum(map(len, words))
        - text.count("\u200c")
        - text.count("_")
        - sum(map(len, _DIGITS.findall(text)))
    )
    arabic_script = sum(map(len, _ARABIC_SCRIPT_LETTERS.findall(text)))
    if not letters or not arabic_script:
        return 0.0
    script_share = arabic_script / letters
    # Normalization folds letters, it adds none and drops only page furniture: the
    # share is taken of the normalized text's letters.
    original = text if source_text is None else source_text
    foreign = sum(original.count(letter) for letter in _FOREIGN_LETTERS) / arabic_script
    persian_letters = sum(text.count(letter) for letter in _PERSIAN_LETTERS)
    persian_words = sum(map(_PERSIAN_WORDS.__contains__, words))
    arabic_words = sum(map(_ARABIC_WORDS.__contains__, words))
    # Evidence for Persian against evidence for Arabic, smoothed for short texts.
    lexical = (persian_words + 0.5 * persian_letters + 1) / (
        persian_words + 0.5 * persian_letters + 3 * arabic_words + 2
    )
    return round(max(0.0, script_share * lexical - 5 * foreign), 3)


def detect_language(doc: Doc) -> None:
    """Set ``article.language`` or refuse the story as not Persian."""
    sample = doc.text[:SAMPLE_CHARS]
    if not LETTER.search(doc.text):
        raise Rejected(Reason.EMPTY_STORY, "the text has no words, only digits or punctuation")
    confidence = score(sample, doc.source_text[:SAMPLE_CHARS] or None)
    if confidence < MIN_CONFIDENCE:
        raise Rejected(
            Reason.NOT_PERSIAN, f"text does not look Persian (confidence {confidence:.2f})"
        )
    doc.article.language = Language(code="fa", confidence=confidence)
