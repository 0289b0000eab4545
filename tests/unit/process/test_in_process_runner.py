"""``khabar process``: what records one raw story produces, with the index in memory."""

import orjson
import pytest

from pipeline.errors import Reason, Rejected
from pipeline.extract.entities import lexicon as entity_lexicon
from pipeline.models import SourcePosition
from pipeline.normalize.lexicon import lexicon as normalize_lexicon
from pipeline.process import InProcessRunner
from pipeline.stages import STAGES, Pipeline

pytestmark = pytest.mark.unit

WIRE = (
    "سازمان هواشناسی از ورود سامانه بارشی تازه به استان‌های شمالی از فردا خبر داد.\n"
    "بر اساس این پیش‌بینی، در استان‌های گیلان و مازندران بارش باران و در ارتفاعات "
    "بارش برف همراه با کاهش دما تا ۱۰ درجه رخ می‌دهد.\n"
    "مدیرکل مدیریت بحران استان گیلان گفت: همه دستگاه‌های امدادی در آماده‌باش کامل هستند "
    "و از مسافران می‌خواهیم تا پایان هفته از سفر به جاده‌های کوهستانی خودداری کنند.\n"
    "کارشناسان هواشناسی پیش‌بینی می‌کنند این سامانه تا پنجشنبه در منطقه بماند و پس از آن "
    "هوای صاف و آفتابی در سراسر شمال کشور حاکم شود."
)


def story(story_id: str, dateline: str, source: str) -> bytes:
    return orjson.dumps({"id": story_id, "source": source, "body": f"به گزارش {dateline}، {WIRE}"})


def kinds(records) -> list[tuple[str, str]]:
    return [(r.kind, getattr(r, "id", None)) for r in records]


def test_a_new_story_is_one_article():
    article, event = InProcessRunner().process(story("w-1", "ایرنا", "irna"))
    assert (article.kind, article.id) == ("article", "w-1")
    assert (event.kind, [(s["id"], s["agency"]) for s in event.stories]) == ("event", [("w-1", "irna")])
    assert article.agency.code == "irna"


def test_a_republication_is_a_duplicate_and_updates_the_first():
    runner = InProcessRunner()
    runner.process(story("w-1", "ایرنا", "irna"))
    notice, update, event = runner.process(story("w-2", "خبرگزاری مهر", "mehr"))
    assert (notice.kind, notice.id, notice.duplicate_of) == ("duplicate", "w-2", "w-1")
    assert notice.agency == "mehr"
    assert (update.kind, update.id) == ("article_update", "w-1")
    assert [entry["id"] for entry in update.republished_by] == ["w-2"]
    assert [s["id"] for s in event.stories] == ["w-1", "w-2"]  # it follows its original


def test_duplicates_can_also_be_published_as_articles():
    runner = InProcessRunner(publish_duplicates=True)
    runner.process(story("w-1", "ایرنا", "irna"))
    assert kinds(runner.process(story("w-2", "ایسنا", "isna")))[:2] == [
        ("article", "w-2"),
        ("duplicate", "w-2"),
    ]


def test_a_redelivered_story_gets_its_whole_first_decision_again():
    runner = InProcessRunner()
    runner.process(story("w-1", "ایرنا", "irna"))
    first = runner.process(story("w-2", "ایسنا", "isna"))
    again = runner.process(story("w-2", "ایسنا", "isna"))
    assert again == first  # the notice and the first story's update, as a crash may have lost them


def test_a_redelivered_first_story_is_its_article_again_with_its_current_update():
    runner = InProcessRunner()
    runner.process(story("w-1", "ایرنا", "irna"))
    runner.process(story("w-2", "ایسنا", "isna"))
    again = runner.process(story("w-1", "ایرنا", "irna"))
    assert kinds(again)[:2] == [("article", "w-1"), ("article_update", "w-1")]
    assert again[2].kind == "event"
    assert [entry["id"] for entry in again[1].republished_by] == ["w-2"]


def test_bad_input_is_one_dead_letter():
    [letter] = InProcessRunner().process(b'{"id": "w-9", "body": ')
    assert (letter.kind, letter.reason) == ("deadletter", "invalid_json")


def test_a_failing_stage_costs_one_story_not_the_run():
    def broken(doc):
        raise RuntimeError("bug in a stage")

    runner = InProcessRunner()
    runner.pipeline = Pipeline(stages=(*STAGES, ("broken", broken)))
    [letter] = runner.process(story("w-1", "ایرنا", "irna"))
    assert (letter.reason, letter.id) == ("internal_error", "w-1")
    assert "bug in a stage" in letter.detail


def test_a_stage_can_refuse_a_story_with_its_own_reason():
    def refuse(doc):
        raise Rejected(Reason.NOT_PERSIAN, "test refusal")

    runner = InProcessRunner()
    runner.pipeline = Pipeline(stages=(("refuse", refuse),))
    [letter] = runner.process(story("w-1", "ایرنا", "irna"))
    assert letter.reason == "not_persian"


def test_warm_up_loads_the_word_lists_before_the_first_story():
    normalize_lexicon.cache_clear()
    entity_lexicon.cache_clear()
    Pipeline().warm_up()
    assert normalize_lexicon.cache_info().currsize == entity_lexicon.cache_info().currsize == 1


def test_warm_up_fails_loudly_on_a_broken_pipeline():
    def broken(doc):
        raise RuntimeError("missing lexicon")

    with pytest.raises(RuntimeError, match="missing lexicon"):
        Pipeline(stages=(*STAGES, ("broken", broken))).warm_up()


def test_two_flashes_that_are_their_titles_alone_get_ids_of_their_own():
    flashes = ["زلزله ۵ ریشتری بندرعباس را لرزاند", "قیمت بنزین تغییر نمی‌کند"]
    ids = {
        Pipeline().analyse(orjson.dumps({"title": flash, "body": flash})).article.id
        for flash in flashes
    }
    assert len(ids) == 2


def unnamed(url: str | None = None) -> bytes:
    """The wire copy as a crawler sends it: no producer id."""
    return orjson.dumps({"url": url, "body": WIRE} if url else {"body": WIRE})


def test_the_same_text_from_two_urls_without_ids_is_an_exact_duplicate():
    runner = InProcessRunner()
    article, _ = runner.process(unnamed("https://site-a.example/news/1"))
    notice, update, _ = runner.process(unnamed("https://site-b.example/news/7"))
    assert (notice.kind, notice.duplicate_of, notice.match) == ("duplicate", article.id, "exact")
    assert notice.id != article.id
    assert [entry["url"] for entry in update.republished_by] == ["https://site-b.example/news/7"]


def test_the_same_text_at_two_positions_without_ids_or_urls_is_an_exact_duplicate():
    runner = InProcessRunner()
    article, _ = runner.process(unnamed(), SourcePosition("news.raw", 3, 120))
    notice, *_ = runner.process(unnamed(), SourcePosition("news.raw", 5, 40))
    assert (notice.kind, notice.duplicate_of, notice.match) == ("duplicate", article.id, "exact")


def test_a_story_redelivered_from_its_position_keeps_its_id_and_decision():
    runner = InProcessRunner()
    first, _ = runner.process(unnamed(), SourcePosition("news.raw", 3, 120))
    again, _ = runner.process(unnamed(), SourcePosition("news.raw", 3, 120))
    assert (again.kind, again.id) == ("article", first.id)
