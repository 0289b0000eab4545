"""Properties over generated text: stages never crash and every offset slices the text."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import Reason, Rejected

pytestmark = pytest.mark.unit

# Words that trigger every rule (titles, roles, heads, names, places, numbers,
# dates, verbs, datelines), mixed with punctuation and line breaks.
WORDS = (  # noqa: SIM905
    "به گزارش ایسنا، امیر سرتیپ حاتمی وزیر دفاع سازمان ملل کنفرانس امنیتی مسکو "
    "تهران استان شهرستان علی رضایی وی گفت: اظهار داشت: «سلام» ۲۰ هزار سه میلیون و "
    "۱۵ آبان ۱۴۰۲ دیروز درصد ٪ ۲٫۵ بن فون جمهوری اسلامی ایران این با از در و را "
    "است شد کرد تیم باشگاه جام جهانی قرارداد منتقل شدند سید محمد‌ abc 12"
).split() + [".", "،", "\n", ":", "؟", "«", "»", "-", "ـ", "\u200c", " "]

stories = st.lists(st.sampled_from(WORDS), min_size=1, max_size=80).map(" ".join)


# The ``extract`` fixture is a stateless function, safe to share between examples.
RELAXED = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


@settings(max_examples=120, deadline=None, suppress_health_check=RELAXED)
@given(text=stories)
def test_stages_never_crash_and_offsets_slice_the_text(extract, text):
    try:
        doc = extract(text, published_at="1402/08/15")
    except Rejected as rejection:
        assert rejection.reason in (Reason.NOT_PERSIAN, Reason.EMPTY_STORY)
        return
    article = doc.article
    assert doc.text == article.text
    spans = [m for e in article.entities for m in e.mentions]
    spans += article.quotes + article.numbers + article.dates
    for span in spans:
        assert 0 <= span.start < span.end <= len(article.text)
    if doc.dateline is not None:
        start, end = doc.dateline
        assert article.text[start:end].startswith(("به گزارش", "ایسنا"))


@settings(max_examples=80, deadline=None, suppress_health_check=RELAXED)
@given(text=st.text(max_size=300))
def test_arbitrary_unicode_never_crashes(extract, text):
    try:
        extract(text)
    except Rejected as rejection:
        assert rejection.reason in (Reason.NOT_PERSIAN, Reason.EMPTY_STORY)
