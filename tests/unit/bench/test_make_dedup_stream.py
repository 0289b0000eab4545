"""The dedup stream builder: deterministic per seed, every id labelled, clusters by link."""

import pytest

from bench.make_dedup_stream import build_stream

pytestmark = pytest.mark.unit

Z = "\u200c"

STORIES = [
    {"url": "https://example.ir/news/1", "source": "fars", "title": "افتتاح کتابخانه عمومی در شهر یزد",
     "abstract": "خبرگزاری فارس: کتابخانه عمومی تازه‌ای با ۱۲ هزار جلد کتاب در یزد افتتاح شد.",
     "body": (f"به گزارش خبرگزاری فارس از یزد، کتابخانه عمومی تازه{Z}ای امروز با حضور مسئولان استان "
              f"افتتاح شد. این کتابخانه ۱۲ هزار جلد کتاب دارد.\n"
              f"مدیر کتابخانه{Z}های عمومی استان گفت: ساخت این بنا دو سال طول کشید. "
              f"بخش کودکان نیز در طبقه دوم راه{Z}اندازی شده است.\n"
              "ساعت کار کتابخانه از هشت صبح تا هشت شب است. عضویت برای دانش‌آموزان رایگان است.")},
    {"url": "https://example.ir/news/2", "source": "varzesh3", "title": "پیروزی پرگل تیم شهرداری",
     "body": ("تیم شهرداری در هفته دهم لیگ با نتیجه 4 بر 1 میزبان خود را شکست داد. "
              "مهاجم این تیم دو گل به ثمر رساند.\n"
              "سرمربی شهرداری پس از بازی گفت: بازیکنان ما امروز عالی بودند. "
              "هفته بعد بازی سختی در پیش داریم.\n"
              "با این پیروزی شهرداری به رده سوم جدول صعود کرد.")},
    {"url": "https://example.ir/news/3", "source": "fars", "title": "بارش برف جاده چالوس را بست",
     "body": ("پلیس راه اعلام کرد جاده چالوس به دلیل بارش شدید برف تا اطلاع ثانوی بسته است. "
              "رانندگان از مسیرهای جایگزین استفاده کنند.\n"
              "هواشناسی برای دو روز آینده نیز بارش برف پیش{Z}بینی کرده است.".replace("{Z}", Z))},
    {"url": "https://example.ir/news/4", "source": "fars", "title": "نشست خبری وزیر نیرو",
     "body": ("وزیر نیرو در نشست خبری امروز از کاهش مصرف آب در تهران خبر داد. "
              "او گفت مصرف نسبت به سال گذشته ده درصد کمتر شده است.\n"
              "وی افزود: طرح انتقال آب به زودی به پایان می‌رسد. "
              "این طرح هزار میلیارد ریال هزینه داشته است.\n"
              "وزیر در پایان از مردم خواست صرفه‌جویی را ادامه دهند.")},
]
# the source's own crawler double: the same link a second time
STORIES.append(dict(STORIES[1]))


def test_the_same_seed_gives_the_same_stream_and_another_seed_another():
    first = build_stream(STORIES, seed=7, copies=8, min_chars=0)
    assert build_stream(STORIES, seed=7, copies=8, min_chars=0) == first
    assert build_stream(STORIES, seed=8, copies=8, min_chars=0) != first


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_id_is_labelled_once_and_clusters_follow_links(seed):
    rows, labels = build_stream(STORIES, seed=seed, copies=8, min_chars=0)
    ids = [row["id"] for row in rows]
    made = sum(i.startswith("r") for i in ids)
    assert 4 <= made <= 8  # 1-3 copies of each of the 4 links, at most as many as asked
    assert len(ids) == len(set(ids)) == len(STORIES) + made
    assert [label["id"] for label in labels] == ids
    assert all(set(row) == {"id", "url", "source", "title", "body"} for row in rows)
    cluster = {label["id"]: label["cluster"] for label in labels}
    originals = [row for row in rows if not row["id"].startswith("r")]
    by_link: dict[str, set[str]] = {}
    for row in originals:
        by_link.setdefault(row["url"], set()).add(cluster[row["id"]])
    # one cluster per link: the crawler double joins its first row, the others stay apart
    assert all(len(clusters) == 1 for clusters in by_link.values())
    assert len({next(iter(c)) for c in by_link.values()}) == len(by_link) == 4
    assert sum("recrawl" in label["ops"] for label in labels) == 1
    # every copy comes from another outlet and belongs to one of the originals' clusters
    copies = [row for row in rows if row["id"].startswith("r")]
    assert all(row["url"] not in by_link and cluster[row["id"]] in cluster.values() for row in copies)


def test_edits_are_what_the_labels_say():
    seen = set()
    for seed in range(40):
        rows, labels = build_stream(STORIES, seed=seed, copies=12, min_chars=0)
        ops = {label["id"]: label["ops"] for label in labels}
        _check_edits(rows, ops, seen)
    assert {"dateline", "dateline+", "lead", "trim", "brief", "drop-sentence", "furniture",
            "zwnj-strip", "zwnj-space", "arabic-letters", "latin-digits", "persian-digits",
            "new-title", "no-title"} <= seen


def _check_edits(rows, ops, seen):
    for row in rows:
        for op in ops[row["id"]]:
            seen.add(op)
            if op == "arabic-letters":
                assert "ی" not in row["body"] and "ک" not in row["body"]
            if op == "zwnj-strip":
                assert Z not in row["body"]
            if op == "no-title":
                assert row["title"] == ""
            if op == "latin-digits":
                assert not any(d in row["body"] for d in "۰۱۲۳۴۵۶۷۸۹")
