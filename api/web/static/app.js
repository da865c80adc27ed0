// The researchers' page: every view is a state of the URL (/?q=…, /?passage=…, /?view=…), so
// each is bookmarkable and the back button works. Searches run on submit only, never while
// typing, so a Korean IME never sends a half-composed syllable.
import { applyStrings, currentLang, switchLang, t } from "./i18n.js";

const STYLES = ["apa", "chicago", "mla", "korean", "bibtex", "ris", "csl-json"];
const PAGE_SIZE = 10;
const SCALE = Number(document.body.dataset.scale);
const $ = (id) => document.getElementById(id);

// -- errors and the API -------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function showError(e) {
  const box = $("status");
  let message = `${t("error")}: ${e.message}`; // a fault of the page itself
  if (e instanceof ApiError) message = e.status ? `${t("error")} ${e.status}: ${e.message}` : t("network");
  else console.error(e);
  box.textContent = message;
  box.hidden = false;
}

function clearError() {
  $("status").textContent = "";
}

async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, options);
  } catch {
    throw new ApiError(0, "network", t("network"));
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const err = body && body.error;
    throw new ApiError(
      response.status,
      err ? err.code : "error",
      err ? err.message : `${response.status} ${response.statusText}`,
    );
  }
  return body;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "html") node.innerHTML = v; // only the API's highlight, which escapes the text
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

// -- the URL is the state -------------------------------------------------------------------

function params() {
  return new URLSearchParams(location.search);
}

function go(query, replace = false) {
  const url = query.toString() ? `/?${query}` : "/";
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  route();
}

function link(a, query) {
  a.href = `/?${query}`;
  a.addEventListener("click", (ev) => {
    if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    go(query);
  });
  return a;
}

function show(view) {
  for (const panel of document.querySelectorAll("[data-view-panel]")) {
    panel.hidden = panel.dataset.viewPanel !== view;
  }
  for (const a of document.querySelectorAll("nav a[data-view]")) {
    if (a.dataset.view === view) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

async function route() {
  clearError();
  const p = params();
  try {
    if (p.get("passage")) {
      show("reader");
      await reader(p);
    } else if (p.get("view") === "support") {
      show("support");
      await supportView(p);
    } else if (p.get("view") === "library") {
      show("library");
      await library(p);
    } else if (p.get("view") === "marked") {
      show("marked");
      markedView();
    } else {
      show("search");
      await search(p);
    }
  } catch (e) {
    showError(e);
  }
}

// -- marked passages (this tab) -----------------------------------------------------------------

function marked() {
  return JSON.parse(sessionStorage.getItem("seoji.marked") || "[]");
}

function setMarked(list) {
  sessionStorage.setItem("seoji.marked", JSON.stringify(list));
  $("marked-count").textContent = String(list.length);
}

function markButton(ref) {
  const on = () => marked().some((m) => m.passage_id === ref.passage_id);
  const b = el("button", { type: "button", class: "mark", "aria-pressed": String(on()) });
  const label = () => {
    b.textContent = on() ? t("unmark") : t("mark");
    b.setAttribute("aria-pressed", String(on()));
  };
  b.addEventListener("click", () => {
    const list = marked().filter((m) => m.passage_id !== ref.passage_id);
    if (!on()) list.push({ passage_id: ref.passage_id, title: ref.title, text: ref.text.slice(0, 200) });
    setMarked(list);
    label();
  });
  label();
  return b;
}

function markedView() {
  const list = $("marked-list");
  list.replaceChildren();
  const items = marked();
  if (!items.length) list.append(el("li", {}, t("nothing_marked")));
  for (const m of items) {
    list.append(
      el("li", { class: "hit" },
        el("h3", {}, link(el("a", {}, m.title || t("untitled")), new URLSearchParams({ passage: m.passage_id }))),
        el("p", {}, m.text)),
    );
  }
}

async function exportMarked(style, ext, type) {
  try {
    const items = marked();
    const parts = await Promise.all(
      items.map((m) => api(`/api/citations/${encodeURIComponent(m.passage_id)}?style=${style}`)),
    );
    const blob = new Blob([parts.map((c) => c.reference.trim()).join("\n\n") + "\n"], { type });
    const a = el("a", { href: URL.createObjectURL(blob), download: `seoji-marked.${ext}` });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (e) {
    showError(e);
  }
}

// -- search ---------------------------------------------------------------------------------

const QUESTION = /[?？]\s*$|^(who|what|when|where|why|how|which|did|does|do|is|are|was|were|can)\b|(무엇|누가|누구|언제|어디|왜|어떻게|어떤|얼마|몇|인가|는가|나요|까)\s*$/i;
let documentsCache = null;

async function documents() {
  if (!documentsCache) documentsCache = (await api("/api/documents")).documents;
  return documentsCache;
}

function titleOf(d) {
  return (currentLang() === "en" ? d.title_en || d.title_ko : d.title_ko || d.title_en) || d.source || t("untitled");
}

async function fillDocSelect(selected) {
  const select = $("doc");
  const docs = await documents();
  select.replaceChildren(el("option", { value: "" }, t("any")));
  for (const d of docs) select.append(el("option", { value: d.id, selected: d.id === selected }, titleOf(d)));
}

function formToParams() {
  const q = new URLSearchParams();
  for (const name of ["q", "mode", "doc", "lang", "kind", "section", "year"]) {
    const v = $(name).value.trim();
    if (v && !(name === "mode" && v === "hybrid")) q.set(name, v);
  }
  return q;
}

function locator(ref) {
  const page = ref.page_label ? `${t("page")} ${ref.page_label}` : `${t("page")} [${ref.page}]`;
  return page;
}

function hitItem(ref, bodyHtml, extra = []) {
  const open = link(el("a", { class: "open" }, ref.title || ref.source || t("untitled")),
    new URLSearchParams({ passage: ref.passage_id }));
  return el("li", { class: "hit", lang: ref.lang },
    el("h3", {}, open),
    el("p", { class: "where muted" }, `${locator(ref)}${ref.section.length ? " · " + ref.section.join(" › ") : ""}`),
    el("p", { class: "text", html: bodyHtml }),
    ...extra,
    el("p", { class: "actions" },
      el("button", { type: "button", class: "cite", onclick: () => openCite(ref.passage_id, ref.text) }, t("cite")),
      markButton(ref)),
  );
}

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function sentenceHtml(text, start, end) {
  return `${escapeHtml(text.slice(0, start))}<mark class="answer">${escapeHtml(text.slice(start, end))}</mark>${escapeHtml(text.slice(end))}`;
}

async function docsForYear(year) {
  return (await documents()).filter((d) => String(d.year) === year).map((d) => d.id);
}

async function search(p) {
  const q = p.get("q") || "";
  for (const name of ["q", "doc", "lang", "kind", "section", "year"]) $(name).value = p.get(name) || "";
  $("mode").value = p.get("mode") || "hybrid";
  if (["doc", "lang", "kind", "section", "year"].some((n) => p.get(n)) || p.get("mode")) $("filters").open = true;
  await fillDocSelect(p.get("doc") || "").catch(showError);
  $("results").hidden = true;
  $("answers").hidden = true;
  $("query-info").textContent = "";
  if (!q.trim()) return;
  const page = Math.max(1, Number(p.get("page") || 1));
  const query = new URLSearchParams({ q, mode: p.get("mode") || "hybrid", size: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  if (p.get("lang")) query.set("lang", p.get("lang"));
  if (p.get("kind")) query.set("kind", p.get("kind"));
  let docs = p.get("doc") ? [p.get("doc")] : [];
  if (p.get("year")) {
    const ofYear = await docsForYear(p.get("year"));
    docs = docs.length ? docs.filter((d) => ofYear.includes(d)) : ofYear;
    if (!docs.length) docs = ["-"]; // no document of that year: nothing can match
  }
  for (const d of docs) query.append("doc", d);
  const asking = page === 1 && QUESTION.test(q.trim());
  const askQuery = new URLSearchParams({ q, size: 3 });
  if (p.get("lang")) askQuery.set("lang", p.get("lang"));
  for (const d of docs) askQuery.append("doc", d);
  const [result, asked] = await Promise.all([
    api(`/api/search?${query}`),
    asking ? api(`/api/ask?${askQuery}`).catch(() => null) : null,
  ]);
  renderAnswers(asked);
  renderHits(result, page, p);
}

function renderAnswers(asked) {
  const list = $("answer-list");
  list.replaceChildren();
  const answers = asked ? asked.answers.filter((a) => a.sentence) : [];
  $("answers").hidden = !answers.length;
  for (const a of answers) {
    const li = hitItem(a, sentenceHtml(a.text, a.sentence.start, a.sentence.end));
    li.querySelector(".text").before(el("p", { class: "sentence", lang: a.lang }, a.sentence.text));
    list.append(li);
  }
}

function renderHits(result, page, p) {
  const section = (p.get("section") || "").trim().toLowerCase();
  const hits = section
    ? result.hits.filter((h) => h.section.join(" ").toLowerCase().includes(section))
    : result.hits;
  const info = [];
  if (result.terms.length) info.push(`${t("matched")}: ${result.terms.join(", ")}`);
  if (result.translations.length) info.push(`${t("translations")}: ${result.translations.join(", ")}`);
  $("query-info").textContent = info.join(" · ");
  $("total").textContent = t("total", { n: result.total });
  const list = $("hit-list");
  list.replaceChildren();
  list.start = result.offset + 1;
  if (!hits.length) list.append(el("li", { class: "empty" }, t("no_hits")));
  for (const h of hits) list.append(hitItem(h, h.highlight));
  $("results").hidden = false;
  const pages = Math.ceil(result.total / PAGE_SIZE);
  $("page-no").textContent = t("page_no", { p: page });
  for (const [id, to] of [["prev", page - 1], ["next", page + 1]]) {
    const a = $(id);
    const enabled = to >= 1 && to <= pages;
    a.hidden = !enabled;
    if (enabled) {
      const q = new URLSearchParams(p);
      q.set("page", to);
      a.href = `/?${q}`;
      a.onclick = (ev) => {
        ev.preventDefault();
        go(q);
      };
    }
  }
}

// -- reader ---------------------------------------------------------------------------------

let selection = null; // {passage_id, start, end} of the text selected in the reader

function passageBlock(p, current) {
  const text = el("div", { class: "ptext", lang: p.lang, "data-passage": p.id }, p.text);
  const head = el("p", { class: "where muted" },
    `${locator({ page: p.page, page_label: p.page_label })}${p.section.length ? " · " + p.section.join(" › ") : ""}`);
  if (!current) {
    return el("section", { class: "neighbour" }, head,
      link(el("a", { class: "plink" }, text), new URLSearchParams({ passage: p.id })));
  }
  return el("section", { class: "current", id: "current", tabindex: "-1" }, head, text);
}

async function reader(p) {
  const id = p.get("passage");
  const context = Math.min(20, Math.max(0, Number(p.get("context") || 3)));
  const ctx = await api(`/api/passages/${encodeURIComponent(id)}?context=${context}`);
  const doc = ctx.document;
  const detail = await api(`/api/documents/${encodeURIComponent(doc.id)}`);
  $("reader-h").textContent = titleOf(doc);
  const passage = ctx.passage;
  $("reader-meta").textContent = [doc.authors.join(", "), doc.year, locator({ page: passage.page, page_label: passage.page_label }), passage.section.join(" › ")]
    .filter(Boolean).join(" · ");
  const back = document.referrer && new URL(document.referrer).origin === location.origin;
  $("back").onclick = back ? (ev) => { ev.preventDefault(); history.back(); } : null;

  const outline = $("outline-list");
  outline.replaceChildren();
  for (const entry of detail.outline) {
    const a = el("a", { href: "#", class: `lvl${entry.level}` }, entry.text);
    if (passage.section.includes(entry.text)) a.setAttribute("aria-current", "location");
    a.addEventListener("click", (ev) => { ev.preventDefault(); jumpToSection(doc.id, entry.text); });
    outline.append(el("li", {}, a));
  }

  const current = passageBlock(passage, true);
  const article = $("reader-text");
  article.replaceChildren(
    ...ctx.before.map((b) => passageBlock(b, false)),
    current,
    el("p", { class: "actions" },
      el("button", { type: "button", id: "cite-selection", onclick: () => citeSelection(passage) }, t("cite_passage")),
      markButton({ passage_id: passage.id, title: titleOf(doc), text: passage.text }),
      el("span", { class: "muted hint" }, t("select_hint"))),
    el("details", { id: "raw" }, el("summary", {}, t("raw")), el("pre", { lang: passage.lang }, ctx.raw_text)),
    ...ctx.after.map((b) => passageBlock(b, false)),
  );
  selection = null;
  current.focus({ preventScroll: true });
  current.scrollIntoView({ block: "center" });
  pageImage(doc, passage);
}

async function jumpToSection(docId, heading) {
  try {
    const q = new URLSearchParams({ q: heading, mode: "keyword", doc: docId, size: 20 });
    const found = await api(`/api/search?${q}`);
    const hit = found.hits.find((h) => h.section.includes(heading)) || found.hits[0];
    if (hit) go(new URLSearchParams({ passage: hit.passage_id }));
  } catch (e) {
    showError(e);
  }
}

function pageImage(doc, passage) {
  const figure = $("page-figure");
  const boxes = passage.boxes || [];
  if (!boxes.length || doc.media_type !== "application/pdf") {
    figure.hidden = true;
    return;
  }
  const page = boxes[0][0];
  const img = $("page-img");
  const wrap = $("page-wrap");
  for (const old of wrap.querySelectorAll(".box")) old.remove();
  img.onload = () => {
    figure.hidden = false;
    for (const [pg, [x0, top, x1, bottom]] of boxes) {
      if (pg !== page) continue;
      const w = img.naturalWidth / SCALE;
      const h = img.naturalHeight / SCALE;
      wrap.append(el("div", {
        class: "box",
        style: `left:${(x0 / w) * 100}%;top:${(top / h) * 100}%;width:${((x1 - x0) / w) * 100}%;height:${((bottom - top) / h) * 100}%`,
      }));
    }
  };
  img.onerror = () => { figure.hidden = true; };
  img.alt = t("page_image", { p: passage.page_label || page });
  $("page-caption").textContent = t("page_image", { p: passage.page_label || page });
  img.src = `/pages/${encodeURIComponent(doc.id)}/${page}.png`;
}

// The selection as offsets into the passage text: the text block holds one text node.
document.addEventListener("selectionchange", () => {
  const node = document.querySelector("#current .ptext");
  const button = $("cite-selection");
  if (!node || !button) return;
  const s = document.getSelection();
  selection = null;
  if (s && s.rangeCount && !s.isCollapsed) {
    const r = s.getRangeAt(0);
    if (node.contains(r.startContainer) && node.contains(r.endContainer)) {
      const before = document.createRange();
      before.setStart(node, 0);
      before.setEnd(r.startContainer, r.startOffset);
      const start = before.toString().length;
      const end = start + r.toString().length;
      if (end > start) selection = { passage_id: node.dataset.passage, start, end };
    }
  }
  button.textContent = selection ? t("cite_sel") : t("cite_passage");
});

function citeSelection(passage) {
  if (selection && selection.passage_id === passage.id) {
    openCite(passage.id, passage.text.slice(selection.start, selection.end), selection.start, selection.end);
  } else {
    openCite(passage.id, passage.text);
  }
}

// -- citations --------------------------------------------------------------------------------

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // http:// on another host has no clipboard API: fall back to a selected textarea
    const area = el("textarea", {}, text);
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  const toast = $("copied");
  toast.textContent = t("copied");
  toast.hidden = false;
  setTimeout(() => { toast.hidden = true; }, 1500);
}

function citationText(c) {
  if (["bibtex", "ris", "csl-json"].includes(c.style)) return c.reference;
  return `“${c.quote}” ${c.in_text}\n\n${c.reference}`;
}

async function openCite(passageId, quote, start = null, end = null) {
  const panel = $("cite-panel");
  panel.hidden = false;
  $("cite-quote").textContent = quote;
  const list = $("cite-list");
  list.replaceChildren(el("li", {}, t("loading")));
  const span = start === null ? "" : `&start=${start}&end=${end}`;
  try {
    const citations = await Promise.all(
      STYLES.map((s) => api(`/api/citations/${encodeURIComponent(passageId)}?style=${s}${span}`)),
    );
    list.replaceChildren(...citations.map((c) => citationItem(c)));
  } catch (e) {
    list.replaceChildren();
    showError(e);
  }
  $("cite-close").focus();
}

function citationItem(c, tag = "li") {
  const text = citationText(c);
  return el(tag, { class: "citation", "data-style": c.style },
    el("h3", {}, c.style),
    el("pre", {}, text),
    c.missing.length ? el("p", { class: "muted" }, t("missing", { m: c.missing.join(", ") })) : null,
    el("button", { type: "button", class: "copy", "aria-label": `${t("copy")} ${c.style}`, onclick: () => copy(text) }, t("copy")));
}

function closeCite() {
  $("cite-panel").hidden = true;
}

// -- support my sentence -------------------------------------------------------------------

async function supportView(p) {
  const text = p.get("text") || "";
  $("support-text").value = text;
  $("support-style").value = p.get("style") || "apa";
  const list = $("support-list");
  list.replaceChildren();
  if (!text.trim()) return;
  const found = await api("/api/cite", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ text, style: $("support-style").value, size: 5 }),
  });
  if (!found.supports.length) list.append(el("li", {}, t("no_hits")));
  for (const s of found.supports) {
    const li = hitItem({ ...s, text: s.quote, kind: "body" }, escapeHtml(s.quote));
    li.querySelector(".text").after(citationItem(s.citation, "div"));
    list.append(li);
  }
}

// -- library -----------------------------------------------------------------------------------

function key() {
  return sessionStorage.getItem("seoji.key") || "";
}

async function library(p) {
  $("api-key").value = key();
  documentsCache = null;
  const docs = await documents();
  const rows = $("doc-rows");
  rows.replaceChildren();
  for (const d of docs) {
    const open = link(el("a", {}, titleOf(d)), new URLSearchParams({ view: "library", doc: d.id }));
    rows.append(el("tr", {},
      el("th", { scope: "row" }, open, el("div", { class: "muted small" }, d.source)),
      el("td", {}, d.year ?? ""), el("td", {}, d.page_count || ""), el("td", {}, d.doc_type || ""),
      el("td", {}, el("button", { type: "button", class: "delete", onclick: () => remove(d) }, t("delete")))));
  }
  const detail = $("doc-detail");
  detail.hidden = !p.get("doc");
  if (p.get("doc")) await documentDetail(p.get("doc"));
}

const EDITABLE = ["title_ko", "title_en", "subtitle", "doc_type", "year", "authors", "publisher", "container", "volume", "issue", "date", "number", "doi"];

async function documentDetail(id) {
  const d = await api(`/api/documents/${encodeURIComponent(id)}`);
  const form = el("form", { id: "edit-form" });
  for (const f of EDITABLE) {
    const value = f === "authors" ? d.authors.join(", ") : d[f] ?? "";
    const input = el("input", { name: f, value, type: f === "year" ? "number" : "text" });
    const forget = el("label", { class: "small" },
      el("input", { type: "checkbox", name: `forget_${f}`, "aria-label": `${t("forget")}: ${t(`f_${f}`)}` }),
      ` ${t("forget")}`);
    form.append(el("div", { class: "field" }, el("label", {}, el("span", {}, t(`f_${f}`)), input), forget));
  }
  form.append(el("p", { class: "muted" }, t("edit_help")), el("button", { type: "submit" }, t("save")));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const changes = {};
    for (const f of EDITABLE) {
      const raw = String(data.get(f) ?? "").trim();
      const before = f === "authors" ? d.authors.join(", ") : String(d[f] ?? "");
      if (data.get(`forget_${f}`)) changes[f] = null;
      else if (raw !== before) {
        if (f === "authors") changes[f] = raw ? raw.split(",").map((a) => a.trim()).filter(Boolean) : [];
        else if (f === "year") changes[f] = raw ? Number(raw) : "";
        else changes[f] = raw;
      }
    }
    try {
      await api(`/api/documents/${encodeURIComponent(id)}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json", "X-API-Key": key() },
        body: JSON.stringify(changes),
      });
      $("notice").textContent = t("saved");
      go(params(), true);
    } catch (e) {
      showError(e);
    }
  });
  const outline = el("ol", {}, ...d.outline.map((o) => el("li", { class: `lvl${o.level}` }, o.text)));
  $("doc-detail").replaceChildren(
    el("h2", {}, titleOf(d)),
    el("p", { class: "muted" }, `${d.media_type} · ${t("passages", { n: d.passages })} · ${d.page_count} ${t("f_pages")} · ${d.languages.join(", ")}`),
    d.abstract_ko ? el("p", { lang: "ko" }, d.abstract_ko) : null,
    d.abstract_en ? el("p", { lang: "en" }, d.abstract_en) : null,
    el("h3", {}, t("outline")), outline,
    el("h3", {}, t("edit")), form);
}

async function remove(d) {
  if (!confirm(t("confirm_delete", { t: titleOf(d) }))) return;
  try {
    await api(`/api/documents/${encodeURIComponent(d.id)}`, { method: "DELETE", headers: { "X-API-Key": key() } });
    $("notice").textContent = t("deleted", { t: titleOf(d) });
    documentsCache = null;
    go(new URLSearchParams({ view: "library" }), true);
  } catch (e) {
    showError(e);
  }
}

async function upload(ev) {
  ev.preventDefault();
  clearError();
  const form = ev.target;
  sessionStorage.setItem("seoji.key", $("api-key").value);
  const data = new FormData();
  const file = $("file").files[0];
  data.append("file", file);
  for (const f of ["title_ko", "title_en", "year"]) {
    const v = form.elements[f].value.trim();
    if (v) data.append(f, v);
  }
  for (const a of form.elements.authors.value.split(",").map((s) => s.trim()).filter(Boolean)) data.append("authors", a);
  const out = $("upload-result");
  out.textContent = t("loading");
  try {
    const r = await api("/api/documents", { method: "POST", headers: { "X-API-Key": key() }, body: data });
    const name = titleOf(r.document);
    const lines = [t(r.status === "unchanged" ? "unchanged" : "uploaded", { t: name, n: r.passages })];
    if (r.pages_without_text.length) lines.push(t("no_text_pages", { p: r.pages_without_text.join(", ") }));
    out.replaceChildren(...lines.map((l) => el("p", {}, l)));
    documentsCache = null;
    await library(params());
  } catch (e) {
    out.textContent = "";
    showError(e);
  }
}

// -- wiring ------------------------------------------------------------------------------------

function init() {
  applyStrings();
  setMarked(marked());
  for (const select of document.querySelectorAll("select.styles")) {
    select.replaceChildren(...STYLES.map((s) => el("option", { value: s }, s)));
  }
  $("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    go(formToParams());
  });
  $("support-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    go(new URLSearchParams({ view: "support", text: $("support-text").value, style: $("support-style").value }));
  });
  $("upload-form").addEventListener("submit", upload);
  $("api-key").addEventListener("change", () => sessionStorage.setItem("seoji.key", $("api-key").value));
  $("cite-close").addEventListener("click", closeCite);
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") closeCite(); });
  $("export-bibtex").addEventListener("click", () => exportMarked("bibtex", "bib", "application/x-bibtex"));
  $("export-ris").addEventListener("click", () => exportMarked("ris", "ris", "application/x-research-info-systems"));
  $("clear-marked").addEventListener("click", () => { setMarked([]); markedView(); });
  $("lang-switch").addEventListener("click", () => { switchLang(); route(); });
  for (const a of document.querySelectorAll("nav a[data-view]")) {
    a.addEventListener("click", (ev) => {
      ev.preventDefault();
      go(new URLSearchParams(a.getAttribute("href").slice(2)));
    });
  }
  window.addEventListener("popstate", route);
  // data-ready and the seoji-ready mark: the first view is drawn (tests and bench_web wait on it)
  route().then(() => {
    performance.mark("seoji-ready");
    document.body.setAttribute("data-ready", "1");
  });
}

init();
