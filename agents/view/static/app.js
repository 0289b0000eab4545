// The live newsroom view. Every string of a story is hostile: it enters the document only
// as text (createTextNode, textContent, append of a string), never as HTML, and only
// http(s) URLs become links.
"use strict";

const MAX_CARDS = 200;
const TYPES = { PER: "شخص", ORG: "سازمان", LOC: "مکان", EVENT: "رویداد" };
const RULES = {
  exact: "رونوشت کامل", overlap: "هم‌پوشانی متن", "same-lead": "لید یکسان",
  inside: "درون خبر دیگر", brief: "خلاصهٔ خبر", flash: "خبر فوری",
};
const REASONS = {
  invalid_utf8: "UTF-8 نامعتبر", invalid_json: "JSON نامعتبر", not_an_object: "شیء نیست",
  too_deeply_nested: "تودرتوی بیش از حد", missing_text: "بی‌متن", empty_story: "خبر خالی",
  too_large: "بیش از حد بزرگ", invalid_field: "فیلد نامعتبر", unusable_html: "HTML بی‌مصرف",
  not_persian: "غیرفارسی", processing_timeout: "پایان مهلت پردازش", internal_error: "خطای داخلی",
  undecodable_candidate: "نامزد ناخوانا", dedup_failed: "خطای تکراری‌یابی", unreadable: "رکورد ناخوانا",
};
const COLORS = ["#0b6e4f", "#2c7be5", "#e07b39", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"];

const cards = new Map();   // id → the newest card the server sent
const nodes = new Map();   // id → [version, <li>] drawn for it
let loaded = false;        // after the first load, new cards are flashed
let lastStats = null;
let topSpan = "hour";
let reloadTimer = null;
let epoch = null;          // the server's start: versions are counted from it
let drawnEvents = null;    // the events panel's data as last drawn

// ---- safe DOM building ---------------------------------------------------------------

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined) continue;
    if (name === "class") node.className = value;
    else if (name === "href") node.setAttribute("href", value);  // callers pass safe hrefs only
    else if (name === "title") node.title = value;
    else if (name.startsWith("data-")) node.setAttribute(name, value);
    else node[name] = value;
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));  // a string becomes a text node
  }
  return node;
}

function safeHref(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function permalink(id) { return "#/article/" + encodeURIComponent(id); }

function fa(number, digits = 0) {
  if (number === null || number === undefined || Number.isNaN(number)) return "–";
  return Number(number).toLocaleString("fa-IR", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function whenText(when) { return when ? `${when.jalali} ${when.clock}` : "–"; }

// Text with entity spans [start, end, type] (code-point offsets, as Python counts) marked.
function marked(tag, text, spans, props) {
  const node = el(tag, props);
  const chars = Array.from(text || "");
  let at = 0;
  for (const [start, end, type] of spans || []) {
    if (start < at || end > chars.length || !(type in TYPES)) continue;
    node.append(chars.slice(at, start).join(""));
    node.append(el("mark", { class: "ent ent-" + type, title: TYPES[type] }, chars.slice(start, end).join("")));
    at = end;
  }
  node.append(chars.slice(at).join(""));
  return node;
}

// ---- the wire ------------------------------------------------------------------------

function agencyName(card) {
  return (card.agency && (card.agency.name || card.agency.code)) || "خبرگزاری نامعلوم";
}

function republications(reps) {
  if (!reps.length) return null;
  return el("ul", { class: "reps" },
    el("li", {}, el("b", {}, `بازنشر در ${fa(reps.length)} رسانه`)),
    ...reps.map((rep) => el("li", { class: "rep", "data-id": rep.id },
      el("span", { class: "agency" }, rep.agency_name || rep.agency || "نامعلوم"),
      el("span", {}, whenText(rep.when)),
      rep.similarity !== null ? el("span", {}, `شباهت ${fa(rep.similarity * 100)}٪`) : null,
      el("span", { class: "rule" }, RULES[rep.rule] || (rep.rule ? rep.rule : "از راه نسخه‌های دیگر")),
      rep.title ? el("span", { class: "rep-title" }, rep.title) : null,
      safeHref(rep.url) ? el("a", { href: safeHref(rep.url), target: "_blank", rel: "noopener noreferrer" }, "منبع") : null,
    )));
}

function cardNode(card, fresh) {
  const source = safeHref(card.url);
  const published = card.published ? `منتشرشده ${whenText(card.published)}` : null;
  return el("li", { class: "card" + (fresh ? " fresh" : ""), "data-id": card.id },
    el("h3", {}, el("a", { class: "title", href: permalink(card.id) }, card.title || "(بی‌عنوان)")),
    el("div", { class: "byline" },
      el("span", { class: "agency" }, agencyName(card)),
      published ? el("span", {}, published) : null,
      el("span", {}, `رسیده ${whenText(card.received)} به وقت تهران`),
      source ? el("a", { href: source, target: "_blank", rel: "noopener noreferrer" }, "منبع خبر") : null,
      el("a", { href: permalink(card.id) }, "پیوند ثابت"),
    ),
    card.lead ? marked("p", card.lead, card.spans, { class: "lead" }) : null,
    el("div", { class: "tags" },
      ...card.entities.slice(0, 10).map(([type, name]) =>
        el("span", { class: "tag ent-" + (type in TYPES ? type : "X"), title: TYPES[type] || "" }, name)),
      ...card.keywords.slice(0, 5).map((term) => el("span", { class: "tag" }, "#" + term)),
    ),
    republications(card.republications || []),
  );
}

function upsert(list) {
  for (const card of list) {
    const known = cards.get(card.id);
    // A reload's answer may be older than a card the stream already sent.
    if (!known || card.version >= known.version) cards.set(card.id, card);
  }
  const newest = [...cards.values()].sort((a, b) => b.time_ms - a.time_ms);
  for (const card of newest.slice(MAX_CARDS)) cards.delete(card.id);
}

function renderWire() {
  const shown = [...cards.values()].filter((c) => !c.duplicate_of).sort((a, b) => b.time_ms - a.time_ms);
  const items = shown.map((card) => {
    const drawn = nodes.get(card.id);
    if (drawn && drawn[0] === card.version) return drawn[1];
    const node = cardNode(card, loaded && !drawn);
    nodes.set(card.id, [card.version, node]);
    return node;
  });
  for (const id of [...nodes.keys()]) if (!cards.has(id)) nodes.delete(id);
  document.getElementById("wire").replaceChildren(...items);
  document.getElementById("wire-empty").hidden = items.length > 0;
  document.getElementById("wire-count").textContent = `(${fa(items.length)})`;
}

function filterQuery() {
  const query = new URLSearchParams();
  for (const [name, id] of [["agency", "f-agency"], ["entity", "f-entity"], ["q", "f-q"], ["window", "f-window"]]) {
    const value = document.getElementById(id).value.trim();
    if (value) query.set(name, value);
  }
  return query;
}

async function loadWire() {
  const query = filterQuery();
  const response = await fetch("/api/articles?" + query);
  if (!response.ok) return;
  const found = await response.json();
  if ([...query.keys()].length) cards.clear();  // a search shows its answer only
  upsert(found);
  renderWire();
  loaded = true;
}

// While a filter is set the server decides what matches: new cards trigger a search.
function onCards(list) {
  if ([...filterQuery().keys()].length) {
    if (!reloadTimer) reloadTimer = setTimeout(() => { reloadTimer = null; loadWire(); }, 1000);
    return;
  }
  upsert(list);
  renderWire();
}

// ---- figures -------------------------------------------------------------------------

function setText(id, text) { document.getElementById(id).textContent = text; }

function renderStats(stats) {
  lastStats = stats;
  const health = stats.health;
  const state = document.getElementById("link-state");
  const live = health.following && health.broker_up;
  state.dataset.state = live ? "live" : "broker-down";
  state.textContent = live ? "زنده" : "در انتظار کافکا…";
  setText("h-in", fa(health.raw_in_per_s, 1));
  setText("h-out", fa(stats.out_per_s, 1));
  const lag = stats.lag_s;
  setText("h-lag", lag.count ? `${fa(lag.p50, 2)} / ${fa(lag.p95, 2)} / ${fa(lag.p99, 2)}` : "–");
  setText("h-rawlag", fa(health.raw_lag));
  setText("h-workers", fa(health.workers));
  setText("window-size", `در حافظه: ${fa(stats.window.articles)} خبر، ${fa(stats.window.bytes / 1048576, 1)} مگابایت`);
  renderAgencyChoices(stats.agencies);
  renderChart(stats);
  renderAgencies(stats.agencies);
  renderDead(stats.dead_letters);
  renderTop();
  renderEvents(stats.events);
}

function renderAgencyChoices(agencies) {
  const select = document.getElementById("f-agency");
  const have = new Set([...select.options].map((o) => o.value));
  for (const agency of agencies) {
    if (agency.code === "?" || have.has(agency.code)) continue;
    select.append(el("option", { value: agency.code }, agency.name || agency.code));
  }
}

function renderChart(stats) {
  const NS = "http://www.w3.org/2000/svg";
  const svgEl = (tag, attrs, text) => {
    const node = document.createElementNS(NS, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const top = stats.agencies.slice(0, COLORS.length - 1).map((a) => a.code);
  const colorOf = (code) => COLORS[top.includes(code) ? top.indexOf(code) : COLORS.length - 1];
  const minutes = stats.minutes;
  const totals = minutes.map((m) => Object.values(m.counts).reduce((a, b) => a + b, 0));
  const peak = Math.max(1, ...totals);
  const width = 600, height = 170, base = 150, barWidth = width / minutes.length;
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "خبر در دقیقه" });
  svg.append(svgEl("line", { x1: 0, x2: width, y1: base, y2: base, stroke: "#bbb" }));
  minutes.forEach((minute, i) => {
    // Right to left: the oldest minute at the right edge, the newest at the left.
    const x = width - (i + 1) * barWidth;
    let y = base;
    for (const [code, count] of Object.entries(minute.counts).sort()) {
      const h = (count / peak) * (base - 10);
      y -= h;
      const rect = svgEl("rect", { x: x + 1, y, width: Math.max(1, barWidth - 2), height: h, fill: colorOf(code) });
      rect.append(svgEl("title", {}, `${fa(count)}`));
      svg.append(rect);
    }
  });
  const clock = (ms) => new Date(ms).toLocaleTimeString("fa-IR", { timeZone: "Asia/Tehran", hour: "2-digit", minute: "2-digit" });
  if (minutes.length) {
    svg.append(svgEl("text", { x: width - 2, y: height - 2, "text-anchor": "start", "font-size": 11 }, clock(minutes[0].minute_ms)));
    svg.append(svgEl("text", { x: 2, y: height - 2, "text-anchor": "end", "font-size": 11 }, clock(minutes[minutes.length - 1].minute_ms)));
  }
  svg.append(svgEl("text", { x: width - 2, y: 12, "text-anchor": "start", "font-size": 11 }, `بیشینه ${fa(peak)}`));
  document.getElementById("chart").replaceChildren(svg);
  const names = new Map(stats.agencies.map((a) => [a.code, a.name]));
  const legend = top.map((code) => el("li", {}, el("i", { style: `background:${colorOf(code)}` }), code === "?" ? "نامعلوم" : names.get(code) || code));
  if (stats.agencies.length > top.length) legend.push(el("li", {}, el("i", { style: `background:${COLORS[COLORS.length - 1]}` }), "سایر"));
  document.getElementById("legend").replaceChildren(...legend);
}

function renderAgencies(agencies) {
  document.getElementById("agencies").replaceChildren(...agencies.map((a) => el("tr", {},
    el("td", {}, a.code === "?" ? "نامعلوم" : a.name || a.code),
    el("td", {}, fa(a.articles)),
    el("td", {}, fa(a.copies)),
    el("td", {}, `${fa(a.copy_share * 100)}٪`),
  )));
}

function renderDead(dead) {
  const entries = Object.entries(dead);
  const peak = Math.max(1, ...entries.map(([, n]) => n));
  document.getElementById("dead").replaceChildren(...entries.map(([reason, count]) => el("li", {},
    el("span", { title: reason }, REASONS[reason] || reason),
    el("span", {}, el("span", { class: "bar", style: `width:${(100 * count) / peak}%;display:block` })),
    el("span", {}, fa(count)),
  )));
  if (!entries.length) document.getElementById("dead").replaceChildren(el("li", { class: "empty" }, "هیچ"));
}

function renderTop() {
  if (!lastStats) return;
  const list = lastStats.most_republished[topSpan];
  document.getElementById("top").replaceChildren(...(list.length ? list.map((item) =>
    el("li", {}, el("a", { href: permalink(item.id) }, item.title || "(بی‌عنوان)"), ` — ${fa(item.count)} بازنشر`))
    : [el("li", { class: "empty" }, "هنوز بازنشری نیست")]));
}

// An event's timeline: a strip from its first story (right) to its latest (left), one dot
// a story, its outlet and time on hover.
function timeline(event) {
  const NS = "http://www.w3.org/2000/svg";
  const svgEl = (tag, attrs) => {
    const node = document.createElementNS(NS, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    return node;
  };
  const times = event.timeline.filter((t) => t.ms !== null);
  if (!times.length) return null;
  // An hour at least: stories of a few minutes stay together at the strip's start.
  const first = times[0].ms, span = Math.max(3_600_000, times[times.length - 1].ms - first);
  const width = 300, height = 22, pad = 6;
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "زمان خبرها", class: "timeline" });
  svg.append(svgEl("line", { x1: pad, x2: width - pad, y1: height / 2, y2: height / 2, stroke: "#bbb" }));
  for (const story of times) {
    const x = width - pad - ((story.ms - first) / span) * (width - 2 * pad);
    const dot = svgEl("circle", { cx: x, cy: height / 2, r: 4.5, fill: "#0b6e4f", "fill-opacity": 0.7, "data-id": story.id });
    const tip = document.createElementNS(NS, "title");
    tip.textContent = `${story.name || story.agency || "نامعلوم"} — ${whenText(story.when)}`;
    dot.append(tip);
    svg.append(dot);
  }
  return svg;
}

// From when to when, the day said once when both are on it.
function span(first, latest) {
  if (!first || !latest) return whenText(first || latest);
  if (first.jalali !== latest.jalali) return `${whenText(first)} تا ${whenText(latest)}`;
  return first.clock === latest.clock ? whenText(first) : `${first.jalali} ${first.clock} تا ${latest.clock}`;
}

function renderEvents(events) {
  // Drawn again only when they changed: the figures come every second.
  const drawn = JSON.stringify(events);
  if (drawn === drawnEvents) return;
  drawnEvents = drawn;
  const list = document.getElementById("events");
  if (!events || !events.length) {
    list.replaceChildren(el("li", { class: "empty" }, "هنوز رویدادی با دو خبر یا بیشتر نیست"));
    return;
  }
  list.replaceChildren(...events.map((event) => {
    const first = event.timeline.length ? event.timeline[0].id : null;
    return el("li", { class: "event", "data-id": event.id },
      el("div", { class: "event-label" }, first ? el("a", { href: permalink(first) }, event.label || "(بی‌عنوان)") : event.label),
      el("div", { class: "byline" },
        el("span", {}, `${fa(event.size)} خبر از ${fa(event.outlets.length)} رسانه`),
        el("span", {}, span(event.first, event.latest))),
      el("div", { class: "tags" }, ...event.outlets.map((outlet) =>
        el("span", { class: "tag outlet", "data-agency": outlet.code }, `${outlet.name || "نامعلوم"} ${fa(outlet.stories)}`))),
      timeline(event),
    );
  }));
}

// ---- the permalink -------------------------------------------------------------------

function row(label, value) {
  return value === null || value === undefined || value === "" ? [] : [el("dt", {}, label), el("dd", {}, value)];
}

function table(headers, rows) {
  if (!rows.length) return el("p", { class: "empty" }, "هیچ");
  return el("table", {}, el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((c) => el("td", {}, c))))));
}

const SHOWN = new Set(["kind", "schema_version", "id", "text", "title", "title_inferred", "lead", "paragraphs",
  "subheadings", "url", "source", "language", "agency", "attribution", "published_at", "dates", "entities",
  "quotes", "numbers", "keywords", "stats", "processing"]);

function articleView(data) {
  const { record, card, spans } = data;
  const source = safeHref(record.url);
  // The body, paragraph by paragraph, with every checked entity mention marked.
  const chars = Array.from(record.text || "");
  const paragraphs = [];
  let start = 0;
  for (let i = 0; i <= chars.length; i++) {
    if (i === chars.length || chars[i] === "\n") {
      const inside = spans.filter(([s, e]) => s >= start && e <= i).map(([s, e, t]) => [s - start, e - start, t]);
      paragraphs.push(marked("p", chars.slice(start, i).join(""), inside));
      start = i + 1;
    }
  }
  const stats = record.stats || {};
  const processing = record.processing || {};
  const other = Object.keys(record).filter((k) => !SHOWN.has(k));
  return [
    card.duplicate_of ? el("p", { class: "empty" }, "این خبر بازنشرِ ", el("a", { href: permalink(card.duplicate_of) }, "خبر دیگری"), " است.") : null,
    el("h2", { class: "title" }, record.title || "(بی‌عنوان)"),
    el("dl", {},
      ...row("شناسه", el("span", { class: "ltr" }, record.id)),
      ...row("خبرگزاری", record.agency ? `${record.agency.name} (${record.agency.code}، از ${record.agency.found_in})` : "نامعلوم"),
      ...row("به نقل از", record.attribution),
      ...row("منتشرشده", card.published ? `${whenText(card.published)} به وقت تهران` : null),
      ...row("رسیده", `${whenText(card.received)} به وقت تهران`),
      ...row("نشانی", source ? el("a", { href: source, target: "_blank", rel: "noopener noreferrer", class: "ltr" }, source) : record.url),
      ...row("منبع", record.source),
      ...row("زبان", record.language ? `${record.language.code} (اطمینان ${fa(record.language.confidence * 100)}٪)` : null),
      ...row("اندازه", record.stats ? `${fa(stats.words)} واژه، ${fa(stats.sentences)} جمله، ${fa(stats.paragraphs)} بند، ${fa(stats.reading_time_seconds)} ثانیه خواندن` : null),
      ...row("کلیدواژه‌ها", (record.keywords || []).map((k) => `${k.term} (${fa(k.score, 2)})`).join("، ")),
    ),
    (record.subheadings || []).length ? el("ul", {}, ...record.subheadings.map((s) => el("li", {}, s))) : null,
    el("div", { class: "body" }, ...paragraphs),
    el("h3", {}, `بازنشرها (${fa(card.republications.length)})`),
    table(["رسانه", "زمان", "شباهت", "تطابق", "قاعده", "عنوان", "نشانی"], card.republications.map((rep) => [
      rep.agency_name || rep.agency || "نامعلوم", whenText(rep.when),
      rep.similarity !== null ? `${fa(rep.similarity * 100)}٪` : "–", rep.match || "–",
      RULES[rep.rule] || rep.rule || "–", rep.title || "–",
      safeHref(rep.url) ? el("a", { href: safeHref(rep.url), target: "_blank", rel: "noopener noreferrer" }, "منبع") : "–",
    ])),
    el("h3", {}, "موجودیت‌ها"),
    table(["نوع", "نام", "عنوان", "بار"], (record.entities || []).map((e) => [
      el("mark", { class: "ent ent-" + (e.type in TYPES ? e.type : "X") }, TYPES[e.type] || e.type),
      e.canonical, e.title || "–", fa((e.mentions || []).length)])),
    el("h3", {}, "نقل‌قول‌ها"),
    ...((record.quotes || []).length ? record.quotes.map((q) => el("blockquote", {}, q.text,
      el("div", { class: "byline" }, `— ${q.speaker || "گوینده نامعلوم"}${q.role ? "، " + q.role : ""} (${q.verb || ""})`)))
      : [el("p", { class: "empty" }, "هیچ")]),
    el("h3", {}, "تاریخ‌ها و عددها"),
    table(["متن", "مقدار"], [
      ...(record.dates || []).map((d) => [d.text, d.value || "–"]),
      ...(record.numbers || []).map((n) => [n.text, `${fa(n.value, 2)}${n.unit === "percent" ? "٪" : ""}`]),
    ]),
    el("h3", {}, "پردازش"),
    el("dl", {},
      ...row("نسخهٔ خط لوله", processing.pipeline_version),
      ...row("جایگاه در کافکا", processing.source ? el("span", { class: "ltr" }, `${processing.source.topic} / ${processing.source.partition} / ${processing.source.offset}`) : null),
      ...row("زمان مراحل (میلی‌ثانیه)", Object.entries(processing.timings_ms || {}).map(([k, v]) => `${k}: ${fa(v, 1)}`).join("، ")),
      ...row("یکسان‌سازی", Object.entries(processing.normalization || {}).map(([k, v]) => `${k}: ${fa(v)}`).join("، ")),
      ...other.flatMap((key) => row(key, el("pre", { class: "ltr" }, JSON.stringify(record[key], null, 2)))),
    ),
  ];
}

async function showArticle(id) {
  const target = document.getElementById("article");
  target.replaceChildren(el("p", {}, "در حال بارگیری…"));
  const response = await fetch("/api/article/" + encodeURIComponent(id));
  if (!response.ok) {
    target.replaceChildren(el("p", { class: "empty" }, "این خبر دیگر در پنجرهٔ نما نیست."));
    return;
  }
  target.replaceChildren(...articleView(await response.json()).filter(Boolean));
}

function route() {
  const match = location.hash.match(/^#\/article\/(.+)$/);
  document.getElementById("main-view").hidden = Boolean(match);
  document.getElementById("article-view").hidden = !match;
  if (match) showArticle(decodeURIComponent(match[1]));
  window.scrollTo(0, 0);
}

// ---- wiring --------------------------------------------------------------------------

function connect() {
  const events = new EventSource("/events");
  const state = document.getElementById("link-state");
  // Every (re)connection reloads the state whole: nothing sent while away is missed.
  events.addEventListener("hello", (e) => {
    const hello = JSON.parse(e.data);
    if (hello.epoch !== epoch) { cards.clear(); nodes.clear(); epoch = hello.epoch; }
    loadWire();
    fetch("/api/stats").then((r) => r.json()).then(renderStats);
  });
  events.addEventListener("cards", (e) => onCards(JSON.parse(e.data)));
  events.addEventListener("stats", (e) => renderStats(JSON.parse(e.data)));
  events.addEventListener("error", () => { state.dataset.state = "connecting"; state.textContent = "در حال اتصال دوباره…"; });
}

document.addEventListener("DOMContentLoaded", () => {
  const filters = document.getElementById("filters");
  filters.addEventListener("submit", (e) => { e.preventDefault(); loadWire(); });
  filters.addEventListener("change", () => loadWire());
  filters.addEventListener("reset", () => setTimeout(loadWire, 0));
  for (const id of ["f-entity", "f-q"]) {
    let timer = null;
    document.getElementById(id).addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(loadWire, 300); });
  }
  for (const button of document.querySelectorAll(".tabs button")) {
    button.addEventListener("click", () => {
      topSpan = button.dataset.span;
      for (const other of document.querySelectorAll(".tabs button")) other.classList.toggle("on", other === button);
      renderTop();
    });
  }
  window.addEventListener("hashchange", route);
  route();
  connect();
});
