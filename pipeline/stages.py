"""The named stages a story goes through, and the runner that applies them.

    raw bytes ─ parse ─ html ─ normalize ─ language ─ structure ─ agency ─ dates
      ─ entities ─ quotes ─ numbers ─ keywords ─ stats ─ identify ─ fingerprint

Each stage is a plain function ``stage(doc) -> None`` (see :mod:`pipeline.doc`);
the extraction stages live in :mod:`pipeline.extract`, one module each. The worker
and ``khabar process`` both call :meth:`Pipeline.analyse`, so they cannot drift.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline import __version__
from pipeline.deadletter import dead_letter
from pipeline.dedupe import Fingerprint, fingerprint
from pipeline.doc import Doc
from pipeline.errors import Reason, Rejected
from pipeline.extract import EXTRACTION_STAGES, read_html
from pipeline.ingest import DEFAULT_MAX_STORY_BYTES, parse_raw
from pipeline.models import Article, DeadLetter, Processing, RawStory, SourcePosition
from pipeline.normalize import normalize_story

Stage = Callable[[Doc], None]

# A story of a few kilobytes takes milliseconds and the 2 MB limit about a second; a
# story still running after this long is hostile or hits a slow path, and must cost
# one dead letter, not the partition.
DEFAULT_STORY_TIME_BUDGET_MS = 5000


def normalize_stage(doc: Doc) -> None:
    """Replace the working text by normalized text, boilerplate footer removed."""
    normalized = normalize_story(doc.text)
    if not normalized.text.strip():
        raise Rejected(Reason.EMPTY_STORY, "nothing left after removing page furniture")
    doc.source_text, doc.text = doc.text, normalized.text
    doc.normalization = dict(normalized.counts)


def identify_stage(doc: Doc) -> None:
    """Keep the producer's id; otherwise derive one from what identifies the delivery.

    A redelivery must get its id again and another outlet's copy must not: the id
    hashes the story's URL, else its source position (Kafka topic, partition and
    offset, or file and line), with the text. The text alone would make the same
    wire copy from two sites one story judged twice, never a duplicate.
    """
    if doc.article.id:
        return
    position = doc.position
    origin = doc.article.url or (
        f"{position.topic}/{position.partition}/{position.offset}" if position else "")
    delivery = f"{origin}\n{doc.article.text}".encode(errors="surrogatepass")
    doc.article.id = f"kh-{hashlib.blake2b(delivery, digest_size=10).hexdigest()}"


STAGES: tuple[tuple[str, Stage], ...] = (
    ("html", read_html),
    ("normalize", normalize_stage),
    *EXTRACTION_STAGES,
    ("identify", identify_stage),
)


@dataclass(slots=True)
class Analysed:
    """An article ready for deduplication, with the fingerprint that decides it."""

    article: Article
    fingerprint: Fingerprint
    ingest_ms: int


# A short invented story that touches every stage, for :meth:`Pipeline.warm_up`.
_WARM_UP_STORY = (
    "به گزارش ایرنا، وزیر نیرو روز دوشنبه ۱۵ آبان ۱۴۰۲ در تبریز گفت: "
    "بیش از ۲ هزار میلیارد تومان برای طرحهای آبرسانی هزینه میشود.\nانتهای پیام"
).encode()


class Pipeline:
    """Runs the stages over one raw story; never raises on bad input."""

    def __init__(
        self,
        stages: Sequence[tuple[str, Stage]] = STAGES,
        max_story_bytes: int = DEFAULT_MAX_STORY_BYTES,
        time_budget_ms: float = DEFAULT_STORY_TIME_BUDGET_MS,
    ) -> None:
        """``time_budget_ms`` bounds one story's stages; 0 or less means no budget."""
        self.stages = tuple(stages)
        self.max_story_bytes = max_story_bytes
        self.time_budget_ms = time_budget_ms

    def analyse(
        self, data: bytes, position: SourcePosition | None = None, ingest_ms: int | None = None
    ) -> Analysed | DeadLetter:
        """Turn raw bytes into an analysed article, or a dead letter saying why not."""
        story_id = None
        try:
            raw = parse_raw(data, self.max_story_bytes)
            story_id = raw.id
            doc = Doc(raw=raw, article=_blank_article(raw), text=raw.body or "", position=position)
            self.run(doc)
            started = time.perf_counter()
            story_print = fingerprint(_without_dateline(doc))
            doc.timings_ms["fingerprint"] = round((time.perf_counter() - started) * 1000, 3)
        except Rejected as rejection:
            return dead_letter(data, rejection, position, story_id or rejection.story_id)
        except Exception as error:  # noqa: BLE001 -- a bug must cost one story, not the partition
            rejection = Rejected(Reason.INTERNAL_ERROR, f"{type(error).__name__}: {error}")
            return dead_letter(data, rejection, position, story_id)
        if ingest_ms is None:
            ingest_ms = position.timestamp_ms if position and position.timestamp_ms else 0
        return Analysed(article=doc.article, fingerprint=story_print, ingest_ms=ingest_ms)

    def warm_up(self) -> None:
        """Load every lexicon and gazetteer now, not on the first real story.

        Fails loudly if the stages cannot make an article of a plain story: a worker
        with a broken pipeline must not start and dead-letter everything. Loading is
        no story's work, so the time budget does not apply (the lexicons are shared
        by every pipeline of the process).
        """
        unbounded = Pipeline(self.stages, self.max_story_bytes, time_budget_ms=0)
        outcome = unbounded.analyse(_WARM_UP_STORY)
        if isinstance(outcome, DeadLetter):
            raise RuntimeError(f"pipeline self-check failed: {outcome.reason}: {outcome.detail}")  # noqa: TRY004

    def run(self, doc: Doc) -> Doc:
        """Apply every stage in order, timing each, and seal the processing record.

        Raises ``Rejected(TIMEOUT)`` as soon as a stage ends past the time budget: pure
        Python cannot be interrupted mid-stage, so the budget is checked between stages.
        """
        run_started = time.perf_counter()
        for name, stage in self.stages:
            started = time.perf_counter()
            stage(doc)
            ended = time.perf_counter()
            doc.timings_ms[name] = round((ended - started) * 1000, 3)
            spent_ms = (ended - run_started) * 1000
            if 0 < self.time_budget_ms < spent_ms:
                raise Rejected(
                    Reason.TIMEOUT,
                    f"{spent_ms:.0f} ms spent by the end of stage {name!r}, "
                    f"more than the {self.time_budget_ms:g} ms budget",
                )
        doc.article.processing = Processing(
            pipeline_version=__version__,
            timings_ms=doc.timings_ms,
            normalization=doc.normalization,
            source=doc.position,
        )
        return doc


def _blank_article(raw: RawStory) -> Article:
    return Article(id=raw.id or "", text="", url=raw.url, source=raw.source, title=raw.title)


def _without_dateline(doc: Doc) -> str:
    """The article text minus the dateline (offsets into ``article.text``), so
    republications by other agencies fingerprint alike."""
    text = doc.article.text
    if doc.dateline is None:
        return text
    start, end = doc.dateline
    return text[:start] + text[end:]
