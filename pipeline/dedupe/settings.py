"""Tunable parameters of deduplication, in one frozen record."""

from __future__ import annotations

from dataclasses import dataclass

MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS


@dataclass(frozen=True, slots=True)
class DedupSettings:
    """How stories are fingerprinted, indexed and judged.

    Fingerprint shape (must match between the producer of fingerprints and the index):

    - ``gram_chars``: length of the character grams (over letters and digits only).
    - ``sample_bits``: keep a gram when its hash falls in the lowest 1/2**bits of the
      range; both copies of a story keep the same grams, and hashing gets cheaper.
    - ``num_perm``: MinHash values over all kept grams.
    - ``lead_grams`` / ``lead_perm``: MinHash of the first kept grams only. A brief is
      the lead of the long story, a digest is not the lead of what it quotes.
    - ``numbers``: how many distinct numbers, in order of first use, are compared.
    - ``opening_chars``: the first sentence, in letters and digits, is hashed into
      one more LSH key when it has at least this many: a one-sentence flash («خبر
      فوری») is its story's first sentence, yet too short for the MinHashes to find
      it or to estimate its containment. A shorter first sentence («فوری»)
      opens too many stories to say anything.

    Judging:

    - ``containment``: |A∩B|/min(|A|,|B|) (estimated from Jaccard and the set sizes)
      at which the shorter story is a copy of the longer one: republishers trim,
      drop and append, so a copy lies (nearly) inside its source. It must also
      overlap it broadly (``threshold``, Jaccard), or start the same
      (``lead_threshold``, Jaccard of the leads) and lie inside it up to
      ``lead_containment``; a digest quoting a story mid-way does neither.
    - ``brief_ratio``, ``brief_lead``, ``brief_containment``: a brief, at most
      ``brief_ratio`` of the story's size with the same lead, needs only
      ``brief_containment``: estimating containment from Jaccard is noisy at such
      size ratios. A flash, one sentence that is the other story's first sentence,
      needs no estimate at all.
    - ``number_agreement``: share of the shorter story's numbers that the longer
      story must also carry; daily figures on one template differ here.
    - ``inside_containment`` and ``inside_ratio``: a copy with another lead (and
      so neither the same lead nor a broad overlap) is still the same story when
      it lies wholly inside a story at most this much longer: an outlet's own
      opening line and an appended section. A digest quoting a story whole is
      several times its size.
    - ``own_lead_containment``: a copy that opens on a line of its own, after which
      it reads as the other story's lead, is the same story when this much of the
      rest lies inside the other (the line set aside).
    - ``inside_grams``: ``inside_containment`` also holds when the longer story is at
      most this many kept grams longer (~400 characters): a short story's cut or
      dropped sentences, where a digest adds whole stories.
    - ``edit_grams`` and ``edit_slack``: each cut or dropped sentence leaves the grams
      that span it (15 characters, ~4 kept grams) outside the other copy, whatever the
      story's size. Each containment bar leaves room for ``edit_grams`` of the
      shorter story's grams (in a 60-gram story, 0.2 of it), lowered by at most
      ``edit_slack``.
    - ``same_hours_ms``, ``same_hours_ratio``, ``same_hours_containment`` and
      ``same_hours_grams``: a copy whose lead and a few sentences another outlet
      rewrote (containment and Jaccard below the other bars) is the same story when
      the two ran within this many hours, the shorter is at least this share of the
      longer's size and of at least this many kept grams, and this much of it lies
      in the other. Follow-ups and a series' next issue come a day later, a digest
      is several stories long, and two short pages on one boilerplate introduction
      share little else.
    - ``excerpt_containment``: a shorter story that says it is part of an interview
      or a speech («در بخشی از گفت‌وگو با …») is the longer one's excerpt when this
      much of it lies in the longer, at any size ratio: the figures of a digest item,
      which never says so.
    - ``head_grams``: a fingerprint keeps its first this many distinct kept grams (16
      bits each) as a set: a shorter story is there whole, so two short stories are
      compared exactly, and a brief against a long story's opening.
    - ``bands`` x ``rows`` of the MinHash, and ``lead_bands`` x ``lead_rows`` of the
      lead MinHash, are the LSH keys that find candidates.
    - ``window_ms``: stories older than this, relative to the newest ingest time
      seen, are forgotten, in steps of ``expiry_step_ms``.
    - ``bucket_cap``: an LSH bucket shared by more stories than this holds
      boilerplate, not content; only its newest entries are candidates.
    """

    gram_chars: int = 16
    sample_bits: int = 2
    num_perm: int = 128
    lead_grams: int = 40
    lead_perm: int = 16
    numbers: int = 16
    opening_chars: int = 32
    head_grams: int = 128
    threshold: float = 0.7
    containment: float = 0.8
    lead_threshold: float = 0.4
    lead_containment: float = 0.9
    brief_ratio: float = 0.7
    brief_lead: float = 0.8
    brief_containment: float = 0.6
    number_agreement: float = 0.8
    inside_containment: float = 0.92
    own_lead_containment: float = 0.85
    inside_ratio: float = 0.6
    inside_grams: int = 96
    same_hours_ms: int = 6 * HOUR_MS
    same_hours_ratio: float = 0.75
    same_hours_containment: float = 0.7
    same_hours_grams: int = 96
    excerpt_containment: float = 0.7
    edit_grams: int = 12
    edit_slack: float = 0.1
    bands: int = 9
    rows: int = 2
    lead_bands: int = 1
    lead_rows: int = 2
    window_ms: int = 7 * DAY_MS
    expiry_step_ms: int = HOUR_MS
    bucket_cap: int = 64

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError("bands * rows exceeds num_perm")
        if self.lead_bands * self.lead_rows > self.lead_perm:
            raise ValueError("lead_bands * lead_rows exceeds lead_perm")
        if not 0 <= self.sample_bits < 16:
            raise ValueError("sample_bits must be in [0, 16)")
        if self.num_perm % 2 or self.lead_perm % 2:
            raise ValueError("num_perm and lead_perm must be even (stored two 4-bit values a byte)")
        if max(self.num_perm, self.lead_perm, self.numbers, self.opening_chars,
               self.head_grams) > 255:
            raise ValueError(
                "num_perm, lead_perm, numbers, opening_chars and head_grams must fit in a byte")

    @property
    def layout(self) -> tuple[int, ...]:
        """The parameters that decide what a fingerprint is, its LSH keys (the banding)
        included, and what the index stores: fingerprints and an index of different
        layouts cannot be compared, and a store built with another layout is refused
        rather than silently misread."""
        return (self.gram_chars, self.sample_bits, self.num_perm, self.lead_grams,
                self.lead_perm, self.numbers, self.opening_chars, self.head_grams, self.bands,
                self.rows, self.lead_bands, self.lead_rows)
