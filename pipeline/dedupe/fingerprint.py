"""What deduplication knows about one story: a compact, serialisable fingerprint."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import xxhash

from pipeline.dedupe.settings import DedupSettings
from pipeline.dedupe.text import compact_codes, declares_excerpt, distinct_numbers, gram_hashes
from pipeline.sentences import SENTENCE_END

# 8: the MinHash values travel as the index keeps them (4 bits each) with the LSH keys
# made of the whole values, and the shape holds the banding (what the keys depend on).
FORMAT = 8
# format; shape: gram_chars, sample_bits, num_perm, lead_grams, lead_perm, numbers,
# opening_chars, head_grams, bands, rows, lead_bands, lead_rows; exact, opening, one
# sentence, size, first sentence's size, count of numbers, how many of them the first
# sentence holds, count of head grams, excerpt, count of LSH keys
_HEADER = struct.Struct("<BBBBHBBBHBBBBQI?IIBBH?B")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_EMPTY_HASH = 0xFFFFFFFF
KEY_BYTES = 3  # an LSH bucket key: 24 bits


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A story reduced to what judging needs.

    ``exact`` hashes the compacted text (letters and digits only, folded), so copies
    that differ in spacing, ZWNJ, Arabic letters, digits or punctuation agree.
    ``minhash`` and ``lead`` are MinHash values over all kept grams and over the lead's
    grams, each kept to its low 4 bits, two to a byte (b-bit MinHash: what the index
    stores and compares); ``keys`` are the story's LSH bucket keys (:data:`KEY_BYTES`
    each), made of the whole 32-bit values before they were cut. ``size`` counts
    distinct kept grams (for containment); ``numbers`` are 16-bit hashes of the first
    distinct numbers (the index keeps and compares their low 8 bits, enough to tell
    two days' figures apart); ``opening`` hashes the first sentence's letters and
    digits (0 when it has fewer than ``opening_chars``); ``one_sentence`` says the
    text is that sentence alone. ``first_size`` counts the kept grams that start in
    the first sentence, and ``second_lead`` is the lead MinHash of the text after it:
    a copy that opens with a sentence of its own has its original's lead there, and
    ``first_numbers`` of the ``numbers`` are that sentence's (its own figures, which
    the original lacks). ``excerpt`` says the text calls itself part of an interview
    or a speech (:func:`~pipeline.dedupe.text.declares_excerpt`). ``shape`` is
    :attr:`DedupSettings.layout` of the settings that made it.
    """

    exact: int
    minhash: bytes
    lead: bytes
    size: int
    numbers: tuple[int, ...]
    shape: tuple[int, ...]
    keys: bytes = b""
    opening: int = 0
    one_sentence: bool = False
    first_size: int = 0
    second_lead: bytes = b""
    first_numbers: int = 0
    head: bytes = b""
    excerpt: bool = False

    @property
    def key_values(self) -> list[int]:
        """The LSH bucket keys as integers."""
        keys = self.keys
        return [int.from_bytes(keys[at : at + KEY_BYTES], "little")
                for at in range(0, len(keys), KEY_BYTES)]

    @property
    def head_values(self) -> np.ndarray:
        return np.frombuffer(self.head, dtype="<u2")

    def to_bytes(self) -> bytes:
        """A compact binary form: a fixed header, then the arrays."""
        header = _HEADER.pack(
            FORMAT, *self.shape, self.exact, self.opening, self.one_sentence, self.size,
            self.first_size, len(self.numbers), self.first_numbers, len(self.head) // 2,
            self.excerpt, len(self.keys) // KEY_BYTES,
        )
        numbers = struct.pack(f"<{len(self.numbers)}H", *self.numbers)
        return header + self.keys + self.minhash + self.lead + self.second_lead + numbers + self.head

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        fmt, *rest = _HEADER.unpack_from(data)
        if fmt != FORMAT:
            raise ValueError(f"unknown fingerprint format {fmt}")
        shape = tuple(rest[:12])
        (exact, opening, one_sentence, size, first_size, count, first_numbers, heads, excerpt,
         key_count) = rest[12:]
        perms, lead_perms = shape[2], shape[4]
        at = _HEADER.size
        keys = bytes(data[at : at + KEY_BYTES * key_count])
        at += KEY_BYTES * key_count
        minhash = bytes(data[at : at + perms // 2])
        at += perms // 2
        lead = bytes(data[at : at + lead_perms // 2])
        at += lead_perms // 2
        second_lead = bytes(data[at : at + lead_perms // 2])
        at += lead_perms // 2
        if at + 2 * count + 2 * heads != len(data):
            raise ValueError("fingerprint bytes have the wrong length")
        numbers = struct.unpack_from(f"<{count}H", data, at)
        head = bytes(data[at + 2 * count :])
        return cls(exact, minhash, lead, size, numbers, shape, keys, opening, one_sentence,
                   first_size, second_lead, first_numbers, head, excerpt)


def _nibbles(values: np.ndarray) -> np.ndarray:
    """Keep the low 4 bits of each MinHash value, two values to a byte."""
    low = (values & 0xF).astype(np.uint8)
    return low[0::2] | (low[1::2] << 4)


@lru_cache(maxsize=8)
def _permutations(count: int) -> tuple[np.ndarray, np.ndarray]:
    """Fixed random multiply-add-shift hash functions; seeded so every process agrees."""
    rng = np.random.default_rng(20_260_529)
    a = rng.integers(1, 2**63, size=count, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=count, dtype=np.uint64)
    return a[:, None], b[:, None]


# Grams per pass: the count x chunk matrix stays at 4 MB where a 2 MB story's 375,000
# kept grams would need 384 MB at once.
_MINHASH_CHUNK = 4096


def _minhash(hashes: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` MinHash values of ``hashes`` (repeats change nothing)."""
    if len(hashes) == 0:
        return np.full(count, _EMPTY_HASH, dtype="<u4")
    a, b = _permutations(count)
    minima = None
    for start in range(0, len(hashes), _MINHASH_CHUNK):
        permuted = a * hashes[None, start : start + _MINHASH_CHUNK]
        permuted += b  # in place: the matrix is count x chunk uint64
        chunk_minima = permuted.min(axis=1)
        minima = chunk_minima if minima is None else np.minimum(minima, chunk_minima)
    # The shift keeps order, so it can wait until after the minimum: count values.
    return (minima >> np.uint64(32)).astype("<u4")


# Frozen, so one instance serves every call (building one ran its checks each story).
_DEFAULT_SETTINGS = DedupSettings()


def _distinct(values: np.ndarray) -> int:
    """How many different values: ``len(np.unique(values))``, which costs ~5x as much
    on a story's few hundred grams."""
    ordered = np.sort(values)
    return int(np.count_nonzero(ordered[1:] != ordered[:-1])) + 1 if len(ordered) else 0


def fingerprint(text: str, settings: DedupSettings | None = None) -> Fingerprint:
    """Fingerprint a story's text (dateline already cut out by the caller)."""
    settings = settings or _DEFAULT_SETTINGS
    codes = compact_codes(text)
    opening, one_sentence, first_chars = _opening(text, codes, settings)
    hashes = np.empty(0, np.uint64)
    first_size = 0
    if len(codes) >= settings.gram_chars:  # shorter (an empty page, a caption): size 0
        hashes = gram_hashes(codes, settings.gram_chars)
        if settings.sample_bits:
            kept = hashes >> np.uint64(64 - settings.sample_bits) == 0
            if kept.any():  # a short text keeps what there is
                first_size = int(np.count_nonzero(kept[:first_chars]))
                hashes = hashes[kept]
            else:
                first_size = min(first_chars, len(hashes))
        else:
            first_size = min(first_chars, len(hashes))
    compacted = codes.tobytes()
    letters_and_digits = compacted.decode("utf-32-le")
    distinct = distinct_numbers(letters_and_digits, settings.numbers)
    numbers = tuple(xxhash.xxh32_intdigest(n.encode()) & 0xFFFF for n in distinct)
    lead_end = settings.lead_grams
    minhash = _minhash(hashes, settings.num_perm)
    lead = _minhash(hashes[:lead_end], settings.lead_perm)
    second_lead = _minhash(hashes[first_size : first_size + lead_end], settings.lead_perm)
    size = _distinct(hashes)
    keys = _lsh_keys(minhash, lead, second_lead if size - first_size >= lead_end // 4 else None,
                     opening, settings)
    return Fingerprint(
        exact=xxhash.xxh3_64_intdigest(compacted),
        # MinHash is the same over repeated grams, so only the size needs them distinct.
        minhash=_nibbles(minhash).tobytes(),
        lead=_nibbles(lead).tobytes(),
        size=size,
        numbers=numbers,
        shape=settings.layout,
        keys=b"".join(key.to_bytes(KEY_BYTES, "little") for key in keys),
        opening=opening,
        one_sentence=one_sentence,
        first_size=first_size,
        second_lead=_nibbles(second_lead).tobytes(),
        # Numbers are listed in order of first use: the first sentence's come first.
        first_numbers=len(distinct_numbers(letters_and_digits[:first_chars], settings.numbers)),
        head=_head(hashes, settings.head_grams),
        excerpt=declares_excerpt(letters_and_digits),
    )


def _lsh_keys(minhash: np.ndarray, lead: np.ndarray, second_lead: np.ndarray | None,
              opening: int, settings: DedupSettings) -> list[int]:
    """24-bit bucket keys, each once, in order: bands of the MinHash, bands of the lead
    MinHash, the first band of ``second_lead`` in the lead's key space (an own opening
    line's copy meets its original there; None when the text after the first sentence
    is too short to have a lead), and the opening's hash (two stories that open alike
    share it)."""
    keys = []
    for values, bands, rows, offset in ((minhash, settings.bands, settings.rows, 0),
                                         (lead, settings.lead_bands, settings.lead_rows, 128)):
        for band in range(bands):
            chunk = values[band * rows : (band + 1) * rows].tobytes()
            keys.append(xxhash.xxh3_64_intdigest(bytes([offset + band]) + chunk) & 0xFFFFFF)
    if second_lead is not None:
        chunk = second_lead[: settings.lead_rows].tobytes()
        keys.append(xxhash.xxh3_64_intdigest(bytes([128]) + chunk) & 0xFFFFFF)
    if opening:
        keys.append(opening & 0xFFFFFF)
    return list(dict.fromkeys(keys))


def _head(hashes: np.ndarray, count: int) -> bytes:
    """The first ``count`` distinct kept grams, 16 bits of each, in order of first use:
    a short story whole, or a long one's opening, as a set that can be intersected
    exactly; its first ``first_size`` grams are the first sentence's."""
    grams = (hashes & np.uint64(0xFFFF)).astype("<u2")
    _, first = np.unique(grams, return_index=True)
    return grams[np.sort(first)[:count]].tobytes()


def _opening(text: str, codes: np.ndarray, settings: DedupSettings) -> tuple[int, bool, int]:
    """A hash of the first sentence's letters and digits (0 when it has fewer than
    ``opening_chars``: it would open too many stories), whether it is the whole text,
    and how many letters and digits it has."""
    # From the first letter or digit: a text may open with a line break or a mark.
    start = _LETTER_OR_DIGIT.search(text)
    end = SENTENCE_END.search(text, start.end()) if start else None
    sentence = codes if end is None else compact_codes(text[: end.start()])
    if len(sentence) < settings.opening_chars:
        return 0, False, len(sentence)
    return xxhash.xxh32_intdigest(sentence.tobytes()) or 1, len(sentence) == len(codes), len(sentence)
