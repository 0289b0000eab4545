"""The reference ISNA story, through the whole pipeline as the worker runs it.

Expectations are ours, written from reading the story; nothing is copied from it
into the project.
"""

import pytest

from pipeline.models import Article
from pipeline.stages import Pipeline
from tests.conftest import shared_file

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def article() -> Article:
    raw = shared_file("seed/raw-article.txt").read_bytes()
    return Pipeline().analyse(raw).article


def entity(article, kind, canonical):
    matches = [e for e in article.entities if (e.type, e.canonical) == (kind, canonical)]
    assert matches, (
        f"no {kind} {canonical!r} in {[(e.type, e.canonical) for e in article.entities]}"
    )
    return matches[0]


def test_agency_and_attribution(article):
    assert (article.agency.code, article.agency.found_in) == ("isna", "dateline")
    assert article.attribution == "روابط عمومی وزارت دفاع"


def test_no_title_and_the_subheading(article):
    assert article.title is None
    assert article.subheadings == ["آمادگی ایران جهت توسعه همکاری‌های دفاعی با ازبکستان"]
    assert article.lead.startswith("به گزارش ایسنا")


@pytest.mark.parametrize(
    ("canonical", "title"),
    [("حاتمی", "امیر سرتیپ"), ("بهادر قرباناف", "ژنرال"), ("الکساندر ولین", None), ("ترامپ", None)],
)
def test_people_with_titles(article, canonical, title):
    assert entity(article, "PER", canonical).title == title


def test_later_bare_mentions_join_the_person(article):
    assert len(entity(article, "PER", "حاتمی").mentions) == 3


@pytest.mark.parametrize(
    "place", ["ایران", "صربستان", "ازبکستان", "تهران", "تاشکند", "مسکو", "آسیا", "آمریکا"]
)
def test_places(article, place):
    entity(article, "LOC", place)


@pytest.mark.parametrize("org", ["وزارت دفاع", "سپاه پاسداران انقلاب اسلامی"])
def test_organisations(article, org):
    entity(article, "ORG", org)


def test_event(article):
    assert len(entity(article, "EVENT", "کنفرانس امنیتی مسکو").mentions) == 2


def test_every_span_lies_in_the_text_without_surrounding_spaces(article):
    spans = [m for e in article.entities for m in e.mentions]
    spans += article.quotes + article.numbers + article.dates
    for span in spans:
        assert 0 <= span.start < span.end <= len(article.text)
        assert article.text_of(span).strip() == article.text_of(span)


def test_quotes_and_speakers(article):
    speakers = [(q.speaker, q.role, q.verb) for q in article.quotes]
    assert speakers == [
        ("حاتمی", None, "اظهار داشت"),
        # The role, after Hatami alone has spoken, is his.
        ("حاتمی", "وزیر دفاع جمهوری اسلامی ایران", "تاکید کرد"),
        ("حاتمی", "وزیر دفاع جمهوری اسلامی ایران", "خاطرنشان کرد"),  # «وی …» after Hatami
        # «… نیز»: another party than Hatami, named in the very next sentence as he goes on.
        ("الکساندر ولین", "وزیر دفاع صربستان", "اظهار داشت"),
        ("الکساندر ولین", None, "اظهار داشت"),
        ("الکساندر ولین", None, "تاکید کرد"),  # «وی …» after Vulin
        # Reported: «همچنین وزیر دفاع … با بیان اینکه …»; the role an earlier quote gave him.
        ("حاتمی", "وزیر دفاع جمهوری اسلامی ایران", "با بیان اینکه"),
        ("حاتمی", None, "اظهار داشت"),
        ("بهادر قرباناف", None, "ابراز امیدواری کرد"),  # «… ابراز امیدواری کرد همکاری‌ها …»
    ]
    assert article.text_of(article.quotes[0]).startswith("این مواضع غیراصولی")


def test_twenty_thousand(article):
    assert ("۲۰ هزار", 20000) in [(article.text_of(n), n.value) for n in article.numbers]


def test_nothing_from_the_footer(article):
    assert "انتهای پیام" not in article.text and "نظرات" not in article.text
    assert all("انتهای" not in k.term and "نظرات" not in k.term for k in article.keywords)


def test_stats(article):
    assert article.stats.paragraphs == len(article.paragraphs) == 15
    assert article.stats.words > 500
