"""The agency stage: which outlet the story is from, and its dateline.

Looked up, in order of trust: the dateline in the text («به گزارش ایسنا،»,
«به گزارش خبرگزاری فارس از قزوین،», «تهران- ایرنا-»), which names the agency that
wrote the copy even when another site republished it; the URL's domain; the
crawler's ``source`` field; the page's site name. The dateline's offsets go to
``doc.dateline`` so deduplication can ignore who republished a story, and the
source after «به نقل از» or «به نوشته» in it becomes ``article.attribution``, else the
source a closing «منبع: …» line credits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal, NamedTuple
from urllib.parse import urlsplit

from pipeline.doc import Doc
from pipeline.extract._text import LETTER, gazetteer
from pipeline.models import Agency, Entity
from pipeline.sentences import SENTENCE_END

# Datelines open one of the first lines; past them «به گزارش» is ordinary prose.
DATELINE_LINES = 3
MAX_DATELINE_WORDS = 14

_REPORT_DATELINE = re.compile(r"به\s+گزارش\s+(?P<body>[^،,؛:\n]{1,200}?)\s*[،,؛]\s*")
_BARE_REPORT = re.compile(r"به\s+گزارش\s+")
# «به نقل از تسنیم، …»: a site opens with its source alone, no «به گزارش». A source
# opening with one of these points back to one named before («به نوشته این پایگاه،»,
# «به نقل از وی،») or names none («به نقل از یک منبع آگاه،»).
_POINTING_BACK = frozenset(("این", "آن", "همین", "همان", "وی", "او", "ایشان", "خود", "یک"))
_CITED_DATELINE = re.compile(
    r"به\s+(?:نقل\s+از|نوشته(?:\u200cی)?)\s+(?P<source>[^،,؛:\n]{1,120}?)\s*[،,؛]\s*"
)
# Without its comma, a dateline runs «به گزارش» [desk with an outlet noun] agency: «به
# گزارش خبرنگار اجتماعی فارس …», «به گزارش حوزه احزاب خبرگزاری فارس …». The outlet
# noun keeps «به گزارش استانداری فارس» (the province) and «به گزارش هواشناسی در ۱۲
# مهر» (the month) out.
_OUTLET_NOUNS = frozenset(
    ("خبرنگار", "خبرنگاران", "خبرگزاری", "گروه", "سرویس", "پایگاه", "سایت", "روزنامه", "شبکه")
)
_NOT_IN_DESK = frozenset(("در", "از", "به", "با", "که", "و", "را", "برای"))
MAX_BARE_DATELINE_WORDS = 5
_QUOTE_MARKS = "«»\"'"
_CLOSING_QUOTE = {"«": "»", '"': '"', "'": "'"}
_DATELINE_GOES_ON = re.compile(r"\s*(?:(?:از|در|(?:و\s+)?به\s+(?:نقل\s+از|نوشته(?:\u200cی)?))\s|$)")
# Republishers stack their datelines on the original's; more than this is not news.
MAX_STACKED_DATELINES = 3
# «به نقل از X», «به نوشته X»: the source the outlet took the story from. («به گفته X»
# is someone speaking in the story, not a source.)
_ATTRIBUTION = re.compile(r"\bبه\s+(?:نقل\s+از|نوشته(?:\u200cی)?)\s+(?P<source>.+)$")
# Between a named agency and its comma a dateline holds a desk, a place and a date
# («تابناک ورزشی», «ایرنا از کابل روز دوشنبه ۱۲ مهر»), and a source of a few words; a
# longer run is a clause of the story («به گزارش ایسنا همزمان با سرد شدن هوا و نصب
# وسایل گرمایشی در منازل،»), and so is a run that names a person («… فارس از قزوین
# سید مسعود رضایی،»): the dateline then ends at the name.
MAX_WORDS_AFTER_AGENCY = 8
MAX_SOURCE_WORDS = 10
_NON_ALNUM = re.compile(r"[^a-z0-9]")
# «منبع: ایلنا» on the story's last line: where a site took the story from.
_CLOSING_SOURCE = re.compile(r"(?:منبع|مأخذ|ماخذ)(?: خبر)?\s*:\s*(?P<source>[^:]{1,80})")

FoundIn = Literal["dateline", "url", "source", "html"]


@dataclass(slots=True, frozen=True)
class AgencyInfo:
    code: str
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]


class AgencyTable:
    """Every known outlet, with the lookups the stage needs built once."""

    def __init__(self, agencies: list[AgencyInfo]) -> None:
        self.agencies = agencies
        by_alias = {alias: agency for agency in agencies for alias in agency.aliases}
        self._by_alias = {_alias_key(alias): agency for alias, agency in by_alias.items()}
        # Longest alias first so «خبرگزاری فارس» wins over «فارس».
        alternatives = "|".join(
            _flexible(alias) for alias in sorted(by_alias, key=len, reverse=True)
        )
        self._alias = re.compile(rf"(?<![\w\u200c])(?:{alternatives})(?![\w\u200c])")
        # «به گزارش فارس», «خبرنگار مهر», «به نقل از ایسنا»: an outlet named as a source
        # anywhere in the story (the entity stage makes it an ORG, not the province).
        self._cited = re.compile(
            rf"(?:به\s+گزارش|خبرنگار|به\s+نقل\s+از|به\s+نوشته|گفت[\u200c\s]?و[\u200c\s]?گو\s+با"
            rf"|گفتگو\s+با|منبع\s*:)\s+[«\"]?(?P<alias>{alternatives})(?![\w\u200c])"
        )
        self._prefix_dateline = re.compile(
            rf"^(?:[\w\u200c ]{{1,20}}?\s*[-–—ـ]\s*)?(?P<alias>{alternatives})\s*[:\-–—ـ]\s*"
        )
        self._by_key: dict[str, AgencyInfo] = {}
        for agency in agencies:
            self._by_key[agency.code] = agency
            for domain in agency.domains:
                self._by_key[_NON_ALNUM.sub("", domain.split(".")[0])] = agency

    def find_alias(self, text: str, start: int = 0) -> re.Match[str] | None:
        """The first agency name in ``text`` from ``start``."""
        return self._alias.search(text, start)

    def cited(self, text: str) -> Iterator[tuple[int, int, AgencyInfo]]:
        """Offsets and agency of every outlet ``text`` names as a source («به گزارش
        فارس», «خبرنگار مهر», «منبع: ایلنا»)."""
        for match in self._cited.finditer(text):
            agency = self.by_alias(match.group("alias"))
            if agency is not None:
                yield match.start("alias"), match.end("alias"), agency

    def by_alias(self, alias: str) -> AgencyInfo | None:
        return self._by_alias.get(_alias_key(alias))

    def prefix_dateline(self, line: str) -> re.Match[str] | None:
        """«خبرگزاری فارس: …» or «تهران- ایرنا- …» at the start of a line."""
        return self._prefix_dateline.match(line)

    def by_url(self, url: str) -> AgencyInfo | None:
        parts = urlsplit(url if "//" in url else f"//{url}")
        host = (parts.hostname or "").removeprefix("www.")
        for agency in self.agencies:
            for domain in agency.domains:
                domain_host, _, path = domain.partition("/")
                if (host == domain_host or host.endswith("." + domain_host)) and (
                    parts.path.lstrip("/").startswith(path)
                ):
                    return agency
        return None

    def by_name(self, name: str) -> AgencyInfo | None:
        """A crawler's ``source`` or a page's site name: a code, domain or alias."""
        name = name.strip()
        return (
            self._by_key.get(_NON_ALNUM.sub("", name.lower()))
            or self.by_url(name)
            or self.by_alias(name)
        )


def _flexible(alias: str) -> str:
    # «بی‌بی‌سی» is also written «بی بی سی» and «بی‌بی سی».
    return r"[\s\u200c]*".join(re.escape(part) for part in re.split(r"[\s\u200c]+", alias))


def _alias_key(alias: str) -> str:
    return re.sub(r"[\s\u200c]+", "", alias)


@cache
def agency_table() -> AgencyTable:
    """The table in ``data/agencies.json``."""
    raw = json.loads(files("pipeline.extract").joinpath("data/agencies.json").read_text("utf-8"))
    return AgencyTable(
        [
            AgencyInfo(row["code"], row["name"], tuple(row["aliases"]), tuple(row["domains"]))
            for row in raw
        ]
    )


@dataclass(slots=True, frozen=True)
class Dateline:
    start: int
    end: int
    agency: AgencyInfo | None
    attribution: str | None
    # Offsets of the agency's name inside the text, for the entity stage.
    agency_span: tuple[int, int] | None


def find_dateline(text: str, table: AgencyTable) -> Dateline | None:
    """The dateline opening one of the first lines of ``text``, if any.

    A republisher puts its own dateline before the original's («به گزارش تسنیم، به
    گزارش ایسنا، …»); the dateline then spans both, so that deduplication ignores
    both, and the inner agency becomes the attribution: the story came from it. So
    does the source it cites next («به گزارش ایسنا، به نقل از روابط عمومی …، …»). A
    line opening with its source alone («به نقل از تسنیم، …») is a dateline only when
    none of the first lines has one naming an agency's report.
    """
    lines = list(_first_lines(text))
    for find in (_dateline_at, _cited_at):
        for line, offset, line_end in lines:
            dateline = find(line, offset, table)
            if dateline is None:
                continue
            for _ in range(MAX_STACKED_DATELINES - 1):
                rest = text[dateline.end : line_end]
                inner = _report_at(rest, dateline.end, table) or _cited_at(
                    rest, dateline.end, table)
                if inner is None:
                    break
                dateline = _stacked(dateline, inner)
            return dateline
    return None


def _first_lines(text: str) -> Iterator[tuple[str, int, int]]:
    """The first :data:`DATELINE_LINES` lines, stripped, with their offsets and ends."""
    line_start = 0
    for _ in range(DATELINE_LINES):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end]
        yield line.strip(), line_start + len(line) - len(line.lstrip()), line_end
        line_start = line_end + 1
        if line_start >= len(text):
            return


def _dateline_at(line: str, offset: int, table: AgencyTable) -> Dateline | None:
    """The dateline opening ``line``, a line of the text starting at ``offset``."""
    prefix = table.prefix_dateline(line)
    if prefix:
        agency = table.by_alias(prefix.group("alias"))
        alias_span = (offset + prefix.start("alias"), offset + prefix.end("alias"))
        return Dateline(offset, offset + prefix.end(), agency, None, alias_span)
    return _report_at(line, offset, table)


def _cited_at(line: str, offset: int, table: AgencyTable) -> Dateline | None:
    """«به نقل از تسنیم، …» opening ``line``: the site's own name is left out (the URL
    or the crawler's source tells it); the source, an agency by its name, is the
    attribution."""
    cited = _CITED_DATELINE.match(line)
    if cited is None:
        return None
    source = cited.group("source")
    words = source.split()
    if (
        not words
        or len(words) > MAX_SOURCE_WORDS
        or words[0] in _POINTING_BACK
        or SENTENCE_END.search(source)
    ):
        return None
    return Dateline(offset, offset + cited.end(), None, _credited(source, table), None)


def _report_at(line: str, offset: int, table: AgencyTable) -> Dateline | None:
    """A «به گزارش …» dateline opening ``line``, with or without its comma."""
    report = _REPORT_DATELINE.match(line)
    dateline = _report_dateline(report, offset, table) if report else None
    if report and dateline and dateline.agency_span:
        start, end = (position - offset for position in dateline.agency_span)
        # A quoted name closes the dateline unless a place or a source follows: in
        # «به گزارش «ورزش سه» هاشمیان سرمربی تیم، …» the comma ends a clause.
        if _quoted(line, start, end) and not _DATELINE_GOES_ON.match(
            line, end + 1, report.end("body")
        ):
            dateline = None
    return dateline or _bare_report_dateline(line, offset, table)


def _quoted(line: str, start: int, end: int) -> bool:
    """Whether the name at ``line[start:end]`` stands between quote marks («ورزش سه»)."""
    closing = _CLOSING_QUOTE.get(line[start - 1] if start else "")
    return closing is not None and line.startswith(closing, end)


def _stacked(outer: Dateline, inner: Dateline) -> Dateline:
    if outer.agency is None:  # «به گزارش خبرنگار ما، به گزارش ایرنا، …»: IRNA's story
        attribution = inner.attribution or outer.attribution  # «به نقل از تسنیم، به گزارش …»
        return Dateline(outer.start, inner.end, inner.agency, attribution, inner.agency_span)
    source = inner.agency.name if inner.agency else inner.attribution
    if inner.agency == outer.agency:  # «تهران- ایرنا- به گزارش ایرنا، …»
        source = inner.attribution
    return Dateline(
        outer.start, inner.end, outer.agency, outer.attribution or source, outer.agency_span
    )


def _bare_report_dateline(line: str, offset: int, table: AgencyTable) -> Dateline | None:
    """«به گزارش «ورزش سه» هاشمیان …», «به گزارش خبرنگار سیاسی فارس محمد …»: no comma
    closes the dateline, so it ends after the agency's name (and its closing quote)."""
    opening = _BARE_REPORT.match(line)
    alias = table.find_alias(line, opening.end()) if opening else None
    if alias is None:
        return None
    desk = line[opening.end() : alias.start()].translate({ord(c): " " for c in _QUOTE_MARKS})
    words = desk.split()
    if words and (
        _OUTLET_NOUNS.isdisjoint([*words, *alias.group().split()])  # «… خبرگزاری فارس»
        or len(words) > MAX_BARE_DATELINE_WORDS
        or any(word in _NOT_IN_DESK or not word.replace("\u200c", "").isalpha() for word in words)
    ):
        return None
    end = alias.end()
    if _quoted(line, alias.start(), end):
        end += 1  # the closing mark
    while end < len(line) and line[end].isspace():
        end += 1
    agency = table.by_alias(alias.group())
    alias_span = (offset + alias.start(), offset + alias.end())
    return Dateline(offset, offset + end, agency, None, alias_span)


def _report_dateline(report: re.Match[str], offset: int, table: AgencyTable) -> Dateline | None:
    body = report.group("body")
    attribution_match = _ATTRIBUTION.search(body)
    credited = body[: attribution_match.start()] if attribution_match else body
    alias = table.find_alias(credited)
    credited_end = len(credited)
    if alias is None and attribution_match and not credited.strip():
        # «به گزارش به نقل از ایسنا،»: the site left its own name out, the copy is ISNA's
        # (a source that is no agency stays the attribution).
        cited = table.find_alias(body, attribution_match.start("source"))
        if cited is not None:
            alias, attribution_match, credited_end = cited, None, len(body)
    if SENTENCE_END.search(body.rstrip(".!?؟ ")):
        return None  # the comma is past the end of a sentence of the story
    if alias is None:
        if len(body.split()) > MAX_DATELINE_WORDS:
            return None  # a long clause, not a dateline like «به گزارش خبرنگار ما،»
    elif not _fits_a_dateline(body[alias.end() : credited_end], attribution_match):
        return None
    agency = table.by_alias(alias.group()) if alias else None
    body_start = offset + report.start("body")
    alias_span = (body_start + alias.start(), body_start + alias.end()) if alias else None
    attribution = _source(attribution_match.group("source")) if attribution_match else None
    return Dateline(offset, offset + report.end(), agency, attribution or None, alias_span)


def _source(source: str) -> str:
    """A dateline's source without quote marks around it all («خبرگزاری فرانسه» from
    «به نقل از «خبرگزاری فرانسه»،») or an opening one left dangling at its end."""
    source = source.strip()
    if len(source) > 1 and _CLOSING_QUOTE.get(source[0]) == source[-1]:
        source = source[1:-1]
    source = source.rstrip(" «")
    return source.strip(' "') if source.count('"') % 2 else source


def _fits_a_dateline(after_agency: str, source: re.Match[str] | None) -> bool:
    """Whether the words after a named agency, up to its source or comma, and the
    source can all be dateline: a few words, no person's title, and no role but one
    an event's or desk's word governs («از نشست خبری سخنگوی دولت»): «… مهر وزیر آموزش
    و پرورش …،» and «… مهر از اراک استاندار مرکزی …،» open the story's sentence."""
    words = after_agency.split()
    person = _person_words()
    return (
        len(words) <= MAX_WORDS_AFTER_AGENCY
        and not any(
            word in person.roles and (index == 0 or words[index - 1] not in _GOVERNING_ROLES)
            for index, word in enumerate(words)
        )
        and person.titles.isdisjoint(words)
        and (source is None or len(source.group("source").split()) <= MAX_SOURCE_WORDS)
    )


# A role after these is part of a desk or an event in the dateline, not a person.
_GOVERNING_ROLES = frozenset(("خبری", "نشست", "دفتر", "جلسه", "مراسم", "دیدار", "سفر"))


class _PersonWords(NamedTuple):
    titles: frozenset[str]  # first words of titles («دکتر», «سرتیپ», «حجت‌الاسلام»), «سید»
    roles: frozenset[str]  # «وزیر», «سخنگوی», «مدیرکل» …


@cache
def _person_words() -> _PersonWords:
    """What opens a person's mention, from the gazetteer: a desk, place or date after
    an agency never holds a title, and a role there opens the story's sentence (a
    role further on may be a desk's: «از نشست خبری سخنگوی دولت»)."""
    lists = gazetteer()
    titles = frozenset(title.split()[0] for title in lists["titles"]) | {"سید", "سیده"}
    return _PersonWords(titles, frozenset(lists["role_heads"]))


def _closing_source(text: str, table: AgencyTable) -> str | None:
    """The source a story's last line credits («منبع: ایلنا»), an agency by its name."""
    credit = _CLOSING_SOURCE.fullmatch(text[text.rfind("\n") + 1 :].strip())
    if credit is None:
        return None
    return _credited(credit.group("source"), table)


def _credited(source: str, table: AgencyTable) -> str:
    """A source as the attribution names it: an agency by its name, else as written
    (quote marks around it dropped)."""
    agency = table.by_alias(source.strip().strip(_QUOTE_MARKS))
    return agency.name if agency else _source(source)


NEWS_AGENCY = "خبرگزاری "


def is_outlet(entity: Entity) -> bool:
    """A news outlet the story names («به گزارش ایسنا», «به نقل از ایرنا», any
    «خبرگزاری …»: «خبرگزاری رویترز»): it says who reported, not what happened. A place
    of the same name («فارس» the province) is not."""
    return entity.type == "ORG" and (
        entity.canonical.startswith(NEWS_AGENCY) or agency_table().by_alias(entity.canonical) is not None
    )


def find_agency(doc: Doc) -> None:
    """Set ``article.agency``, ``article.attribution``, ``doc.dateline`` and
    ``doc.agency_span``; move ``article.lead`` past a first paragraph that is only the
    dateline."""
    article = doc.article
    table = agency_table()
    article.url = article.url or doc.html_metadata.get("url")
    dateline = find_dateline(doc.text, table)
    article.attribution = (dateline.attribution if dateline else None) or _closing_source(
        doc.text, table
    )
    if dateline is not None:
        doc.dateline = (dateline.start, dateline.end)
        _lead_past(dateline, doc)
        if dateline.agency is not None:
            article.agency = _agency(dateline.agency, "dateline")
            doc.agency_span = dateline.agency_span
            return
    candidates: tuple[tuple[FoundIn, str | None, Callable[[str], AgencyInfo | None]], ...] = (
        ("url", article.url, table.by_url),
        ("source", article.source, table.by_name),
        ("html", doc.html_metadata.get("sitename"), table.by_name),
    )
    for found_in, value, lookup in candidates:
        agency = lookup(value) if value else None
        if agency is not None:
            article.agency = _agency(agency, found_in)
            return


def _lead_past(dateline: Dateline, doc: Doc) -> None:
    """A first paragraph that is a dateline alone («خبرگزاری فارس:») is no lead: the
    next paragraph is."""
    article = doc.article
    paragraphs = article.paragraph_texts()
    if (
        dateline.start == 0
        and len(paragraphs) > 1
        and article.lead == paragraphs[0]
        and not doc.text[dateline.end : article.paragraphs[0][1]].strip()
    ):
        # The next paragraph with words: a stray «.» line is no lead either.
        article.lead = next((p for p in paragraphs[1:] if LETTER.search(p)), article.lead)


def _agency(agency: AgencyInfo, found_in: FoundIn) -> Agency:
    return Agency(code=agency.code, name=agency.name, found_in=found_in)
