"""Measure duplicate detection: three methods on the labelled stream, one untuned check.

    .venv/bin/python bench/dedup_eval.py                 # labelled eval set, three methods
    .venv/bin/python bench/dedup_eval.py --ir-news       # untuned: ir-news, 30 pairs to read
    .venv/bin/python bench/dedup_eval.py --news          # data/news originals: merges to read
    .venv/bin/python bench/dedup_eval.py --built-seed 1  # a stream built from data/news, seed 1
    .venv/bin/python bench/dedup_eval.py --real-pairs    # real-pairs.jsonl and corpus/republications
    .venv/bin/python bench/dedup_eval.py --pair-evidence # sentence-level rules tried on its misses

Shared data is read from ``../shared`` relative to the repository root and never
copied; output records go to a temporary directory and are scored by the eval
set's own ``score.py`` (run as a subprocess).

Methods, each printing the records ``score.py`` reads (articles, duplicate
notices, corrections appended after the story that caused them):

- ``exact-raw``: a hash of the raw body, first seen is canonical.
- ``baseline``: datasketch MinHash-LSH, 128 permutations (built once), 5-word
  shingles of the same normalized, dateline-cut text Khabar gets after folding ي/ك
  and ZWNJ, threshold 0.3 (the eval README's baseline).
- ``khabar``: :mod:`pipeline.dedupe` with its default settings.

Throughput is of the dedup core alone (fingerprint + judge, or MinHash + LSH for
the baseline): normalization and dateline cutting are done before the clock starts.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.dedupe import DedupIndex, DedupSettings, fingerprint
from pipeline.dedupe.text import compact_codes

SHARED = REPO.parent / "shared"
EVAL = SHARED / "eval" / "dedup"
# Khabar's own read pairs of ir-news, never tuned on when first scored (corpus/republications).
REPUBLICATIONS = REPO / "corpus" / "republications" / "pairs.jsonl"
IR_NEWS = SHARED / "data" / "ir-news" / "stories.jsonl"
NEWS = SHARED / "data" / "news"

try:  # the project's normalizer, when it has landed
    from pipeline.normalize import normalize_story

    def normalize(text: str) -> str:
        return normalize_story(text).text

    NORMALIZER = "pipeline.normalize.normalize_story"
except ImportError:
    _LOCAL_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")}})

    def normalize(text: str) -> str:
        return text.translate(_LOCAL_FOLD)

    NORMALIZER = "local folding of ي/ك and digits (pipeline.normalize not importable)"

try:  # the project's dateline finder (extraction stage)
    from pipeline.extract.agency import agency_table, find_dateline

    def cut_dateline(text: str) -> tuple[str, str | None]:
        found = find_dateline(text, agency_table())
        if found is None:
            return text, None
        return text[: found.start] + text[found.end :], found.agency.code if found.agency else None

    DATELINE = "pipeline.extract.agency.find_dateline"
except ImportError:
    _DATELINE = re.compile(r"^\s*به\s+گزارش[^،,:\n]{1,120}[،,]\s*")

    def cut_dateline(text: str) -> tuple[str, str | None]:
        return _DATELINE.sub("", text, count=1), None

    DATELINE = "local regex «به گزارش …،»"


@dataclass(slots=True)
class Story:
    id: str
    ingest_ms: int
    body: str
    text: str  # normalized, dateline cut: what the caller hands to fingerprint()
    agency: str | None
    url: str | None
    title: str | None


def load(path: Path) -> list[Story]:
    stories = []
    for line_no, line in enumerate(path.open(encoding="utf-8")):
        row = json.loads(line)
        if "paragraphs" in row:  # data/news: title, paragraphs, link
            row = {"id": f"{path.stem}:{line_no}", "url": row.get("link"), "title": row.get("title"),
                   "body": "\n".join(row["paragraphs"] or [])}
        published = row.get("published_at")
        ingest_ms = (int(datetime.fromisoformat(published).timestamp() * 1000)
                     if isinstance(published, str) else 1_700_000_000_000 + line_no * 1000)
        text, agency = cut_dateline(normalize(row["body"]))
        stories.append(Story(str(row.get("id") or row.get("doc_id")), ingest_ms, row["body"], text,
                             agency or row.get("source") or row.get("source_site"), row.get("url"),
                             row.get("title")))
    return stories


# -- methods: each returns (records, seconds of core time) -----------------------------

def exact_raw(stories: list[Story]) -> tuple[list[dict], float]:
    first: dict[str, str] = {}
    records = []
    started = time.perf_counter()
    for story in stories:
        digest = hashlib.blake2b(story.body.encode(), digest_size=16).hexdigest()
        if digest in first:
            records.append({"kind": "duplicate", "id": story.id, "duplicate_of": first[digest],
                            "match": "exact", "similarity": 1.0})
        else:
            first[digest] = story.id
            records.append({"kind": "article", "id": story.id})
    return records, time.perf_counter() - started


_BASE_FOLD = str.maketrans({"ي": "ی", "ك": "ک", "\u200c": " "})


def baseline(stories: list[Story]) -> tuple[list[dict], float]:
    """The README's MinHash-LSH on the text Khabar gets (``story.text``: normalized,
    dateline cut), its 128 permutations built once before the clock starts."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    proto = MinHash(num_perm=128)  # its permutations are shared by every story's MinHash
    permutations, scheme = proto.permutations, proto.scheme
    root: dict[str, str] = {}
    records = []
    started = time.perf_counter()
    for story in stories:
        words = story.text.translate(_BASE_FOLD).split()
        shingles = {" ".join(words[i : i + 5]).encode() for i in range(max(1, len(words) - 4))}
        minhash = MinHash(num_perm=128, permutations=permutations, scheme=scheme)
        minhash.update_batch(list(shingles))
        found = lsh.query(minhash)
        if found:
            canonical = min((root[f] for f in found), key=lambda r: order[r])
            root[story.id] = canonical
            records.append({"kind": "duplicate", "id": story.id, "duplicate_of": canonical,
                            "match": "near", "similarity": None})
        else:
            root[story.id] = story.id
            records.append({"kind": "article", "id": story.id})
        lsh.insert(story.id, minhash)
    seconds = time.perf_counter() - started
    BASELINE_STATE.clear()
    BASELINE_STATE.update(baseline_state(lsh))
    return records, seconds


BASELINE_STATE: dict[str, float] = {}


def baseline_state(lsh) -> dict[str, float]:
    """What the MinHashLSH holds, in bytes a story. ``payload``: the id and band
    hashes in ``lsh.keys`` plus, in each band's hashtable, each bucket's band hash
    once and every id it lists (string/bytes contents only, no Python object
    overhead; datasketch keeps no MinHash values, only band hashes). ``pickle``:
    ``len(pickle.dumps(lsh))`` (shared objects written once)."""
    import pickle

    def size(value) -> int:
        return len(value.encode()) if isinstance(value, str) else len(value)

    keys = lsh.keys._dict
    payload = sum(size(key) + sum(size(h) for h in bands) for key, bands in keys.items())
    for table in lsh.hashtables:
        payload += sum(size(h) + sum(size(key) for key in members) for h, members in table._dict.items())
    n = max(1, len(keys))
    return {"payload": payload / n, "pickle": len(pickle.dumps(lsh)) / n, "bands": lsh.b, "rows": lsh.r}


order: dict[str, int] = {}
TIMINGS = {"fingerprint": 0.0}


def khabar(stories: list[Story], settings: DedupSettings | None = None,
           store: dict[str, bytes] | None = None) -> tuple[list[dict], float, DedupIndex]:
    index = DedupIndex({} if store is None else store, settings)
    records = []
    started = time.perf_counter()
    for story in stories:
        begun = time.perf_counter()
        fp = fingerprint(story.text, index.settings)
        TIMINGS["fingerprint"] += time.perf_counter() - begun
        verdict = index.judge(story.id, story.ingest_ms, fp, story.agency, story.url)
        notice = verdict.notice(story.agency, story.url)
        records.append({"kind": "article", "id": story.id} if notice is None
                       else {"kind": "duplicate", "id": story.id, "duplicate_of": notice.duplicate_of,
                             "match": notice.match, "similarity": notice.similarity,
                             "containment": notice.containment, "rule": notice.rule})
        for correction in verdict.corrections:
            records.append({"kind": "duplicate", "id": correction.story_id,
                            "duplicate_of": correction.duplicate_of, "match": correction.match,
                            "similarity": correction.similarity, "correction": True})
    return records, time.perf_counter() - started, index


# -- scoring and reporting ----------------------------------------------------------------

def score(records: Iterable[dict], labels: Path, out: Path) -> str:
    with out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    result = subprocess.run([sys.executable, str(EVAL / "score.py"), str(labels), str(out)],
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def final_pairs(records: list[dict]) -> dict[str, str]:
    """id -> canonical id, the last record per id winning (as score.py reads it)."""
    parent = {}
    for record in records:
        parent[record["id"]] = record.get("duplicate_of") or record["id"]
    return parent


def shuffled_check(stories: list[Story], in_order: list[dict], labels: Path, out_dir: Path,
                   partitions: int = 8, lag: int = 32, seed: int = 11) -> str:
    """8 partitions read by 2 workers: each partition keeps its order, but the
    single dedup shard sees them interleaved with up to ``lag`` stories of delay.
    After corrections the final id -> canonical mapping must equal in-order's."""
    rng = random.Random(seed)
    delay = [rng.randrange(lag) for _ in range(partitions)]
    keyed = []
    for position, story in enumerate(stories):
        partition = int(hashlib.blake2b(story.id.encode(), digest_size=2).hexdigest(), 16) % partitions
        keyed.append((position + delay[partition] + rng.randrange(lag // 4), partition, position, story))
    shuffled = [story for *_, story in sorted(keyed, key=lambda k: k[:3])]
    moved = sum(a.id != b.id for a, b in zip(stories, shuffled))
    records, _, _ = khabar(shuffled)
    same = final_pairs(records) == final_pairs(in_order)
    line = score(records, labels, out_dir / "khabar-shuffled.jsonl")
    corrections = sum(1 for r in records if r.get("correction"))
    return (f"shuffled   {line} ({moved} stories out of place, {corrections} corrections; "
            f"final mapping identical to in-order: {same})")


def micro_minhash(stories: list[Story], settings: DedupSettings) -> str:
    """The numpy MinHash against datasketch's on the same gram hashes."""
    from datasketch import MinHash

    from pipeline.dedupe.fingerprint import _minhash
    from pipeline.dedupe.text import compact_codes, gram_hashes

    grams = []
    for story in stories[:1000]:
        hashes = gram_hashes(compact_codes(story.text), settings.gram_chars)
        grams.append(np.unique(hashes[hashes >> np.uint64(64 - settings.sample_bits) == 0]))
    started = time.perf_counter()
    for g in grams:
        _minhash(g, settings.num_perm)
    ours = time.perf_counter() - started
    started = time.perf_counter()
    for g in grams:
        m = MinHash(num_perm=settings.num_perm, hashfunc=lambda x: x)
        m.update_batch((g & np.uint64(0xFFFFFFFF)).tolist())
    theirs = time.perf_counter() - started
    n = len(grams)
    return (f"minhash of the same grams, {settings.num_perm} perms: numpy {ours / n * 1e6:.0f} µs/story, "
            f"datasketch.MinHash.update_batch {theirs / n * 1e6:.0f} µs/story")


def run_eval(args: argparse.Namespace) -> None:
    stories = load(args.stream)
    order.update({s.id: i for i, s in enumerate(stories)})
    out_dir = Path(tempfile.mkdtemp(prefix="khabar-dedup-"))
    print(f"# {datetime.now().astimezone().isoformat(timespec='seconds')}  {len(stories)} stories  "
          f"normalizer: {NORMALIZER}; dateline: {DATELINE}")
    results = {}
    records, seconds = exact_raw(stories)
    results["exact-raw"] = (records, seconds, None)
    records, seconds = baseline(stories)
    results["baseline"] = (records, seconds, None)
    TIMINGS["fingerprint"] = 0.0
    records, seconds, index = khabar(stories)
    results["khabar"] = (records, seconds, index)
    split = (f" (fingerprint {TIMINGS['fingerprint'] / len(stories) * 1e6:.0f} µs + judge "
             f"{(seconds - TIMINGS['fingerprint']) / len(stories) * 1e6:.0f} µs a story)")
    for name, (records, seconds, index) in results.items():
        line = score(records, args.labels, out_dir / f"{name}.jsonl")
        extra = {
            "exact-raw": f" state_bytes_per_story~{16 + sum(len(s.id) for s in stories) / len(stories):.0f} (16-byte digest + id, in memory)",
            "baseline": (f" state_bytes_per_story={BASELINE_STATE['payload']:.0f} (in memory: id + "
                         f"{BASELINE_STATE['bands']:.0f} bands x {BASELINE_STATE['rows']:.0f} uint32 hashes, in "
                         f"lsh.keys and the hashtables) pickle={BASELINE_STATE['pickle']:.0f}"),
        }.get(name, "")
        if index is not None:
            extra = (f" state_bytes_per_story={index.state_bytes() / len(index):.0f} ({_breakdown(index)})"
                     f" + in-memory postings {index.postings.memory_bytes() / len(index):.0f}"
                     + split)
        print(f"{name:10s} {line} stories_per_s={len(stories) / seconds:.0f}{extra}")
    print(shuffled_check(stories, results["khabar"][0], args.labels, out_dir))
    print(micro_minhash(stories, DedupSettings()))
    print(unbucketed_pairs(stories, args.labels, DedupSettings()))
    print(f"# records in {out_dir}")


def unbucketed_pairs(stories: list[Story], labels: Path, settings: DedupSettings) -> str:
    """How many labelled same-story pairs share no LSH key: candidates the index can
    only reach through a third copy (connected components)."""
    cluster = {row["id"]: row["cluster"] for row in map(json.loads, labels.open(encoding="utf-8"))}
    keys: dict[str, set[int]] = {}
    members: dict[str, list[str]] = {}
    for story in stories:
        keys[story.id] = set(fingerprint(story.text, settings).key_values)
        members.setdefault(cluster[story.id], []).append(story.id)
    pairs = [pair for ids in members.values() for pair in itertools.combinations(ids, 2)]
    apart = sum(1 for a, b in pairs if not keys[a] & keys[b])
    per_story = sum(map(len, keys.values())) / len(keys)
    return (f"LSH: {apart} of {len(pairs)} same-story pairs share no bucket key "
            f"({per_story:.2f} keys a story)")


def _breakdown(index: DedupIndex) -> str:
    """Bytes per story by kind of key: # meta, s story, m members."""
    totals: dict[str, int] = {}
    for key, value in index.store.items():
        totals[key[0]] = totals.get(key[0], 0) + len(key) + len(value)
    return " ".join(f"{k}:{v / len(index):.0f}" for k, v in sorted(totals.items()))


def run_ir_news(args: argparse.Namespace) -> None:
    stories = load(args.ir_news_path)
    records, seconds, index = khabar(stories)
    parent = final_pairs(records)
    by_id = {s.id: s for s in stories}
    pairs = [(i, p) for i, p in parent.items() if i != p]
    clusters = len({p for _, p in pairs})
    same_url = sum(by_id[i].url == by_id[p].url for i, p in pairs)
    print(f"# ir-news untuned: {len(stories)} stories, {len(pairs)} duplicates in {clusters} clusters "
          f"({same_url} same-URL recrawls), {sum(1 for r in records if r.get('correction'))} corrections, "
          f"{len(stories) / seconds:.0f} stories/s, {index.state_bytes() / len(index):.0f} state bytes/story "
          f"({_breakdown(index)})")
    notices = {r["id"]: r for r in records if r["kind"] == "duplicate"}
    _template_check(stories, parent)
    _digest_check(stories, parent, by_id)
    rng = random.Random(args.seed)
    cross = [(i, p) for i, p in pairs if by_id[i].url != by_id[p].url]
    for i, p in rng.sample(cross, min(args.sample, len(cross))):
        a, b = by_id[p], by_id[i]
        n = notices.get(i, {})
        print(f"\n== {b.id} -> {a.id}  match={n.get('match')} sim={n.get('similarity')} "
              f"cont={n.get('containment')}  chars {len(b.text)}/{len(a.text)}")
        for s in (a, b):
            print(f"  [{s.agency}] {s.title}\n    {s.text[:220].replace(chr(10), ' / ')}")


_DIGITS = re.compile(r"[0-9۰-۹٠-٩]+")


def _template_check(stories: list[Story], parent: dict[str, str]) -> None:
    """Daily figures: titles that open with the same three words and carry numbers
    («قیمت دلار و یورو امروز … ۶ بهمن», «آخرین آمار کرونا …»). Which were merged?"""
    groups: dict[str, list[Story]] = {}
    for story in stories:
        title = story.title or ""
        if title != "nan" and _DIGITS.search(title):
            groups.setdefault(" ".join(_DIGITS.sub("#", title).split()[:3]), []).append(story)
    pairs = 0
    merged = []
    for group in groups.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if _DIGITS.findall(a.title or "") != _DIGITS.findall(b.title or ""):
                    pairs += 1
                    if parent[a.id] == parent[b.id]:
                        merged.append((a, b))
    print(f"# daily figures (same opening words, other numbers in the title): {pairs} pairs, "
          f"{len(merged)} merged")
    for a, b in merged:
        print(f"   merged: {a.title[:70]} | {b.title[:70]}")


def _digest_check(stories: list[Story], parent: dict[str, str], by_id: dict[str, Story]) -> None:
    """Roundups («… از جمله مهم‌ترین خبرها …», titles «… / … / …») quote other
    stories whole. Find every story lying >= 70% inside a roundup (exact sampled
    character grams, not the MinHash estimate) and count how many were merged."""
    from pipeline.dedupe.text import compact_codes, gram_hashes

    def grams(story: Story) -> set[int]:
        hashes = gram_hashes(compact_codes(story.text), 16)
        return set(hashes[hashes >> np.uint64(62) == 0].tolist())

    digests = [s for s in stories if "مهم‌ترین خبر" in s.text[:600] or (s.title or "").count("/") >= 2]
    inverted: dict[int, list[str]] = {}
    for digest in digests:
        for gram in grams(digest):
            inverted.setdefault(gram, []).append(digest.id)
    quoted = []
    for story in stories:
        own = grams(story)
        hits: dict[str, int] = {}
        for gram in own:
            for digest_id in inverted.get(gram, ()):
                hits[digest_id] = hits.get(digest_id, 0) + 1
        for digest_id, count in hits.items():
            if digest_id != story.id and count >= 0.7 * len(own) and len(own) < 0.8 * len(grams(by_id[digest_id])):
                quoted.append((story, by_id[digest_id]))
    merged = [(s, d) for s, d in quoted if parent[s.id] == parent[d.id]]
    print(f"# roundups: {len(digests)}; stories >= 70% inside a longer roundup: {len(quoted)} pairs, "
          f"{len(merged)} merged")
    for story, digest in merged:
        print(f"   merged: {story.title[:60]} | {digest.title[:60]}")


def run_news(args: argparse.Namespace) -> None:
    """The 2,400 originals the labelled stream was built from: every merge should be
    a crawler double (the same link); anything else is a false positive to read."""
    stories = [s for path in sorted(NEWS.glob("*.jsonl")) for s in load(path)]
    for n, story in enumerate(stories):
        story.ingest_ms = 1_700_000_000_000 + n * 1000
    records = khabar(stories)[0]
    by_id = {s.id: s for s in stories}
    pairs = [(i, p) for i, p in final_pairs(records).items() if i != p]
    other = [(i, p) for i, p in pairs if by_id[i].url != by_id[p].url]
    print(f"# data/news: {len(stories)} stories, {len(pairs)} duplicates, "
          f"{len(pairs) - len(other)} of them the same link, {len(other)} across links")
    for i, p in other:
        print(f"   {by_id[p].title[:70]} | {by_id[i].title[:70]}")


def run_real_pairs(args: argparse.Namespace) -> None:
    """The whole ir-news stream (each story's ``doc_id`` its id) through Khabar and the
    datasketch baseline, scored by ``score_pairs.py`` on the pairs read by a person."""
    stories = load(args.ir_news_path)
    order.update({s.id: i for i, s in enumerate(stories)})
    out_dir = Path(tempfile.mkdtemp(prefix="khabar-pairs-"))
    print(f"# {datetime.now().astimezone().isoformat(timespec='seconds')}  {len(stories)} ir-news stories "
          f"scored on {EVAL / 'real-pairs.jsonl'}")
    for name, records in (("baseline", baseline(stories)[0]), ("khabar", khabar(stories)[0])):
        path = out_dir / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        for pairs in (EVAL / "real-pairs.jsonl", REPUBLICATIONS):
            result = subprocess.run([sys.executable, str(EVAL / "score_pairs.py"), str(pairs), str(path)],
                                    capture_output=True, text=True, check=True)
            print(f"{name:10s} {pairs.parent.name}/{pairs.name}: {result.stdout.strip()}")
        rules = Counter(r.get("rule") for r in records if r["kind"] == "duplicate")
        if name == "khabar":
            print(f"           rules of the duplicate notices: {dict(rules.most_common())}")


# -- sentence-level evidence on real-pairs: candidate rules beyond the index's ----------------

_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|\n+")
_DIGITS = re.compile(r"[0-9]+")


def _folded(text: str) -> str:
    return "".join(map(chr, compact_codes(text)))


def _char_grams(folded: str, size: int = 16) -> set[str]:
    return {folded[i:i + size] for i in range(max(1, len(folded) - size + 1))} if folded else set()


@dataclass(frozen=True)
class PairEvidence:
    """Exact figures of two stories (every 16-character gram of the folded text, no
    sampling): what a richer fingerprint could tell the relation."""

    ratio: float  # shorter / longer, in folded characters
    containment: float  # of the shorter's grams in the longer
    in_order: float  # share of the shorter covered by its sentences found in the longer, in order
    shared_chars: int  # those sentences' folded characters
    block_start: float  # where in the longer the first found sentence sits (0 start, 1 end)
    own_first: int  # the shorter's sentences before its first found one (its own lead)
    new_numbers: int  # the shorter's distinct numbers absent from the longer
    hours_apart: float


def pair_evidence(one: Story, other: Story) -> PairEvidence:
    """A sentence is found in the other story when 0.8 of its grams are there."""
    sides = []
    for story in (one, other):
        sentences = [f for f in map(_folded, _SENTENCE_END.split(story.text)) if len(f) >= 8]
        sides.append((sentences, "".join(sentences)))
    (short, short_text), (_, long_text) = sorted(sides, key=lambda side: len(side[1]))
    short_grams, long_grams = _char_grams(short_text), _char_grams(long_text)
    found = []  # (index in the shorter, position in the longer, length)
    for i, sentence in enumerate(short):
        grams = _char_grams(sentence)
        if len(grams & long_grams) >= 0.8 * len(grams):
            at = long_text.find(sentence)
            if at < 0:  # edited inside: where its first shared gram is
                at = min(long_text.find(g) for g in grams & long_grams)
            found.append((i, at, len(sentence)))
    best: list[int] = []  # heaviest chain of found sentences in the same order in both
    for k, (_, at, length) in enumerate(found):
        best.append(length + max((best[j] for j in range(k) if found[j][1] < at), default=0))
    shared = max(best, default=0)
    numbers = set(_DIGITS.findall(short_text)) - set(_DIGITS.findall(long_text))
    return PairEvidence(
        ratio=len(short_text) / max(1, len(long_text)),
        containment=len(short_grams & long_grams) / max(1, len(short_grams)),
        in_order=shared / max(1, len(short_text)), shared_chars=shared,
        block_start=min((at for _, at, _ in found), default=len(long_text)) / max(1, len(long_text)),
        own_first=found[0][0] if found else len(short), new_numbers=len(numbers),
        hours_apart=abs(one.ingest_ms - other.ingest_ms) / 3_600_000)


# What each candidate would add to the index's relation (pairs it already joins aside).
CANDIDATES: dict[str, Callable[[PairEvidence], bool]] = {
    "in order >= 0.7, >= 1,000 characters shared": (
        lambda e: e.in_order >= 0.7 and e.shared_chars >= 1000),
    "the same, shared block at the longer's start (<= 0.15)": (
        lambda e: e.in_order >= 0.7 and e.shared_chars >= 1000 and e.block_start <= 0.15),
    "in order >= 0.5, at the start, own lead <= 1 sentence, no new number": (
        lambda e: e.in_order >= 0.5 and e.block_start <= 0.15 and e.own_first <= 1
        and e.new_numbers == 0),
    "in order >= 0.5, >= 500 characters, at the start, no new number": (
        lambda e: e.in_order >= 0.5 and e.shared_chars >= 500 and e.block_start <= 0.15
        and e.new_numbers == 0),
    "sentences found >= 0.85 of the shorter (in any order), ratio >= 0.4, no new number": (
        lambda e: e.in_order >= 0.85 and e.ratio >= 0.4 and e.new_numbers == 0),
    "in order >= 0.7, ratio >= 0.4, no new number": (
        lambda e: e.in_order >= 0.7 and e.ratio >= 0.4 and e.new_numbers == 0),
    "containment >= 0.6, ratio >= 0.7, no new number, >= 400 characters (at any time apart)": (
        lambda e: e.containment >= 0.6 and e.ratio >= 0.7 and e.new_numbers == 0
        and e.shared_chars >= 400),
}


def run_pair_evidence(args: argparse.Namespace) -> None:
    """Each candidate rule scored on the real pairs Khabar leaves apart: the same-story
    ones it would find, the others it would wrongly join (by kind)."""
    stories = load(args.ir_news_path)
    by_id = {story.id: story for story in stories}
    root = final_pairs(khabar(stories)[0])
    pairs = [json.loads(line) for line in (EVAL / "real-pairs.jsonl").open(encoding="utf-8")]
    apart = [(p, pair_evidence(by_id[p["a"]], by_id[p["b"]])) for p in pairs
             if root.get(p["a"], p["a"]) != root.get(p["b"], p["b"])]
    missed = sum(p["same_story"] for p, _ in apart)
    print(f"# {datetime.now().astimezone().isoformat(timespec='seconds')}  real-pairs left apart by "
          f"Khabar: {missed} same-story, {len(apart) - missed} others")
    for name, rule in CANDIDATES.items():
        hits = [p for p, evidence in apart if rule(evidence)]
        wrong = Counter(p["kind"] for p in hits if not p["same_story"])
        print(f"+{sum(p['same_story'] for p in hits)} found, +{sum(wrong.values())} wrong "
              f"{dict(wrong.most_common())}: {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stream", type=Path, default=EVAL / "stream.jsonl")
    parser.add_argument("--labels", type=Path, default=EVAL / "labels.jsonl")
    parser.add_argument("--ir-news", action="store_true", help="run the untuned ir-news check instead")
    parser.add_argument("--ir-news-path", type=Path, default=IR_NEWS)
    parser.add_argument("--news", action="store_true", help="precision check on data/news")
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--real-pairs", action="store_true", help="score ir-news on real-pairs.jsonl")
    parser.add_argument("--pair-evidence", action="store_true",
                        help="sentence-level candidate rules on the real pairs Khabar leaves apart")
    parser.add_argument("--built-seed", type=int, default=None,
                        help="evaluate a stream built from data/news with this seed (bench/make_dedup_stream.py)")
    args = parser.parse_args()
    if args.built_seed is not None:  # built into a temp dir, then the same three-method run
        from bench.make_dedup_stream import write_stream

        built = Path(tempfile.mkdtemp(prefix=f"khabar-built-{args.built_seed}-"))
        args.stream, args.labels = built / "stream.jsonl", built / "labels.jsonl"
        write_stream(args.built_seed, args.stream, args.labels)
        print(f"# stream built with seed {args.built_seed}: {args.stream}")
    if args.pair_evidence:
        run_pair_evidence(args)
    elif args.real_pairs:
        run_real_pairs(args)
    elif args.ir_news:
        run_ir_news(args)
    elif args.news:
        run_news(args)
    else:
        run_eval(args)


if __name__ == "__main__":
    main()
