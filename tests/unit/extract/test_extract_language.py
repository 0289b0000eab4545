"""The language stage: Persian passes, English and Arabic news are refused."""

import pytest

from pipeline.errors import Reason, Rejected
from pipeline.models import DeadLetter
from pipeline.stages import Pipeline

pytestmark = pytest.mark.unit

PERSIAN = (
    "به گزارش ایرنا، نخستین محموله گندم از بندر امام خمینی به سیلوهای استان خوزستان رسید. "
    "مدیرکل غله استان گفت: امسال بیش از ۲۰۰ هزار تن گندم از کشاورزان خریداری می‌شود."
)
ENGLISH = (
    "TEHRAN - The first shipment of wheat reached the silos of Khuzestan province on Monday, "
    "the provincial grain director said, adding that more purchases are planned."
)
ARABIC = (
    "أعلن وزیر الخارجیة فی مؤتمر صحفی الیوم أن المفاوضات التی جرت فی العاصمة کانت مثمرة، "
    "وقال إن الوفد سیعود إلی البلاد بعد انتهاء الجولة الثانیة من المحادثات."
)


def test_persian_news_is_persian_with_high_confidence(extract):
    language = extract(PERSIAN, until="language").article.language
    assert language.code == "fa"
    assert language.confidence > 0.8


def test_persian_with_latin_names_is_still_persian(extract):
    text = "شرکت Apple نسخه جدید iOS را منتشر کرد و کاربران ایرانی هم آن را دریافت کردند."
    assert extract(text, until="language").article.language.code == "fa"


@pytest.mark.parametrize(
    "text",
    [ENGLISH, ARABIC, "ٹیم نے میچ جیتا اور کھلاڑیوں نے خوشی منائی۔"],
    ids=["english", "arabic", "urdu"],
)
def test_other_languages_are_refused(extract, text):
    with pytest.raises(Rejected) as caught:
        extract(text, until="language")
    assert caught.value.reason is Reason.NOT_PERSIAN


def test_text_without_words_is_refused_as_empty(extract):
    with pytest.raises(Rejected) as caught:
        extract("۱۲۳۴ ۵۶۷۸\n.", until="language")
    assert caught.value.reason is Reason.EMPTY_STORY


# Normalization folds «ے» and «ہ» into «ی» and «ه»: the story must be judged on the
# letters it came with, as the worker runs the stages.
URDU_STORY = (
    "لاہور میں آج شدید بارش ہوئی جس سے شہر کی کئی گلیاں پانی سے بھر گئیں۔ محکمہ موسمیات "
    "کے مطابق اگلے دو دنوں میں مزید بارش کا امکان ہے اور شہریوں کو احتیاط کی ہدایت کی گئی ہے۔"
)


def test_an_urdu_story_is_refused_after_normalization_folded_its_letters():
    outcome = Pipeline().analyse(URDU_STORY.encode())
    assert isinstance(outcome, DeadLetter)
    assert outcome.reason == Reason.NOT_PERSIAN.value


def test_persian_typed_with_heh_doachashmee_stays_persian():
    story = PERSIAN.replace("ه", "ھ")
    outcome = Pipeline().analyse(story.encode())
    assert outcome.article.language.code == "fa"
