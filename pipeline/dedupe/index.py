"""The deduplication index: judges each story against the stories seen before it.

State lives in one ``MutableMapping[str, bytes]`` passed in by the caller (a Faust
table backed by a changelog topic in the worker, a dict in ``khabar process``), so
a restarted worker recovers it from the changelog. Values are packed with
``struct``/numpy, never pickled.

**One record per decision.** A decision writes exactly one key, the story's own
record ``s<h>`` (``h``: its handle, a counter in base64 digits), and never rewrites
another: the record holds what the story is (ingest time, LSH keys, b-bit MinHash,
lead, numbers, opening, id, agency, URL) and the *edges* of the decision, the
earlier stories it matched and by which rule. Everything else is derived from the
records and kept in memory: the LSH buckets and expiry steps (:class:`Postings`),
the clusters (connected components of the edges), which story is canonical, the
next handle and the newest ingest time. A worker killed between any two writes
therefore leaves a store that is the state after some whole number of decisions;
a story whose record reached the changelog is recognised when it is redelivered,
and one whose record did not is decided again, alike. Expiry deletes records, each
deletion complete in itself.

``#`` holds the layout of the settings that built the store, written once.

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
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import xxhash

from pipeline.dedupe.fingerprint import Fingerprint
from pipeline.dedupe.settings import DedupSettings
from pipeline.keys import b64, unb64
from pipeline.models import ArticleUpdate, DuplicateNotice

Match = Literal["exact", "near"]
# Which part of the relation joined two stories (see ``DedupIndex._compare``).
Rule = Literal["exact", "overlap", "same-lead", "own-lead", "inside", "brief", "flash", "same-hours",
               "excerpt"]
# Stored by position in an edge: a new rule is appended, so stored edges keep their meaning.
_RULES: tuple[Rule, ...] = ("exact", "overlap", "same-lead", "own-lead", "inside", "brief", "flash",
                            "same-hours", "excerpt")

_HEAD = struct.Struct("<qIHHBB")  # ingest ms, exact, size, first sentence size, flags, edges
_INGEST_MS = struct.Struct("<q")  # the head's first field
_OPENING = struct.Struct("<I")
_EDGE = struct.Struct("<IBBB")  # earlier story's handle, similarity, containment, rule
_LAYOUT = struct.Struct("<I")
# What a stored story's fields mean (the head's order, the flags), hashed into the
# store's layout record with the settings: raised when they change. Fingerprint
# format 8 changed how a fingerprint travels, not what is stored, so it stays 7.
_STORED_FORMAT = 7
_ONE_SENTENCE, _HAS_OPENING, _EXCERPT = 1, 2, 128
# Bits 2-6 of the flags byte: how many of the numbers the first sentence holds.
_FIRST_NUMBERS_SHIFT, _FIRST_NUMBERS_MAX = 2, 31
_NO_HEAD = np.zeros(0, "<u2")
_MAX_EDGES = 255
_NEVER = -(2**62)


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
    rule: Rule | None = None

    def notice(self) -> DuplicateNotice:
        return DuplicateNotice(
            id=self.story_id, duplicate_of=self.duplicate_of, similarity=self.similarity,
            match=self.match, agency=self.agency, url=self.url,
            containment=self.containment, rule=self.rule, correction=True,
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
    existing cluster: see ``corrections``). ``rule`` names what matched, and
    ``similarity`` and ``containment`` are the figures behind it. ``update`` names
    the canonical story that gets an :class:`ArticleUpdate`. ``repeated`` is true
    when the id was judged before (a redelivered message): nothing changes, and the
    verdict carries the decision as it stands now, the corrections it made and the
    canonical story's update, so that what a crash kept from being sent the first
    time is sent now.
    """

    story_id: str
    duplicate_of: str | None = None
    match: Match | None = None
    similarity: float = 0.0
    containment: float | None = None
    rule: Rule | None = None
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
            rule=self.rule,
        )


@dataclass(frozen=True, slots=True)
class _Edge:
    """A decision's match with an earlier story: the figures behind it, and the rule."""

    handle: int
    similarity: float
    containment: float
    rule: Rule

    @property
    def figures(self) -> tuple[Match, float, float, Rule]:
        """How a notice reports it: match, similarity, containment, rule."""
        kind: Match = "exact" if self.rule == "exact" else "near"
        return kind, round(self.similarity, 3), round(self.containment, 3), self.rule


@dataclass(slots=True)
class _Story:
    """One stored story (the value of ``s<h>``), written once."""

    handle: int
    ingest_ms: int
    exact: int
    size: int
    first_size: int  # Fingerprint.first_size
    keys: bytes  # the LSH keys, 3 bytes each
    minhash: np.ndarray  # uint8: the low 4 bits of each MinHash value, two to a byte
    lead: np.ndarray  # the same for the lead MinHash
    second_lead: np.ndarray  # and for the lead after the first sentence
    numbers: tuple[int, ...]
    id: str
    agency: str | None
    url: str | None
    edges: tuple[_Edge, ...] = ()
    opening: int = 0  # Fingerprint.opening, stored only when there is one
    one_sentence: bool = False
    first_numbers: int = 0  # Fingerprint.first_numbers
    head: np.ndarray = field(default_factory=lambda: _NO_HEAD)  # Fingerprint.head
    excerpt: bool = False  # Fingerprint.excerpt

    @property
    def order(self) -> tuple[int, str]:
        return (self.ingest_ms, self.id)

    def pack(self) -> bytes:
        flags = ((_ONE_SENTENCE if self.one_sentence else 0) | (_HAS_OPENING if self.opening else 0)
                 | (_EXCERPT if self.excerpt else 0)
                 | min(self.first_numbers, _FIRST_NUMBERS_MAX) << _FIRST_NUMBERS_SHIFT)
        head = _HEAD.pack(self.ingest_ms, self.exact, min(self.size, 0xFFFF),
                          min(self.first_size, 0xFFFF), flags, len(self.edges))
        numbers = bytes([len(self.numbers), *(n & 0xFF for n in self.numbers), len(self.head)])
        opening = _OPENING.pack(self.opening) if self.opening else b""
        edges = b"".join(_EDGE.pack(e.handle, round(e.similarity * 255), round(e.containment * 255),
                                    _RULES.index(e.rule)) for e in self.edges)
        return (head + bytes([len(self.keys) // 3]) + self.keys + edges + self.minhash.tobytes()
                + self.lead.tobytes() + self.second_lead.tobytes() + numbers + self.head.tobytes()
                + opening
                # Ids whole, however long (percent-encoded URLs are common ids): a
                # redelivered story must recognise itself.
                + _pack_str(self.id, 4) + _pack_str(self.agency, 1)
                # Only a copy needs its URL (for ``republished_by``); most stories are
                # first of their kind, and a URL can be longer than all the rest.
                + _pack_str(self.url if self.edges else None, 2))

    @classmethod
    def unpack(cls, handle: int, data: bytes, perms: int, lead_perms: int) -> _Story:
        ingest_ms, exact, size, first_size, flags, edge_count = _HEAD.unpack_from(data)
        keys, edges, at = _keys_and_edges(data, edge_count)
        minhash = np.frombuffer(data, np.uint8, perms // 2, at)
        at += perms // 2
        lead = np.frombuffer(data, np.uint8, lead_perms // 2, at)
        at += lead_perms // 2
        second_lead = np.frombuffer(data, np.uint8, lead_perms // 2, at)
        at += lead_perms // 2
        count = data[at]
        numbers = tuple(data[at + 1 : at + 1 + count])
        at += 1 + count
        heads = data[at]
        head = np.frombuffer(data, "<u2", heads, at + 1)
        at += 1 + 2 * heads
        opening = 0
        if flags & _HAS_OPENING:
            (opening,) = _OPENING.unpack_from(data, at)
            at += _OPENING.size
        story_id, at = _unpack_str(data, at, 4)
        agency, at = _unpack_str(data, at, 1)
        url, _ = _unpack_str(data, at, 2)
        return cls(handle, ingest_ms, exact, size, first_size, keys, minhash, lead, second_lead,
                   numbers, story_id or "", agency, url, edges, opening,
                   bool(flags & _ONE_SENTENCE), (flags >> _FIRST_NUMBERS_SHIFT) & _FIRST_NUMBERS_MAX,
                   head, bool(flags & _EXCERPT))

    @staticmethod
    def skeleton(data: bytes) -> tuple[int, bytes, tuple[_Edge, ...]]:
        """A stored story's ingest time, LSH keys (3 bytes each) and edges, nothing
        else read: what rebuilding the postings needs."""
        edge_count = data[_HEAD.size - 1]
        keys, edges, _ = _keys_and_edges(data, edge_count)
        return _INGEST_MS.unpack_from(data)[0], keys, edges


def _keys_and_edges(data: bytes, edge_count: int) -> tuple[bytes, tuple[_Edge, ...], int]:
    at = _HEAD.size
    key_count = data[at]
    keys = data[at + 1 : at + 1 + 3 * key_count]
    at += 1 + 3 * key_count
    edges = []
    for _ in range(edge_count):
        handle, similarity, containment, rule = _EDGE.unpack_from(data, at)
        edges.append(_Edge(handle, similarity / 255, containment / 255, _RULES[rule]))
        at += _EDGE.size
    return keys, tuple(edges), at


def _pack_str(value: str | None, width: int) -> bytes:
    """Length-prefixed UTF-8; the all-ones length stands for None."""
    none = (1 << 8 * width) - 1
    if value is None:
        return none.to_bytes(width, "little")
    data = value.encode(errors="surrogatepass")[: none - 1]
    return len(data).to_bytes(width, "little") + data


def _unpack_str(data: bytes, at: int, width: int) -> tuple[str | None, int]:
    length = int.from_bytes(data[at : at + width], "little")
    at += width
    if length == (1 << 8 * width) - 1:
        return None, at
    return data[at : at + length].decode(errors="surrogatepass"), at + length


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
    maps an expiry step to the handles ingested in it.
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
    first_size: int
    exact: int
    minhash: np.ndarray
    lead: np.ndarray
    second_lead: np.ndarray
    numbers: tuple[int, ...]
    first_numbers: int
    head: np.ndarray
    excerpt: bool

    @classmethod
    def of(cls, fp: Fingerprint) -> _Query:
        return cls(fp, min(fp.size, 0xFFFF), min(fp.first_size, 0xFFFF), fp.exact & 0xFFFFFFFF,
                   np.frombuffer(fp.minhash, np.uint8), np.frombuffer(fp.lead, np.uint8),
                   np.frombuffer(fp.second_lead, np.uint8), fp.numbers,
                   min(fp.first_numbers, _FIRST_NUMBERS_MAX), fp.head_values, fp.excerpt)


class DedupIndex:
    """Judges stories as unique or duplicates of a canonical story, within a window.

    ``store`` is any ``MutableMapping[str, bytes]``; it is the whole state. A Faust
    table may be refilled from its changelog (recovery, rebalance) at any time, so
    every call checks, in two lookups, that the store is still the one its memory
    was derived from (no record past its last handle, its last record still there),
    and derives it again when not.
    """

    def __init__(self, store: MutableMapping[str, bytes], settings: DedupSettings | None = None) -> None:
        self.store = store
        self.settings = settings or DedupSettings()
        layout = (_STORED_FORMAT, *self.settings.layout)
        self._layout = _LAYOUT.pack(xxhash.xxh32_intdigest(repr(layout).encode()))
        # Nothing is read here: a Faust table cannot be read before the worker starts.
        self._derived = False
        self._forget_derived()

    def _forget_derived(self) -> None:
        self.postings = Postings()
        self._root: dict[int, int] = {}  # handle -> its cluster's canonical handle
        self._members: dict[int, list[int]] = {}  # canonical handle -> handles, itself first
        self._by_id: dict[str, int] = {}
        self._next, self._newest, self._expire_step = 0, _NEVER, _NEVER
        self._last_written: int | None = None

    # -- what the records imply ---------------------------------------------------------

    def _sync(self) -> None:
        """Derive the in-memory state again when the store changed behind its back."""
        layout = self.store.get("#")
        if layout is not None and layout != self._layout:
            raise ValueError("the store was built with other fingerprint settings")
        refilled = ("s" + b64(self._next) in self.store
                    or (self._last_written is not None and self._last_written in self._root
                        and "s" + b64(self._last_written) not in self.store))
        if not self._derived or refilled:
            self._derive()
        elif self.postings.worn:
            self._rebuild_postings()

    def _rebuild_postings(self) -> None:
        """The buckets and steps again, without the dead entries of forgotten stories,
        from each record's ingest time and LSH keys only (the clusters stand)."""
        skeletons = {unb64(key[1:]): _Story.skeleton(data)
                     for key, data in self.store.items() if key.startswith("s")}
        handles = sorted(skeletons)
        self.postings = Postings.of_stories(
            handles, [skeletons[h][1] for h in handles],
            [skeletons[h][0] // self.settings.expiry_step_ms for h in handles])

    def _derive(self) -> None:
        """Postings, clusters, ids, next handle and newest time, from the records alone."""
        self._forget_derived()
        stories = {(handle := unb64(key[1:])): self._unpack(handle, data)
                   for key, data in self.store.items() if key.startswith("s")}
        handles = sorted(stories)
        self.postings = Postings.of_stories(
            handles, [stories[h].keys for h in handles],
            [stories[h].ingest_ms // self.settings.expiry_step_ms for h in handles])
        for members in _components(handles, lambda h: (e.handle for e in stories[h].edges)):
            root = min(members, key=lambda h: stories[h].order)
            self._members[root] = [root, *(h for h in members if h != root)]
            self._root.update(dict.fromkeys(members, root))
        self._by_id = {story.id: handle for handle, story in stories.items()}
        if handles:
            self._next = handles[-1] + 1
            self._newest = max(story.ingest_ms for story in stories.values())
            self._expire_step = min(self.postings.steps)
        self._derived = True

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
        self._sync()
        if (seen := self._by_id.get(story_id)) is not None:
            return self._repeated(seen)
        keys = fp.key_values
        query = _Query.of(fp)
        matches = [edge for other in self._candidates(keys)
                   if (edge := self._compare(query, other, abs(ingest_ms - other.ingest_ms))) is not None]
        if ingest_ms < self._newest - self.settings.window_ms:
            # Older than the window: it would expire at once. Judge, do not index.
            return self._judge_unindexed(story_id, matches)

        story = _Story(
            handle=self._next, ingest_ms=ingest_ms, exact=query.exact, size=query.size,
            first_size=query.first_size, keys=fp.keys,
            minhash=query.minhash, lead=query.lead, second_lead=query.second_lead,
            numbers=fp.numbers, id=story_id, agency=agency, url=url,
            edges=tuple(sorted(matches, key=lambda e: e.handle)[:_MAX_EDGES]),
            opening=fp.opening, one_sentence=fp.one_sentence, first_numbers=fp.first_numbers,
            head=query.head, excerpt=query.excerpt,
        )
        if "#" not in self.store:
            self.store["#"] = self._layout
        self.store["s" + b64(story.handle)] = story.pack()  # the decision, in one write
        self._last_written = story.handle
        self._next += 1
        self._by_id[story_id] = story.handle
        step = ingest_ms // self.settings.expiry_step_ms
        self.postings.add(story.handle, keys, step)
        self._expire_step = step if self._expire_step == _NEVER else min(self._expire_step, step)
        verdict = self._merge(story)
        self._advance(ingest_ms)
        return verdict

    # -- judging ----------------------------------------------------------------------

    def _compare(self, query: _Query, other: _Story, apart_ms: int) -> _Edge | None:
        """The "same story" relation; symmetric in its two arguments (``apart_ms``:
        how far apart their ingest times are). Returns the edge to ``other`` with the
        rule that joined them."""
        settings = self.settings
        size = query.size
        if query.exact == other.exact and size == other.size:
            return _Edge(other.handle, 1.0, 1.0, "exact")
        similarity, containment, intersection = self._figures_of(query, other)
        own_opening = self._own_opening(query, other, intersection)
        # A flash: one sentence, the other story's first sentence. Estimates of
        # containment are too noisy at its size to say more, or less.
        flash = (query.fp.one_sentence or other.one_sentence) and (
            query.fp.opening != 0 and query.fp.opening == other.opening)
        if (max(containment, own_opening) < min(settings.containment, settings.brief_containment)
                and not flash):
            return None
        shorter, longer = (query, other) if size <= other.size else (other, query)
        if not self._numbers_agree(shorter, longer):
            return None
        rule = self._rule(similarity, containment, _bbit_similarity(query.lead, other.lead),
                          min(size, other.size), max(size, other.size), flash, own_opening, apart_ms,
                          shorter.excerpt)
        if rule == "own-lead":
            containment = own_opening
        # Kept as stored (a byte each), so a redelivered story reports what it first did.
        return None if rule is None else _Edge(other.handle, round(similarity * 255) / 255,
                                                round(containment * 255) / 255, rule)

    def _figures_of(self, query: _Query, other: _Story) -> tuple[float, float, float]:
        """Jaccard, containment and the size of the intersection of two stories:
        counted where the heads allow, else estimated from the MinHashes.

        A head holding fewer than ``head_grams`` grams is its whole story. Two whole
        stories give all three exactly; a whole story against a longer one's head gives
        a lower bound of the intersection. MinHash estimates are noisiest where this
        applies: short stories, and briefs of long ones.
        """
        similarity = _bbit_similarity(query.minhash, other.minhash)
        intersection = _intersection(similarity, query.size, other.size)
        shorter, longer = ((query.head, other.head) if len(query.head) <= len(other.head)
                           else (other.head, query.head))
        whole = self.settings.head_grams
        if 0 < len(shorter) < whole:
            shared = len(np.intersect1d(shorter, longer, assume_unique=True))
            if len(longer) < whole:
                similarity, intersection = shared / (len(shorter) + len(longer) - shared), shared
            else:
                intersection = max(intersection, shared)
        smaller = min(query.size, other.size)
        return similarity, min(1.0, intersection / max(1, smaller)), intersection

    def _numbers_agree(self, shorter: _Query | _Story, longer: _Query | _Story) -> bool:
        """Does the longer story carry the shorter one's figures?

        A copy's own opening line («… ۲ کشته بر جای گذاشت؛ …») has figures of its own:
        those of the shorter story's first sentence are set aside when the text after
        that sentence opens as the longer story does, at least two figures follow it,
        and every figure of the longer story's first sentence is among them. A daily
        template («۷ محصول … در روز ۲۶ بهمن …») fails the last: its next issue opens
        on other figures.
        """
        threshold = self.settings.number_agreement
        if _numbers_agree(shorter.numbers, longer.numbers, threshold):
            return True
        rest = shorter.numbers[shorter.first_numbers:]
        if (shorter.first_numbers == 0 or len(rest) < 2
                or _bbit_similarity(shorter.second_lead, longer.lead) < self.settings.lead_threshold):
            return False
        opening = {n & 0xFF for n in longer.numbers[: longer.first_numbers]}
        return (opening <= {n & 0xFF for n in rest}
                and _numbers_agree(rest, longer.numbers, threshold))

    def _own_opening(self, query: _Query, other: _Story, intersection: float) -> float:
        """How much of a story lies in the other once its first sentence is set aside,
        when that sentence is its own: the text after it opens as the other story does.
        0 when neither story has that shape.

        Another outlet's own opening line makes a trimmed copy's containment fall short
        by that line's share. The copy that opens on its own line is the shorter one, or
        about the other's size; a digest that opens on an introduction of its own
        before the story it quotes is several stories long.
        """
        settings = self.settings
        best = 0.0
        for own, source in ((query, other), (other, query)):
            rest = own.size - own.first_size
            if (rest < settings.lead_grams // 4
                    or _bbit_similarity(own.second_lead, source.lead) < settings.lead_threshold):
                continue
            if own.size > source.size and source.size < settings.inside_ratio * own.size:
                continue
            # What the first sentence shares is no part of the rest's: two stories on one
            # template share their first sentences too, another outlet's own line does not.
            in_rest = intersection - self._first_shared(own, source)
            best = max(best, min(1.0, in_rest / max(1, min(rest, source.size))))
        return best

    def _first_shared(self, own: _Query | _Story, source: _Query | _Story) -> int:
        """How many of ``own``'s first sentence's grams ``source`` holds, counted on the
        heads (the first sentence's grams open ``own``'s head): exact when ``source``'s
        head is the whole story, a lower bound when it is a long story's opening."""
        first = own.head[: own.first_size]
        return len(np.intersect1d(first, source.head)) if len(first) else 0

    def _rule(self, similarity: float, containment: float, lead: float, smaller: int,
              larger: int, flash: bool, own_opening: float, apart_ms: int,
              excerpt: bool) -> Rule | None:
        """Which evidence makes two stories with agreeing numbers one story.

        Republication trims, drops and appends: the shorter copy is (nearly) inside
        the longer one. Broad overlap, the same start, or a size close to the other's
        rules out two stories that merely share a paragraph (a digest quoting one, a
        recurring introduction).
        """
        settings = self.settings
        ratio = smaller / max(1, larger)
        # Each edit leaves the grams spanning its cut outside the other copy, whatever
        # the story's size: a bar leaves room for at least ``edit_grams`` of them.
        edited = 1 - settings.edit_grams / max(1, smaller)

        def bar(containment_bar: float) -> float:
            return max(containment_bar - settings.edit_slack, min(containment_bar, edited))

        if containment >= bar(settings.containment) and similarity >= settings.threshold:
            return "overlap"
        # The same lead vouches for less overlap, not for foreign content: pages that
        # open on one boilerplate introduction (recipes, services) differ after it.
        if containment >= bar(settings.lead_containment) and lead >= settings.lead_threshold:
            return "same-lead"
        # Another outlet's opening line, then the story: what follows the line is inside.
        if own_opening >= settings.own_lead_containment:
            return "own-lead"
        # Another outlet's opening line (and an appended section or a cut tail): the
        # rest inside a story of about its size, or a few sentences shorter, where a
        # digest is several stories long. The same opening with less inside is the
        # other shape: a boilerplate introduction, then each page its own content.
        if (containment >= bar(settings.inside_containment)
                and (ratio >= settings.inside_ratio or larger - smaller <= settings.inside_grams)
                and lead < settings.lead_threshold):
            return "inside"
        # A brief: much shorter, the very same lead. Containment estimated from
        # Jaccard is noisy at such size ratios, so it may fall short of the bar.
        if (ratio <= settings.brief_ratio and lead >= settings.brief_lead
                and containment >= settings.brief_containment):
            return "brief"
        # Another outlet's rewrite of the lead and a few sentences, run within hours:
        # about the same size, most of it shared. A follow-up or the next issue of a
        # series comes a day later; a digest is several stories long; a boilerplate
        # introduction is all a short page shares with its sibling.
        if (apart_ms <= settings.same_hours_ms and ratio >= settings.same_hours_ratio
                and smaller >= settings.same_hours_grams
                and containment >= settings.same_hours_containment):
            return "same-hours"
        # The shorter says it is part of an interview or a speech («در بخشی از گفت‌وگو
        # با …») and lies inside the longer: an excerpt under a lead of its own, at any
        # size ratio. A digest item has the same figures, but never says so.
        if excerpt and containment >= bar(settings.excerpt_containment):
            return "excerpt"
        return "flash" if flash else None

    def _merge(self, story: _Story) -> Verdict:
        """Join the new story and every cluster it matched under the least order key."""
        handle = story.handle
        roots = sorted({self._root[e.handle] for e in story.edges if e.handle in self._root})
        if not roots:
            self._root[handle], self._members[handle] = handle, [handle]
            return Verdict(story.id)
        root = min([story, *map(self._load_existing, roots)], key=lambda s: s.order)
        members = [root.handle]
        corrections = []
        for old in roots:
            moved = self._members.pop(old)
            members.extend(h for h in moved if h != root.handle)
            if old != root.handle:
                corrections.extend(self._correction(h, root, story) for h in moved)
        if root is not story:
            members.append(handle)
        self._members[root.handle] = members
        self._root.update(dict.fromkeys(members, root.handle))
        update = self._update(root)
        if root is story:
            return Verdict(story.id, corrections=tuple(corrections), update=update)
        kind, similarity, containment, rule = self._figures(story, root)
        return Verdict(story.id, root.id, kind, similarity, containment, rule,
                       tuple(corrections), update)

    def _figures(self, story: _Story, root: _Story, newest: _Story | None = None
                 ) -> tuple[Match, float, float, Rule | None]:
        """How ``story`` matches its canonical ``root``, from the recorded edges: its
        own edge to the root, the root's (or the newest story's) edge to it, its best
        edge into the cluster; an estimate when it was joined through others only."""
        for edge in story.edges:
            if edge.handle == root.handle:
                return edge.figures
        for other in (root, newest):
            if other is not None:
                for edge in other.edges:
                    if edge.handle == story.handle:
                        return edge.figures
        if story.edges:
            return max(story.edges, key=lambda e: (e.rule == "exact", e.similarity)).figures
        similarity = _bbit_similarity(story.minhash, root.minhash)
        return "near", round(similarity, 3), round(_containment(similarity, story.size, root.size), 3), None

    def _correction(self, handle: int, root: _Story, newest: _Story) -> Correction:
        member = self._load_existing(handle)
        kind, similarity, containment, rule = self._figures(member, root, newest)
        return Correction(member.id, root.id, similarity, kind, containment, member.agency,
                          member.url, rule)

    def _update(self, root: _Story) -> RootUpdate:
        """The canonical story's republications: every other member, oldest first; the
        revision counts them, so it grows with each republication found."""
        members = self._members[root.handle][1:]
        stories = sorted(map(self._load_existing, members), key=lambda s: s.order)
        return RootUpdate(root.id, tuple({"id": s.id, "agency": s.agency, "url": s.url} for s in stories),
                          len(stories))

    def _repeated(self, handle: int) -> Verdict:
        """A redelivered story: its decision sent again as it stands now.

        Its own answer, the corrections it made (to the canonical story they have now:
        a later decision may have moved them on) and the canonical update; not the
        other copies' notices, which carry a title this index does not keep.
        """
        story = self._load_existing(handle)
        root = self._load_existing(self._root[handle])
        members = self._members[root.handle]
        corrections = tuple(self._correction(h, root, story) for h in self._corrected_by(story))
        update = self._update(root) if len(members) > 1 else None
        if root.handle == handle:
            return Verdict(story.id, corrections=corrections, update=update, repeated=True)
        kind, similarity, containment, rule = self._figures(story, root)
        return Verdict(story.id, root.id, kind, similarity, containment, rule, corrections,
                       update, repeated=True)

    def _corrected_by(self, story: _Story) -> list[int]:
        """The stories whose canonical story ``story``'s decision changed: the members
        of the clusters it joined, as they stood before it (its cluster's earlier
        stories and their edges), but for the cluster whose canonical story stayed."""
        earlier = [h for h in self._members[self._root[story.handle]] if h < story.handle]
        records = {h: self._load_existing(h) for h in earlier}
        joined = {e.handle for e in story.edges}
        components = _components(earlier, lambda h: (e.handle for e in records[h].edges))
        clusters = [members for members in components if joined.intersection(members)]
        first = min([story, *(records[h] for c in clusters for h in c)], key=lambda s: s.order)
        return [h for c in clusters if first.handle not in c for h in c]

    def _judge_unindexed(self, story_id: str, matches: list[_Edge]) -> Verdict:
        best = max(matches, key=lambda e: (e.rule == "exact", e.similarity), default=None)
        if best is None:
            return Verdict(story_id)
        root = self._load_existing(self._root[best.handle])
        return Verdict(story_id, root.id, *best.figures)

    # -- candidates -------------------------------------------------------------------

    def _candidates(self, keys: list[int]) -> list[_Story]:
        cap = self.settings.bucket_cap
        handles = set().union(*(self.postings.newest(key, cap, self._root.__contains__) for key in keys))
        return list(filter(None, map(self._load, sorted(handles))))

    # -- storage ------------------------------------------------------------------------

    def _unpack(self, handle: int, data: bytes) -> _Story:
        return _Story.unpack(handle, data, self.settings.num_perm, self.settings.lead_perm)

    def _load(self, handle: int) -> _Story | None:
        data = self.store.get("s" + b64(handle))
        return None if data is None else self._unpack(handle, data)

    def _load_existing(self, handle: int) -> _Story:
        story = self._load(handle)
        if story is None:  # the memory says it is stored: a store changed mid-call
            raise KeyError(f"story record s{b64(handle)} is missing from the store")
        return story

    # -- expiry -------------------------------------------------------------------------

    def _advance(self, ingest_ms: int) -> None:
        """Remember the newest ingest time and forget the steps that left the window.

        A cluster goes whole, when its canonical story (its oldest) leaves: what is
        left is then always whole components of the edges, as a rebuild derives them.
        """
        self._newest = max(self._newest, ingest_ms)
        cutoff = (self._newest - self.settings.window_ms) // self.settings.expiry_step_ms
        for step in range(self._expire_step, cutoff):
            for handle in self.postings.steps.pop(step, ()):
                if (root := self._root.get(handle)) is not None:
                    self._forget_cluster(root)
        self._expire_step = max(self._expire_step, cutoff)

    def _forget_cluster(self, root: int) -> None:
        for handle in self._members.pop(root):
            story = self._load(handle)
            if story is not None:
                self.postings.forgot(len(story.keys) // 3)
                self._by_id.pop(story.id, None)
                del self.store["s" + b64(handle)]
            del self._root[handle]

    def _check(self, fp: Fingerprint) -> None:
        if fp.shape != self.settings.layout:
            raise ValueError(f"fingerprint shape {fp.shape} does not match the settings "
                             f"{self.settings.layout}")

    # -- measurement --------------------------------------------------------------------

    def state_bytes(self) -> int:
        """Sum of len(key) + len(value) over the store (what the changelog keeps)."""
        return sum(len(k) + len(v) for k, v in self.store.items())

    def __len__(self) -> int:
        """Number of stories held."""
        return sum(1 for k in self.store if k.startswith("s"))


def _components(handles: list[int], edges: Callable[[int], Iterable[int]]) -> list[list[int]]:
    """The connected components of the stories ``handles`` under their ``edges`` (edges
    to stories outside ``handles`` are ignored), each in the order of ``handles``."""
    parent = {h: h for h in handles}

    def find(handle: int) -> int:
        while parent[handle] != handle:
            parent[handle] = handle = parent[parent[handle]]
        return handle

    for handle in handles:
        for other in edges(handle):
            if other in parent:
                parent[find(handle)] = find(other)
    components: dict[int, list[int]] = {}
    for handle in handles:
        components.setdefault(find(handle), []).append(handle)
    return list(components.values())


def _intersection(similarity: float, size_a: int, size_b: int) -> float:
    """|A∩B| from the Jaccard estimate and the set sizes."""
    return max(0.0, similarity) * (size_a + size_b) / (1 + max(0.0, similarity))


def _containment(similarity: float, size_a: int, size_b: int) -> float:
    """|A∩B|/min(|A|,|B|) from the Jaccard estimate and the set sizes."""
    return min(1.0, _intersection(similarity, size_a, size_b) / max(1, min(size_a, size_b)))


def _numbers_agree(shorter: tuple[int, ...], longer: tuple[int, ...], threshold: float) -> bool:
    """Does the longer story carry the shorter story's numbers (8-bit hashes)?

    A copy keeps its figures, whatever it trims, repeats or prepends; one day's
    figures on yesterday's template differ. Lists are of distinct numbers in order
    of first use, so a brief's numbers are among its story's first ones. The
    shorter story's last number is not required: a copy may end on a page footer
    of its own («کد خبر: …»).
    """
    wanted = {n & 0xFF for n in shorter[:-1] or shorter}
    if not wanted:
        return True
    return len(wanted & {n & 0xFF for n in longer}) / len(wanted) >= threshold
