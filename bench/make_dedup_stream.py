"""Build a labelled dedup stream from ../shared/data/news with a seed of your own.

    .venv/bin/python bench/make_dedup_stream.py --seed 1 --out-stream S.jsonl --out-labels L.jsonl
    .venv/bin/python bench/dedup_eval.py --built-seed 1      # build into a temp dir and evaluate

The output has the format of ``../shared/eval/dedup``: ``stream.jsonl`` is one raw story a
line in arrival order (``id``, ``url``, ``source``, ``title``, ``body``) and ``labels.jsonl``
one ``{"id", "cluster", "ops"}`` a line, so the eval set's own ``score.py`` scores it. The
stories are read from ``$KHABAR_SHARED/data/news`` (default: ``../shared`` beside the
repository) at build time; nothing is copied into the repository. The shared README's seeds
are not used here; any integer works, and the same seed gives the same bytes.

Recipe (every random choice from one ``random.Random(seed)``):

1. **Originals.** Every data/news story whose body (paragraphs joined by newlines) has more
   than ``min_chars`` (300) characters, as the shared stream does; ``--originals N`` keeps a
   seeded sample of N links instead. A cluster is a link: stories of data/news with the same
   link are one cluster (the source's own crawler doubles: both rows are kept, the second
   labelled ``recrawl``); every other story is its own cluster, however close in topic.
   The originals arrive in a seeded random order; a crawler double arrives after its first
   row at a delay drawn like a republication's.
2. **Republications.** Seeded originals get 1 (half of them), 2 or 3 (a quarter each) copies
   until ``--copies`` (1,200) copies are made (fewer when 3 a story cannot reach it). Each
   copy comes from another outlet (ISNA, Mehr, Tasnim, IRNA, ILNA, YJC, Hamshahri,
   Khabaronline, Borna, Tabnak, Asr-e Iran, Entekhab, Donya-e Eqtesad), with that outlet's URL (``/news/<random number>``) and source code, and
   goes through each of these edits independently with the given probability (an edit that
   does not apply to the story, e.g. a brief of a two-paragraph story, is skipped and not
   labelled); a copy with no edit is the same text from another URL (``ops: []``):

   ================  =====  ===========================================================
   op                 p     edit
   ================  =====  ===========================================================
   dateline           .55   the outlet's dateline («به گزارش ایسنا، », «به گزارش
                            خبرگزاری مهر، », «به نقل از ایرنا، » …) replaces the story's
                            own opening «به گزارش …،»; ``dateline+`` when there was none
                            and it is prepended
   lead               .15   the outlet's own short lead sentence prepended as a paragraph
                            (the story's abstract cut to one sentence, or a sentence made
                            from its headline)
   trim               .30   tail cut: the last paragraphs (keeping at least half of them)
                            or, in a story of one or two paragraphs, its last sentences
   brief              .10   (instead of trim) only the first 1-2 paragraphs of a story of 3+
   drop-sentence      .12   one sentence in the middle removed
   zwnj-strip         .15   ZWNJs removed;  ``zwnj-space`` (.07): ZWNJs turned into spaces
   arabic-letters     .12   ی → ي and ک → ك
   latin-digits       .15   Persian digits written Latin (``persian-digits`` when the story
                            has only Latin digits: the other way round)
   furniture          .45   1-3 of «انتهای پیام», «کد خبر: N», «بیشتر بخوانید: …» with 1-3
                            titles of other stories in the stream, «لینک کوتاه: …»,
                            «اشتراک گذاری», «منبع: <outlet>» appended as last paragraphs
   new-title          .25   another headline (a prefix such as «فوری/», the opening words of
                            the body, or «<outlet>: <headline>»); ``no-title`` (.10): empty
   ================  =====  ===========================================================

   The character edits (ZWNJ, letters, digits) are applied last, to the title and the whole
   body including the added dateline and furniture, as an outlet's CMS would.
3. **Arrival.** A copy (or crawler double) of the original at position *i* arrives at
   *i* + delay: 50% within 1-5 stories, 30% 6-100 later, 17% 100-800 later ("hundreds
   later"), and 3% 1-50 stories BEFORE its original. Ties keep a seeded order.

Ids: originals ``o<n>``, crawler doubles ``o<n>r``, copies ``r<n>_<k>``, clusters ``c<n>``
(n = the link's index in data/news order).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

ZWNJ = "\u200c"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
TO_LATIN = str.maketrans({d: str(i) for i, d in enumerate(PERSIAN_DIGITS)})
TO_PERSIAN = str.maketrans({str(i): d for i, d in enumerate(PERSIAN_DIGITS)})
TO_ARABIC = str.maketrans({"ی": "ي", "ک": "ك"})

# (source code, domain, datelines, name used in leads and titles)
OUTLETS = [
    ("isna", "www.isna.ir", ["به گزارش ایسنا، ", "به گزارش خبرگزاری دانشجویان ایران (ایسنا)، "], "ایسنا"),
    ("mehr", "www.mehrnews.com", ["به گزارش خبرگزاری مهر، ", "به گزارش خبرنگار مهر، "], "خبرگزاری مهر"),
    ("tasnim", "www.tasnimnews.com", ["به گزارش خبرگزاری تسنیم، ", "به گزارش تسنیم، "], "تسنیم"),
    ("irna", "www.irna.ir", ["به گزارش ایرنا، ", "به نقل از ایرنا، "], "ایرنا"),
    ("ilna", "www.ilna.ir", ["به گزارش ایلنا، ", "به گزارش خبرنگار ایلنا، "], "ایلنا"),
    ("yjc", "www.yjc.ir", ["به گزارش گروه خبری باشگاه خبرنگاران جوان، ", "به گزارش باشگاه خبرنگاران، "],
     "باشگاه خبرنگاران جوان"),
    ("hamshahri", "www.hamshahrionline.ir", ["به گزارش همشهری آنلاین، "], "همشهری آنلاین"),
    ("khabaronline", "www.khabaronline.ir", ["به گزارش خبرآنلاین، ", "به گزارش خبرگزاری خبرآنلاین، "],
     "خبرآنلاین"),
    ("borna", "www.borna.news", ["به گزارش خبرگزاری برنا، "], "برنا"),
    ("tabnak", "www.tabnak.ir", ["به گزارش تابناک، ", "به نقل از تابناک، "], "تابناک"),
    ("asriran", "www.asriran.com", ["به گزارش عصر ایران، "], "عصر ایران"),
    ("entekhab", "www.entekhab.ir", ["به گزارش انتخاب، "], "انتخاب"),
    ("donya-e-eqtesad", "donya-e-eqtesad.com", ["به گزارش دنیای اقتصاد، "], "دنیای اقتصاد"),
]

P = {"dateline": 0.55, "lead": 0.15, "trim": 0.30, "brief": 0.10, "drop-sentence": 0.12,
     "zwnj-strip": 0.15, "zwnj-space": 0.07, "arabic-letters": 0.12, "latin-digits": 0.15,
     "furniture": 0.45, "new-title": 0.25, "no-title": 0.10}

_DATELINE = re.compile(r"^\s*به\s+گزارش[^،,:\n]{1,120}[،,]\s*")
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")
_LEAD_TEMPLATES = [
    "{title}؛ این خبر را {outlet} منتشر کرده است.",
    "{outlet} گزارش می‌دهد: {title}.",
    "در تازه‌ترین خبر، {title}.",
]
_TITLE_PREFIXES = ["فوری/ ", "ویدئو/ ", "+عکس/ ", "گزارش/ ", "خبر ویژه/ "]


def shared_dir() -> Path:
    return Path(os.environ.get("KHABAR_SHARED") or REPO.parent / "shared")


def load_news(shared: Path | None = None) -> list[dict]:
    """data/news stories as ``{url, source, title, body, abstract}``, in file order."""
    stories = []
    for path in sorted(((shared or shared_dir()) / "data" / "news").glob("*.jsonl")):
        source = "varzesh3" if path.name.startswith("varzesh3") else "fars"
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            stories.append({"url": row["link"], "source": source, "title": row.get("title") or "",
                            "body": "\n".join(row.get("paragraphs") or []),
                            "abstract": row.get("abstract") or ""})
    return stories


# -- the edits ------------------------------------------------------------------------------

def _sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(paragraph.strip()) if s]


def _lead_sentence(story: dict, outlet_name: str, rng: random.Random) -> str | None:
    abstract = re.sub(r"^[^:،]{0,40}(?:فارس|ورزش سه)[^:،]{0,10}[:،]\s*", "", story.get("abstract") or "")
    first = _sentences(abstract)[:1]
    if first and 40 <= len(first[0]) <= 300 and rng.random() < 0.5:
        return first[0]
    title = story.get("title", "").strip().rstrip(".")
    if not title:
        return None
    return rng.choice(_LEAD_TEMPLATES).format(title=title, outlet=outlet_name)


def _trim(paragraphs: list[str], rng: random.Random) -> list[str] | None:
    if len(paragraphs) >= 3:
        keep = rng.randint(math.ceil(len(paragraphs) / 2), len(paragraphs) - 1)
        return paragraphs[:keep]
    sentences = _sentences(" ".join(paragraphs))
    if len(sentences) < 3:
        return None
    keep = len(sentences) - rng.randint(1, max(1, len(sentences) // 3))
    return [" ".join(sentences[:keep])]


def _brief(paragraphs: list[str], rng: random.Random) -> list[str] | None:
    if len(paragraphs) < 3:
        return None
    keep = 2 if len(paragraphs[0]) < 200 or rng.random() < 0.5 else 1
    return paragraphs[:keep]


def _drop_sentence(paragraphs: list[str], rng: random.Random) -> list[str] | None:
    split = [_sentences(p) for p in paragraphs]
    places = [(i, j) for i, ss in enumerate(split) for j in range(len(ss))]
    if len(places) < 3:
        return None
    i, j = rng.choice(places[1:-1])
    del split[i][j]
    return [" ".join(ss) for ss in split if ss]


def _furniture(outlet: tuple, other_titles: list[str], rng: random.Random) -> list[str]:
    _, domain, _, name = outlet
    pieces = [
        lambda: rng.choice(["انتهای پیام", "انتهای پیام/"]),
        lambda: f"کد خبر: {rng.randint(100_000, 9_999_999)}",
        lambda: "بیشتر بخوانید:\n" + "\n".join(rng.sample(other_titles, min(len(other_titles),
                                                                            rng.randint(1, 3)))),
        lambda: f"لینک کوتاه: https://{domain}/x{rng.randint(1_000, 999_999):x}",
        lambda: "اشتراک گذاری",
        lambda: f"منبع: {name}",
    ]
    if not other_titles:
        del pieces[2]
    return [piece() for piece in rng.sample(pieces, rng.randint(1, 3))]


def _new_title(story: dict, body: str, outlet_name: str, rng: random.Random) -> str:
    title = story.get("title", "").strip()
    kind = rng.randrange(3) if title else 1
    if kind == 0:
        return rng.choice(_TITLE_PREFIXES) + title
    if kind == 1:
        words = _DATELINE.sub("", body).split()
        return " ".join(words[: rng.randint(8, 14)])
    return f"{outlet_name}: {title}"


def republish(story: dict, outlet: tuple, other_titles: list[str], rng: random.Random) -> tuple[dict, list[str]]:
    """One copy of ``story`` by ``outlet``: the story dict and the ops it went through."""
    code, domain, datelines, name = outlet
    ops: list[str] = []
    paragraphs = [p for p in story["body"].split("\n") if p.strip()]
    if rng.random() < P["trim"]:
        cut = _trim(paragraphs, rng)
        if cut is not None:
            paragraphs, ops = cut, ops + ["trim"]
    elif rng.random() < P["brief"] / (1 - P["trim"]):
        cut = _brief(paragraphs, rng)
        if cut is not None:
            paragraphs, ops = cut, ops + ["brief"]
    if rng.random() < P["drop-sentence"]:
        cut = _drop_sentence(paragraphs, rng)
        if cut is not None:
            paragraphs, ops = cut, ops + ["drop-sentence"]
    if rng.random() < P["dateline"]:
        dateline = rng.choice(datelines)
        found = _DATELINE.match(paragraphs[0])
        if found:
            paragraphs[0] = dateline + paragraphs[0][found.end():]
            ops.append("dateline")
        else:
            paragraphs[0] = dateline + paragraphs[0]
            ops.append("dateline+")
    if rng.random() < P["lead"]:
        lead = _lead_sentence(story, name, rng)
        if lead:
            paragraphs.insert(0, lead)
            ops.append("lead")
    if rng.random() < P["furniture"]:
        paragraphs += _furniture(outlet, other_titles, rng)
        ops.append("furniture")
    body = "\n".join(paragraphs)
    title = story.get("title", "")
    if rng.random() < P["new-title"]:
        title = _new_title(story, body, name, rng)
        ops.append("new-title")
    elif rng.random() < P["no-title"] / (1 - P["new-title"]):
        title = ""
        ops.append("no-title")
    text = [title, body]
    if rng.random() < P["zwnj-strip"] and ZWNJ in body:
        text = [t.replace(ZWNJ, "") for t in text]
        ops.append("zwnj-strip")
    elif rng.random() < P["zwnj-space"] / (1 - P["zwnj-strip"]) and ZWNJ in body:
        text = [t.replace(ZWNJ, " ") for t in text]
        ops.append("zwnj-space")
    if rng.random() < P["arabic-letters"] and re.search("[یک]", body):
        text = [t.translate(TO_ARABIC) for t in text]
        ops.append("arabic-letters")
    if rng.random() < P["latin-digits"]:
        if re.search(f"[{PERSIAN_DIGITS}]", body):
            text = [t.translate(TO_LATIN) for t in text]
            ops.append("latin-digits")
        elif re.search("[0-9]", body):
            text = [t.translate(TO_PERSIAN) for t in text]
            ops.append("persian-digits")
    url = f"https://{domain}/news/{rng.randint(100_000, 9_999_999)}"
    return {"url": url, "source": code, "title": text[0], "body": text[1]}, ops


def _delay(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.03:
        return -rng.randint(1, 50)
    if roll < 0.53:
        return rng.randint(1, 5)
    if roll < 0.83:
        return rng.randint(6, 100)
    return rng.randint(100, 800)


def build_stream(stories: Sequence[dict], seed: int, copies: int = 1200, originals: int | None = None,
                 min_chars: int = 300) -> tuple[list[dict], list[dict]]:
    """(stream rows, label rows) for ``stories`` (dicts with url, source, title, body and
    optionally abstract), deterministic for ``seed``."""
    rng = random.Random(seed)
    clusters: dict[str, list[int]] = {}  # link -> rows of the source with that link
    for n, story in enumerate(stories):
        if len(story["body"]) > min_chars and story["body"].strip():
            clusters.setdefault(story["url"], []).append(n)
    links = list(clusters)
    if originals is not None and originals < len(links):
        chosen = set(rng.sample(range(len(links)), originals))
        links = [link for i, link in enumerate(links) if i in chosen]
    number = {link: clusters[link][0] for link in links}  # cluster number: first row's index
    rng.shuffle(links)
    position = {link: i for i, link in enumerate(links)}
    arrivals: list[tuple[float, float, dict, dict]] = []  # (position, tiebreak, row, label)

    def arrive(at: float, story: dict, row_id: str, link: str, ops: list[str]) -> None:
        row = {"id": row_id, "url": story["url"], "source": story["source"], "title": story["title"],
               "body": story["body"]}
        arrivals.append((at, rng.random(), row, {"id": row_id, "cluster": f"c{number[link]}", "ops": ops}))

    for link in links:
        first, *doubles = clusters[link]
        arrive(position[link], stories[first], f"o{number[link]}", link, [])
        for k, row in enumerate(doubles):
            arrive(position[link] + _delay(rng), stories[row], f"o{number[link]}r" + (str(k) if k else ""),
                   link, ["recrawl"])
    titles = [stories[number[link]]["title"] for link in links]
    made = 0
    for link in rng.sample(links, len(links)):
        if made >= copies:
            break
        story = stories[number[link]]
        want = min(copies - made, rng.choices([1, 2, 3], weights=[2, 1, 1])[0])
        for outlet_index, k in zip(rng.sample(range(len(OUTLETS)), want), range(want)):
            own = story["title"]
            others = [t for t in rng.sample(titles, min(len(titles), 6)) if t and t != own][:3]
            copy, ops = republish(story, OUTLETS[outlet_index], others, rng)
            arrive(position[link] + _delay(rng), copy, f"r{number[link]}_{k}", link, ops)
            made += 1
    arrivals.sort(key=lambda a: (a[0], a[1]))
    return [a[2] for a in arrivals], [a[3] for a in arrivals]


def write_stream(seed: int, out_stream: Path, out_labels: Path, copies: int = 1200,
                 originals: int | None = None, min_chars: int = 300, shared: Path | None = None) -> int:
    """Build from data/news and write both files; returns the number of stories."""
    rows, labels = build_stream(load_news(shared), seed, copies, originals, min_chars)
    for path, items in ((out_stream, rows), (out_labels, labels)):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            for item in items:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out-stream", type=Path, required=True)
    parser.add_argument("--out-labels", type=Path, required=True)
    parser.add_argument("--copies", type=int, default=1200, help="republications to make (default 1200)")
    parser.add_argument("--originals", type=int, default=None,
                        help="links of data/news to use, a seeded sample (default: every story long enough)")
    parser.add_argument("--min-chars", type=int, default=300, help="shorter bodies are left out (default 300)")
    args = parser.parse_args()
    n = write_stream(args.seed, args.out_stream, args.out_labels, args.copies, args.originals, args.min_chars)
    print(f"{n} stories -> {args.out_stream}, labels -> {args.out_labels}")


if __name__ == "__main__":
    main()
