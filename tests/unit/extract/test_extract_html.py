"""The html stage: main text and metadata from a page, with trafilatura."""

import pytest

from pipeline.doc import Doc
from pipeline.errors import Reason, Rejected
from pipeline.extract import read_html
from pipeline.models import Article, RawStory

pytestmark = pytest.mark.unit

PAGE = """<html><head><title>بارش برف در تهران | ایسنا</title>
<meta property="og:site_name" content="ایسنا">
<meta name="author" content="مریم احمدی">
<meta property="article:published_time" content="2023-11-06T10:30:00+03:30">
<link rel="canonical" href="https://www.isna.ir/news/1402081510000/"></head>
<body><nav>خانه | سیاسی | ورزشی</nav><article><h1>بارش برف در تهران</h1>
<p>به گزارش ایسنا، بارش برف از صبح امروز در تهران آغاز شد و تردد خودروها کند شده است.</p>
<script>var x = "این متن نباید بیاید";</script>
<p>رئیس پلیس راهور گفت: رانندگان با زنجیر چرخ حرکت کنند.</p></article>
<footer>کلیه حقوق محفوظ است</footer></body></html>"""


def html_doc(html: str, body: str | None = None) -> Doc:
    raw = RawStory(form="html", html=html, body=body)
    return Doc(raw=raw, article=Article(id="", text=""), text=body or "")


def test_main_text_keeps_paragraph_breaks():
    doc = html_doc(PAGE)
    read_html(doc)
    lines = doc.text.splitlines()
    assert (
        "به گزارش ایسنا، بارش برف از صبح امروز در تهران آغاز شد و تردد خودروها کند شده است."
        in lines
    )
    assert "رئیس پلیس راهور گفت: رانندگان با زنجیر چرخ حرکت کنند." in lines


def test_scripts_navigation_and_footer_are_dropped():
    doc = html_doc(PAGE)
    read_html(doc)
    assert "نباید" not in doc.text and "خانه" not in doc.text and "حقوق" not in doc.text


def test_metadata_is_collected():
    doc = html_doc(PAGE)
    read_html(doc)
    meta = doc.html_metadata
    assert meta["url"] == "https://www.isna.ir/news/1402081510000/"
    assert meta["sitename"] == "ایسنا"
    assert meta["author"] == "مریم احمدی"
    assert meta["date"].startswith("2023-11-06")
    assert "بارش برف در تهران" in meta["title"]


def test_a_body_sent_with_the_page_is_kept():
    doc = html_doc(PAGE, body="متن اصلی خبر که تولیدکننده فرستاده است.")
    read_html(doc)
    assert doc.text == "متن اصلی خبر که تولیدکننده فرستاده است."
    assert doc.html_metadata["sitename"] == "ایسنا"


def test_stories_without_html_are_left_alone():
    doc = Doc(raw=RawStory(form="text", body="متن"), article=Article(id="", text=""), text="متن")
    read_html(doc)
    assert (doc.text, doc.html_metadata) == ("متن", {})


@pytest.mark.parametrize(
    "hostile",
    [
        "<html><body><script>" + "x" * 500_000 + "</script></body></html>",
        "<div>" * 50_000 + "</div>" * 50_000,
        "<html><body></body></html>",
    ],
    ids=["script-flood", "deep-nesting", "empty-body"],
)
def test_pages_without_text_are_refused_as_unusable(hostile):
    with pytest.raises(Rejected) as caught:
        read_html(html_doc(hostile))
    assert caught.value.reason is Reason.UNUSABLE_HTML


def test_entity_bomb_neither_hangs_nor_expands():
    bomb = (
        '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><html><body><p>&c;&c;&c;</p></body></html>'
    )
    doc = html_doc(bomb)
    try:
        read_html(doc)
    except Rejected as rejection:
        assert rejection.reason is Reason.UNUSABLE_HTML
    else:
        assert len(doc.text) < 1000


def test_page_publication_time_reaches_published_at(run_until):
    doc = html_doc(PAGE)
    read_html(doc)
    run_until(doc, "dates")
    assert doc.article.published_at == "2023-11-06T10:30:00+03:30"


def test_page_url_and_site_name_fill_in_a_bare_page(run_until):
    page = PAGE.replace("به گزارش ایسنا، ", "")
    doc = html_doc(page)
    read_html(doc)
    run_until(doc, "agency")
    assert doc.article.url == "https://www.isna.ir/news/1402081510000/"
    assert (doc.article.agency.code, doc.article.agency.found_in) == ("isna", "url")


def test_page_title_repeated_as_first_line_becomes_the_title(run_until):
    doc = html_doc(
        PAGE.replace("<title>بارش برف در تهران | ایسنا</title>", "<title>بارش برف در تهران</title>")
    )
    read_html(doc)
    run_until(doc, "structure")
    assert doc.article.title == "بارش برف در تهران"
    assert not doc.article.text.startswith("بارش برف در تهران")
