"""The reference story of the project (../shared/seed/raw-article.txt) through normalize_story."""

import pytest

from pipeline.normalize import normalize_story
from tests.conftest import shared_file

pytestmark = pytest.mark.unit

Z = "\u200c"


@pytest.fixture(scope="module")
def seed() -> str:
    raw = shared_file("seed/raw-article.txt").read_text(encoding="utf-8")
    return normalize_story(raw).text


@pytest.mark.parametrize(
    "word",
    [
        f"ظرفیت{Z}های",
        f"همکاری{Z}های",
        f"آمریکایی{Z}ها",
        f"بین{Z}المللی",
        f"شده{Z}اند",
        f"منطقه{Z}ای",
        f"گفت{Z}وگو",
        f"زمینه{Z}ساز",
        f"خدشه{Z}دار",
        f"بی{Z}گناه",
    ],
)
def test_seed_zwnjs_are_restored(seed, word):
    assert word in seed


def test_seed_kashida_dash_is_kept(seed):
    assert "تهران – تاشکند" in seed


def test_seed_footer_is_gone(seed):
    assert "انتهای پیام" not in seed
    assert not seed.rstrip().endswith("نظرات")


def test_seed_keeps_its_paragraphs(seed):
    assert seed.count("\n") >= 10
