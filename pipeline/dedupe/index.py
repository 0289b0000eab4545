"""The deduplication index: judges each story against the stories seen before it.

State lives in one ``MutableMapping[str, bytes]`` passed in by the caller (a Faust
table backed by a changelog topic in the worker, a dict in ``khabar process``), so
a restarted worker recovers it from the changelog. Values are packed with
``struct``/numpy, never pickled, and every change is an assignment or a deletion:
a table logs only those, so no value is ever mutated in place.

Keys (``h`` is a story handle, a counter in base64 digits):

``#``        meta: next handle, newest ingest time, next expiry step, settings shape
``s<h>``     one story: order key, root, b-bit MinHash, lead, numbers, LSH keys, opening, id,
             agency, url
``m<h>``     members of canonical story ``h``: 3-byte handles

The LSH buckets and the expiry steps are a function of the ``s`` records, so they
are kept in memory (:class:`Postings`) and rebuilt from the stories after a
recovery instead of being stored: rewriting them made 11 of a story's 14 changelog
records, and the changelog was the worker's main cost after the language work.

Clusters are the connected components of the "same story" relation, and the
canonical story of a cluster is its least member by ``(ingest_ms, id)``. Both are
independent of arrival order, which is what makes corrections converge: a story
that arrives late, or that joins two clusters, re-roots them and the verdict lists
every story whose canonical changed.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import xxhash

from pipeline.dedupe.fingerprint import Fingerprint
from pipeline.dedupe.settings import DedupSettings
from pipeline.models import ArticleUpdate, DuplicateNotice

Match = Literal["exact", "near"]

_META = struct.Struct("<IqqI")  # next handle, newest ingest ms, next step to expire, shape hash
_HEAD = struct.Struct("<qIIHHBBB")  # ingest ms, exact, root, size, revision, sim, containment, flags
_INGEST_MS = struct.Struct("<q")  # the head's first field
_OPENING = struct.Struct("<I")
_EXACT, _HAS_CONTAINMENT, _ONE_SENTENCE, _HAS_OPENING = 1, 2, 4, 8
_HANDLES = 1 << 24
_NEVER = -(2**62)
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@dataclass(frozen=True, slots=True)
class Correction:
    """A story already published whose canonical story changed."""

    story_id: str
    duplicate_of: str
    similarity: float
    match: Match
    containment: float | None
    agency: str | None
    url: str | None

    def notice(self) -> DuplicateNotice:
        return DuplicateNotice(
            id=self.story_id, duplicate_of=self.duplicate_of, similarity=self.similarity,
            match=self.match, agency=self.agency, url=self.url,
            containment=self.containment, correction=True,
        )


@dataclass(frozen=True, slots=True)
class RootUpdate:
    """The canonical story's current list of republications, to publish as an update."""

    story_id: str
    republished_by: tuple[dict[str, str | None], ...]
    revision: int

    def record(self) -> ArticleUpdate:
        return ArticleUpdate(id=self.story_id, republished_by=[dict(r) for r in self.republished_by],
                             revision=self.revision)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What :meth:`DedupIndex.judge` decided about one story.

    ``duplicate_of`` is the canonical story's id (never another duplicate), or None
    when the story is unique (possibly because it is now the canonical one of an
    existing cluster: see ``corrections``). ``update`` names the canonical story
    that gets an :class:`ArticleUpdate`. ``repeated`` is true when the id was judged
    before (a redelivered message): the verdict is rebuilt and nothing changes.
    """

    story_id: str
    duplicate_of: str | None = None
    match: Match | None = None
    similarity: float = 0.0
    containment: float | None = None
    corrections: tuple[Correction, ...] = ()
    update: RootUpdate | None = None
    repeated: bool = False

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of is not None

    def notice(self, agency: str | None = None, url: str | None = None,
               title: str | None = None) -> DuplicateNotice | None:
        """The duplicate notice for this story, or None if it is unique."""
        if self.duplicate_of is None or self.match is None:
            return None
        return DuplicateNotice(
            id=self.story_id, duplicate_of=self.duplicate_of, similarity=self.similarity,
            match=self.match, agency=agency, url=url, title=title, containment=self.containment,
        )


@dataclass(slots=True)
class _Story:
    """One stored story (the value of ``s<h>``)."""

    handle: int
    ingest_ms: int
    exact: int
    root: int
    size: int
    revision: int
    similarity: float
    containment: float | None
    exact_match: bool
    keys: list[int]
    minhash: np.ndarray  # uint8: the low 4 bits of each MinHash value, two to a byte
    lead: np.ndarray  # the same for the lead MinHash
    numbers: tuple[int, ...]
    id: str
    agency: str | None
    url: str | None
    opening: int = 0  # Fingerprint.opening, stored only when there is one
    one_sentence: bool = False

    @property
    def order(self) -> tuple[int, str]:
        return (self.ingest_ms, self.id)

    @property
    def match(self) -> tuple[Match, float, float | None]:
        """How this duplicate matches its root, as verdicts and corrections report it."""
        containment = None if self.containment is None else round(self.containment, 3)
        return "exact" if self.exact_match else "near", round(self.similarity, 3), containment

    def pack(self) -> bytes:
        flags = ((_EXACT if self.exact_match else 0)
                 | (_HAS_CONTAINMENT if self.containment is not None else 0)
                 | (_ONE_SENTENCE if self.one_sentence else 0)
                 | (_HAS_OPENING if self.opening else 0))
        head = _HEAD.pack(self.ingest_ms, self.exact, self.root, min(self.size, 0xFFFF),
                          min(self.revision, 0xFFFF), round(self.similarity * 255),
                          round((self.containment or 0.0) * 255), flags)
        keys = b"".join(k.to_bytes(3, "little") for k in self.keys)
        numbers = bytes([len(self.numbers), *(n & 0xFF for n in self.numbers)])
        opening = _OPENING.pack(self.opening) if self.opening else b""
        return (head + bytes([len(self.keys)]) + keys + self.minhash.tobytes() + self.lead.tobytes()
                + numbers + opening + _pack_str(self.id, 1) + _pack_str(self.agency, 1)
                # Only duplicates need their URL (for ``republished_by``); most stories
                # are unique, and a URL can be longer than everything else together.
                + _pack_str(self.url if self.root != self.handle else None, 2))

    @classmethod
    def unpack(cls, handle: int, data: bytes, perms: int, lead_perms: int) -> _Story:
        ingest_ms, exact, root, size, revision, sim, cont, flags = _HEAD.unpack_from(data)
        at = _HEAD.size
        count = data[at]
        at += 1
        keys = [int.from_bytes(data[at + 3 * i : at + 3 * i + 3], "little") for i in range(count)]
        at += 3 * count
        minhash = np.frombuffer(data, np.uint8, perms // 2, at)
        at += perms // 2
        lead = np.frombuffer(data, np.uint8, lead_perms // 2, at)
        at += lead_perms // 2
        count = data[at]
        numbers = tuple(data[at + 1 : at + 1 + count])
        at += 1 + count
        opening = 0
        if flags & _HAS_OPENING:
            (opening,) = _OPENING.unpack_from(data, at)
            at += _OPENING.size
        story_id, at = _unpack_str(data, at, 1)
        agency, at = _unpack_str(data, at, 1)
        url, at = _unpack_str(data, at, 2)
        return cls(handle, ingest_ms, exact, root, size, revision, sim / 255,
                   cont / 255 if flags & _HAS_CONTAINMENT else None, bool(flags & _EXACT),
                   keys, minhash, lead, numbers, story_id or "", agency, url, opening,
                   bool(flags & _ONE_SENTENCE))

    @staticmethod
    def ingest_ms_and_keys(data: bytes) -> tuple[int, bytes]:
        """A stored story's ingest time and LSH keys (3 bytes each), nothing else read:
        what rebuilding the postings needs."""
        keys_at = _HEAD.size + 1
        return _INGEST_MS.unpack_from(data)[0], data[keys_at : keys_at + 3 * data[_HEAD.size]]


def _pack_str(value: str | None, width: int) -> bytes:
    """Length-prefixed UTF-8; the all-ones length stands for None."""
    none = (1 << 8 * width) - 1
    if value is None:
        return none.to_bytes(width, "little")
    data = value.encode()[: none - 1]
    return len(data).to_bytes(width, "little") + data


def _unpack_str(data: bytes, at: int, width: int) -> tuple[str | None, int]:
    length = int.from_bytes(data[at : at + width], "little")
    at += width
    if length == (1 << 8 * width) - 1:
        return None, at
    return data[at : at + length].decode(errors="replace"), at + length


def _b64(number: int) -> str:
    digits = []
    while True:
        number, digit = divmod(number, 64)
        digits.append(_B64[digit])
        if not number:
            return "".join(digits)


def _unb64(digits: str) -> int:
    return sum(_B64.index(digit) << 6 * i for i, digit in enumerate(digits))


def _handles(data: bytes | None) -> list[int]:
    """Unpack 3-byte handles (a window holds far fewer than 16M stories)."""
    if not data:
        return []
    return [int.from_bytes(data[i : i + 3], "little") for i in range(0, len(data), 3)]


def _pack_handles(handles: list[int]) -> bytes:
    return b"".join(h.to_bytes(3, "little") for h in handles)


def _nibbles(values: np.ndarray) -> np.ndarray:
    """Keep the low 4 bits of each MinHash value, two values to a byte."""
    low = (values & 0xF).astype(np.uint8)
    return low[0::2] | (low[1::2] << 4)


def _bbit_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard estimate from 4-bit MinHash values (b-bit MinHash, Li & König).

    Unrelated values still agree 1 time in 16, which the estimator subtracts; at
    128 values its standard error is within 10% of full 32-bit values, in an
    eighth of the bytes.
    """
    if len(a) == 0:
        return 0.0
    differ = a ^ b
    agree = (np.count_nonzero((differ & 0xF) == 0) + np.count_nonzero((differ >> 4) == 0)) / (2 * len(a))
    return max(0.0, (agree - 1 / 16) / (1 - 1 / 16))


class Postings:
    """The LSH buckets and expiry steps of the stored stories, in memory.

    A bucket is a chain through flat arrays, 10 bytes an entry (one per story and
    LSH key, in the order they were added), each entry linking to the previous one
    in the same slot of a head table; the slot (at least 12 low bits of the 24-bit
    key) and a 16-bit tag (its high bits) tell the key. Forgotten stories leave
    their entries behind: walks skip them, and the index rebuilds the postings once
    they outnumber the live ones or the chains grow long (:attr:`worn`). ``steps``
    maps an expiry step to the handles ingested in it. ``synced_to`` is the meta
    record (``#``) they match: an index that finds another one in its store (a
    recovery or a rebalance refilled it) rebuilds them too.
    """

    def __init__(self, expected_entries: int = 0) -> None:
        # About four entries a slot: short walks, and a head table of a byte an entry.
        slots = 1 << max(12, (expected_entries // 4).bit_length())
        self._mask = slots - 1
        self._head = array("i", [-1]) * slots
        self._previous = array("i")
        self._tag = array("H")
        self._handle = array("I")
        self.steps: dict[int, array] = {}
        self.live_entries = 0
        self.synced_to: bytes | None = None

    def add(self, handle: int, keys: list[int], step: int) -> None:
        for key in keys:
            slot = key & self._mask
            self._previous.append(self._head[slot])
            self._tag.append(key >> 8)
            self._handle.append(handle)
            self._head[slot] = len(self._handle) - 1
        self.steps.setdefault(step, array("I")).append(handle)
        self.live_entries += len(keys)

    @classmethod
    def of_stories(cls, handles: list[int], packed_keys: list[bytes], steps: list[int]) -> Postings:
        """The postings that adding each story in turn would give (its handle, its LSH
        keys packed 3 bytes each, its expiry step), built with numpy in one go: a
        worker taking over a large window rebuilds them before its first verdict."""
        postings = cls(sum(map(len, packed_keys)) // 3)
        triples = np.frombuffer(b"".join(packed_keys), np.uint8).reshape(-1, 3).astype(np.uint32)
        keys = triples[:, 0] | triples[:, 1] << 8 | triples[:, 2] << 16
        slots = keys & postings._mask
        # Within a slot, entries in the order added: each links to the one before it,
        # and the head to the last.
        order = np.argsort(slots, kind="stable").astype(np.int32)
        grouped = slots[order]
        same_slot = grouped[1:] == grouped[:-1]
        previous = np.full(len(keys), -1, np.int32)
        previous[order[1:][same_slot]] = order[:-1][same_slot]
        last_in_slot = np.ones(len(keys), bool)
        last_in_slot[:-1] = ~same_slot
        head = np.full(postings._mask + 1, -1, np.int32)
        head[grouped[last_in_slot]] = order[last_in_slot]
        counts = np.fromiter(map(len, packed_keys), np.int64, len(packed_keys)) // 3
        for array_, values in (
            (postings._head, head),
            (postings._previous, previous),
            (postings._tag, (keys >> 8).astype(np.uint16)),
            (postings._handle, np.repeat(np.asarray(handles, np.uint32), counts)),
        ):
            del array_[:]
            array_.frombytes(values.tobytes())
        for handle, step in zip(handles, steps, strict=True):
            postings.steps.setdefault(step, array("I")).append(handle)
        postings.live_entries = len(keys)
        return postings

    def newest(self, key: int, cap: int, is_live: Callable[[int], bool]) -> list[int]:
        """The newest ``cap`` live handles under an LSH key."""
        found: list[int] = []
        tag = key >> 8
        entry = self._head[key & self._mask]
        while entry >= 0 and len(found) < cap:
            if self._tag[entry] == tag and is_live(handle := self._handle[entry]):
                found.append(handle)
            entry = self._previous[entry]
        return found

    def forgot(self, keys: int) -> None:
        """A story with this many LSH keys was forgotten; its entries are now dead."""
        self.live_entries -= keys

    @property
    def entries(self) -> int:
        """Entries held, live and dead."""
        return len(self._handle)

    @property
    def worn(self) -> bool:
        entries = self.entries
        return entries > 16 * (self._mask + 1) or entries - self.live_entries > max(self.live_entries, 4096)

    def memory_bytes(self) -> int:
        """Bytes of the arrays and of the steps' dict."""
        arrays = [self._head, self._previous, self._tag, self._handle, *self.steps.values()]
        return sys.getsizeof(self.steps) + sum(map(sys.getsizeof, arrays))


@dataclass(frozen=True, slots=True)
class _Query:
    """The story being judged, in the stored form, computed once per judge."""

    fp: Fingerprint
    size: int
    exact: int
    minhash: np.ndarray
    lead: np.ndarray

    @classmethod
    def of(cls, fp: Fingerprint) -> _Query:
        return cls(fp, min(fp.size, 0xFFFF), fp.exact & 0xFFFFFFFF, _nibbles(fp.values),
                   _nibbles(fp.lead_values))


def _opening_key(fp: Fingerprint) -> int:
    """The LSH key of a story's first sentence: two stories that open alike share it."""
    return fp.opening & 0xFFFFFF


@dataclass(frozen=True, slots=True)
class _Match:
    story: _Story
    similarity: float
    containment: float
    exact: bool


class DedupIndex:
    """Judges stories as unique or duplicates of a canonical story, within a window.

    ``store`` is any ``MutableMapping[str, bytes]``; it is the whole state. A Faust
    table may be refilled from its changelog (recovery, rebalance) at any time, so
    every call reads the meta record again and rebuilds the in-memory postings when
    the store is no longer the one they were derived from.
    """

    def __init__(self, store: MutableMapping[str, bytes], settings: DedupSettings | None = None) -> None:
        self.store = store
        self.settings = settings or DedupSettings()
        self.postings = Postings()
        self._shape = xxhash.xxh32_intdigest(repr(self.settings.layout).encode())
        # Nothing is read here: a Faust table cannot be read before the worker starts.
        self._next, self._newest, self._expire_step = 0, _NEVER, _NEVER

    def _read_meta(self) -> None:
        meta = self.store.get("#")
        if meta is None:
            self._next, self._newest, self._expire_step = 0, _NEVER, _NEVER
        else:
            self._next, self._newest, self._expire_step, shape = _META.unpack(meta)
            if shape != self._shape:
                raise ValueError("the store was built with other fingerprint settings")
        if meta != self.postings.synced_to or self.postings.worn:
            self._rebuild_postings(meta)

    def _rebuild_postings(self, meta: bytes | None) -> None:
        """Derive the buckets and steps from the stored stories, oldest handle first,
        reading only each record's ingest time and LSH keys."""
        ages = {(_unb64(key[1:]) - self._next) % _HANDLES: data
                for key, data in self.store.items() if key.startswith("s")}
        oldest_first = sorted(ages)
        times_and_keys = [_Story.ingest_ms_and_keys(ages[age]) for age in oldest_first]
        self.postings = Postings.of_stories(
            [(age + self._next) % _HANDLES for age in oldest_first],
            [keys for _, keys in times_and_keys],
            [ingest_ms // self.settings.expiry_step_ms for ingest_ms, _ in times_and_keys],
        )
        self.postings.synced_to = meta

    # -- the one public operation ---------------------------------------------------

    def judge(self, story_id: str, ingest_ms: int, fp: Fingerprint,
              agency: str | None = None, url: str | None = None) -> Verdict:
        """Decide whether the story is a duplicate, and add it to the index.

        A text shorter than one gram (``fp.size == 0``) is unique and not indexed:
        empty pages must not all become copies of each other.
        """
        self._check(fp)
        if fp.size == 0:
            return Verdict(story_id)
        self._read_meta()
        settings = self.settings
        keys = self._lsh_keys(fp)
        query = _Query.of(fp)
        matches = []
        for story in self._candidates(keys):
            if story.id == story_id:
                return self._repeated(story)
            found = self._compare(query, story)
            if found is not None:
                matches.append(found)
        if ingest_ms < self._newest - settings.window_ms:
            # Older than the window: it would expire at once. Judge, do not index.
            return self._judge_unindexed(story_id, matches)

        story = _Story(
            handle=self._next, ingest_ms=ingest_ms, exact=query.exact, root=self._next,
            size=query.size, revision=0, similarity=1.0, containment=None, exact_match=False,
            keys=keys, minhash=query.minhash, lead=query.lead, numbers=fp.numbers,
            id=story_id, agency=agency, url=url, opening=fp.opening, one_sentence=fp.one_sentence,
        )
        self._next = (self._next + 1) % _HANDLES
        step = ingest_ms // settings.expiry_step_ms
        self.postings.add(story.handle, keys, step)
        self._expire_step = step if self._expire_step == _NEVER else min(self._expire_step, step)

        roots = {m.story.root: self._load(m.story.root) for m in matches}
        roots = {h: r for h, r in roots.items() if r is not None}
        if not roots:
            self._save(story)
            verdict = Verdict(story_id)
        else:
            verdict = self._merge(story, matches, list(roots.values()))
        self._advance(ingest_ms)
        return verdict

    # -- judging ----------------------------------------------------------------------

    def _compare(self, query: _Query, other: _Story) -> _Match | None:
        """The "same story" relation; symmetric in its two arguments."""
        settings = self.settings
        size = query.size
        if query.exact == other.exact and size == other.size:
            return _Match(other, 1.0, 1.0, True)
        similarity = _bbit_similarity(query.minhash, other.minhash)
        containment = _containment(similarity, size, other.size)
        # A flash: one sentence, the other story's first sentence. Estimates of
        # containment are too noisy at its size to say more, or less.
        flash = (query.fp.one_sentence or other.one_sentence) and (
            query.fp.opening != 0 and query.fp.opening == other.opening)
        if containment < min(settings.containment, settings.brief_containment) and not flash:
            return None
        if not _numbers_agree(query.fp.numbers, other.numbers, settings.number_agreement):
            return None
        # Republication trims, drops and appends: the shorter copy is (nearly) inside
        # the longer one. Same start, or enough overlap, rules out two stories that
        # merely share a paragraph (a digest quoting one, a recurring introduction).
        lead = _bbit_similarity(query.lead, other.lead)
        if containment >= settings.containment and (
                similarity >= settings.threshold or lead >= settings.lead_threshold):
            return _Match(other, similarity, containment, False)
        # A brief: much shorter, the very same lead. Containment estimated from
        # Jaccard is noisy at such size ratios, so it may fall short of the bar.
        ratio = min(size, other.size) / max(size, other.size, 1)
        if (ratio <= settings.brief_ratio and lead >= settings.brief_lead
                and containment >= settings.brief_containment):
            return _Match(other, similarity, containment, False)
        if flash:
            return _Match(other, similarity, containment, False)
        return None

    def _merge(self, story: _Story, matches: list[_Match], roots: list[_Story]) -> Verdict:
        """Join the story and every cluster it matches under the least order key."""
        root = min([story, *roots], key=lambda s: s.order)
        direct = {m.story.handle: m for m in matches}
        members = [] if root is story else self._members(root)
        if root is not story:
            best = max(matches, key=lambda m: (m.story.root == root.handle, m.exact, m.similarity))
            self._point(story, root, best)
            members.append(story.handle)
            self._save(story)
        corrections = []
        for old in roots:
            if old is root:
                continue
            # Re-root a whole cluster: its canonical story and its members.
            moved = [old, *filter(None, map(self._load, self._members(old)))]
            self._delete("m" + _b64(old.handle))
            for member in moved:
                match = direct.get(member.handle) if root is story else None
                self._point(member, root, match)
                self._save(member)
                members.append(member.handle)
                kind, similarity, containment = member.match
                corrections.append(Correction(
                    member.id, root.id, similarity, kind, containment, member.agency, member.url))
        root.revision += 1
        self._save(root)
        self.store["m" + _b64(root.handle)] = _pack_handles(members)
        update = RootUpdate(root.id, self._republished_by(members), root.revision)
        if root is story:
            return Verdict(story.id, corrections=tuple(corrections), update=update)
        return Verdict(story.id, root.id, *story.match, tuple(corrections), update)

    def _point(self, story: _Story, root: _Story, match: _Match | None) -> None:
        """Make ``story`` a duplicate of ``root``, by a direct match or by estimate."""
        if match is None:
            similarity = _bbit_similarity(story.minhash, root.minhash)
            exact = story.exact == root.exact and story.size == root.size
            match = _Match(story, 1.0 if exact else similarity,
                           _containment(similarity, story.size, root.size), exact)
        story.root = root.handle
        story.similarity, story.exact_match = match.similarity, match.exact
        story.containment = None if match.exact else match.containment

    def _repeated(self, story: _Story) -> Verdict:
        root = self._load(story.root) if story.root != story.handle else None
        if root is None:
            return Verdict(story.id, repeated=True)
        return Verdict(story.id, root.id, *story.match, repeated=True)

    def _judge_unindexed(self, story_id: str, matches: list[_Match]) -> Verdict:
        best = max(matches, key=lambda m: (m.exact, m.similarity), default=None)
        root = self._load(best.story.root) if best else None
        if best is None or root is None:
            return Verdict(story_id)
        return Verdict(story_id, root.id, "exact" if best.exact else "near", round(best.similarity, 3),
                       None if best.exact else round(best.containment, 3))

    def _republished_by(self, members: list[int]) -> tuple[dict[str, str | None], ...]:
        stories = sorted(filter(None, map(self._load, members)), key=lambda s: s.order)
        return tuple({"id": s.id, "agency": s.agency, "url": s.url} for s in stories)

    # -- candidates -------------------------------------------------------------------

    def _lsh_keys(self, fp: Fingerprint) -> list[int]:
        """24-bit bucket keys: bands of the MinHash, bands of the lead MinHash, and the
        opening's hash (see :func:`_opening_key`)."""
        settings = self.settings
        keys = []
        for values, bands, rows, offset in ((fp.values, settings.bands, settings.rows, 0),
                                             (fp.lead_values, settings.lead_bands, settings.lead_rows, 128)):
            for band in range(bands):
                chunk = values[band * rows : (band + 1) * rows].tobytes()
                keys.append(xxhash.xxh3_64_intdigest(bytes([offset + band]) + chunk) & 0xFFFFFF)
        if fp.opening:
            keys.append(_opening_key(fp))
        return list(dict.fromkeys(keys))

    def _candidates(self, keys: list[int]) -> list[_Story]:
        cap = self.settings.bucket_cap
        handles = set().union(*(self.postings.newest(key, cap, self._holds) for key in keys))
        return list(filter(None, map(self._load, sorted(handles))))

    # -- storage ------------------------------------------------------------------------

    def _load(self, handle: int) -> _Story | None:
        data = self.store.get("s" + _b64(handle))
        if data is None:
            return None
        return _Story.unpack(handle, data, self.settings.num_perm, self.settings.lead_perm)

    def _holds(self, handle: int) -> bool:
        return "s" + _b64(handle) in self.store

    def _save(self, story: _Story) -> None:
        self.store["s" + _b64(story.handle)] = story.pack()

    def _members(self, root: _Story) -> list[int]:
        return _handles(self.store.get("m" + _b64(root.handle)))

    def _delete(self, key: str) -> None:
        if key in self.store:
            del self.store[key]

    # -- expiry -------------------------------------------------------------------------

    def _advance(self, ingest_ms: int) -> None:
        """Remember the newest ingest time and forget the steps that left the window."""
        self._newest = max(self._newest, ingest_ms)
        cutoff = (self._newest - self.settings.window_ms) // self.settings.expiry_step_ms
        for step in range(self._expire_step, cutoff):
            for handle in self.postings.steps.pop(step, ()):
                story = self._load(handle)
                if story is not None:
                    self._evict(story)
        self._expire_step = max(self._expire_step, cutoff)
        meta = _META.pack(self._next, self._newest, self._expire_step, self._shape)
        self.store["#"] = self.postings.synced_to = meta

    def _evict(self, story: _Story) -> None:
        """Forget a story; a canonical story takes its whole cluster with it."""
        if story.root == story.handle:
            for member in filter(None, map(self._load, self._members(story))):
                self._forget(member)
            self._delete("m" + _b64(story.handle))
        else:
            root = self._load(story.root)
            if root is not None:
                members = [h for h in self._members(root) if h != story.handle]
                if members:
                    self.store["m" + _b64(root.handle)] = _pack_handles(members)
                else:
                    self._delete("m" + _b64(root.handle))
        self._forget(story)

    def _forget(self, story: _Story) -> None:
        self.postings.forgot(len(story.keys))
        self._delete("s" + _b64(story.handle))

    def _check(self, fp: Fingerprint) -> None:
        if fp.shape != self.settings.shape:
            raise ValueError(f"fingerprint shape {fp.shape} does not match the settings "
                             f"{self.settings.shape}")

    # -- measurement --------------------------------------------------------------------

    def state_bytes(self) -> int:
        """Sum of len(key) + len(value) over the store (what the changelog keeps)."""
        return sum(len(k) + len(v) for k, v in self.store.items())

    def __len__(self) -> int:
        """Number of stories held."""
        return sum(1 for k in self.store if k.startswith("s"))


def _containment(similarity: float, size_a: int, size_b: int) -> float:
    """|A∩B|/min(|A|,|B|) from the Jaccard estimate and the set sizes."""
    if similarity <= 0:
        return 0.0
    intersection = similarity * (size_a + size_b) / (1 + similarity)
    return min(1.0, intersection / max(1, min(size_a, size_b)))


def _numbers_agree(a: tuple[int, ...], b: tuple[int, ...], threshold: float) -> bool:
    """Do the leading numbers agree (8-bit hashes)?

    The shorter list (a brief has fewer numbers) is looked up in the other, in
    any order: a copy may add an introduction or drop a sentence. Its last number
    is not required: where a copy was cut short, its last number may be a page
    footer («کد خبر: …») rather than the story's.
    """
    short, long = sorted((tuple(n & 0xFF for n in a), tuple(n & 0xFF for n in b)),
                         key=lambda n: (len(n), n))
    wanted = set(short[:-1] if len(short) > 1 else short)
    if not wanted:
        return True
    return len(wanted & set(long)) / len(wanted) >= threshold
