// litextract review: the page. Plain JavaScript, no build step, nothing
// fetched but this server's own API. Document data is untrusted (a paper
// can hold "<script>"): it only ever reaches the page as text nodes
// (textContent / createTextNode), never as HTML.
"use strict";

const S = {
  token: "",
  reviewer: "",
  overview: null,     // /api/overview
  list: [],           // filtered documents (rows of overview.documents)
  doc: null,          // /api/doc of the open document
  cur: -1,            // index of the current value in S.order
  order: [],          // values in the order shown
  view: "overview",
};

const $ = (id) => document.getElementById(id);

// Builds an element; strings become text nodes, never markup.
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "on") for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
    else if (k === "data") for (const [dk, dv] of Object.entries(v)) e.dataset[dk] = dv;
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined || kid === false) continue;
    e.appendChild(typeof kid === "object" ? kid : document.createTextNode(String(kid)));
  }
  return e;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

// Appends children, leaving out the null ones (DOM append would print "null").
function add(node, ...kids) {
  for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false) node.append(k);
}

function toast(msg, bad) {
  const t = $("toast");
  t.textContent = msg;
  t.className = bad ? "bad" : "";
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, bad ? 8000 : 2500);
}

async function api(path, body) {
  const opts = { headers: { "X-Review-Token": S.token } };
  if (body !== undefined) {
    opts.method = "POST";
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(path, opts);
  let data = null;
  try { data = await res.json(); } catch (_) { /* an empty or broken body */ }
  if (!res.ok) throw new Error((data && data.error) || ("HTTP " + res.status));
  return data;
}

// ---------- start ----------

async function start() {
  const m = /token=([0-9a-f]+)/.exec(location.hash);
  if (m) sessionStorage.setItem("litextract-token", m[1]);
  S.token = (m && m[1]) || sessionStorage.getItem("litextract-token") || "";
  if (!S.token) {
    document.body.replaceChildren(el("p", { class: "fatal" },
      "Open the full address that `litextract review` printed (it ends with #token=…)."));
    return;
  }
  let session;
  try { session = await api("/api/session"); } catch (e) {
    document.body.replaceChildren(el("p", { class: "fatal" }, "Cannot reach the review server: " + e.message));
    return;
  }
  S.reviewer = localStorage.getItem("litextract-reviewer") || session.reviewer;
  $("reviewer").value = S.reviewer;
  $("journal-path").textContent = session.journal;
  for (const w of session.warnings.concat(session.corpus_warnings)) toast(w, true);
  $("reviewer").addEventListener("change", () => {
    const v = $("reviewer").value.trim();
    if (!v) { $("reviewer").value = S.reviewer; return; }
    S.reviewer = v;
    localStorage.setItem("litextract-reviewer", v);
    refreshOverview().then(() => { if (S.doc) renderDoc(); });
  });
  $("search").addEventListener("input", renderList);
  $("filter").addEventListener("change", renderList);
  $("nav-overview").addEventListener("click", showOverview);
  $("nav-help").addEventListener("click", () => { $("help").hidden = !$("help").hidden; });
  document.addEventListener("keydown", onKey);
  await refreshOverview();
  const want = /doc=([^&]+)/.exec(location.hash);
  if (want) openDoc(decodeURIComponent(want[1]));
  else showOverview();
}

async function refreshOverview() {
  S.overview = await api("/api/overview");
  renderList();
  renderProgress();
  if (S.view === "overview") renderOverview();
}

// ---------- the document list ----------

function myCounts(row) {
  const judged = (row.review.judged || {})[S.reviewer] || 0;
  return { judged, total: row.review.values };
}

function matches(row, f) {
  const me = myCounts(row);
  switch (f) {
    case "all": return true;
    case "todo": return row.status !== "failed" && me.judged < me.total;
    case "mine-done": return row.status !== "failed" && me.judged >= me.total;
    case "failed": return row.status === "failed";
    case "low": return row.low_confidence;
    case "warnings": return row.warnings > 0;
    default:
      if (f.startsWith("field:")) return (row.fields[f.slice(6)] || 0) > 0;
      return row.review.status === f;
  }
}

function renderList() {
  const q = $("search").value.trim().toLowerCase();
  const f = $("filter").value;
  S.list = S.overview.documents.filter((r) => matches(r, f) && (!q ||
    [r.title, r.source, r.key, r.pmid, r.doi].some((x) => x && String(x).toLowerCase().includes(q))));
  $("doc-count").textContent = S.list.length + " of " + S.overview.documents.length + " documents";
  const ol = $("doc-list");
  clear(ol);
  for (const r of S.list) {
    const me = myCounts(r);
    const status = r.status === "failed" ? "failed" : r.review.status;
    const li = el("li", {
      class: "doc-item" + (S.doc && S.doc.key === r.key ? " open" : ""),
      data: { key: r.key }, tabindex: "-1",
      on: { click: () => openDoc(r.key) },
    },
      el("div", { class: "doc-title" }, r.title || r.source),
      el("div", { class: "doc-meta" },
        el("span", { class: "badge s-" + status.replace(" ", "-") }, status),
        r.status === "failed" ? el("span", { class: "err" }, r.error) :
          el("span", { class: "muted" }, me.judged + "/" + me.total + " judged by you"),
        r.review.stale ? el("span", { class: "badge s-stale" }, r.review.stale + " stale") : null),
      el("div", { class: "doc-path" }, r.source));
    ol.appendChild(li);
  }
}

function renderProgress() {
  const o = S.overview;
  let judged = 0, docsDone = 0, docs = 0;
  for (const r of o.documents) {
    if (r.status === "failed") continue;
    docs++;
    const me = myCounts(r);
    judged += me.judged;
    if (me.judged >= me.total) docsDone++;
  }
  const p = $("progress");
  clear(p);
  const pct = o.values ? Math.round(100 * judged / o.values) : 0;
  const bar = el("span", { class: "bar" }, el("span", { class: "fill" }));
  bar.firstChild.style.width = pct + "%";
  p.append(bar, el("span", {}, S.reviewer + ": " + judged + "/" + o.values + " values, " +
    docsDone + "/" + docs + " documents"));
}

// ---------- overview ----------

function showOverview() {
  S.view = "overview";
  S.doc = null;
  history.replaceState(null, "", "#token=" + S.token);
  $("docview").hidden = true;
  $("overview").hidden = false;
  renderOverview();
  renderList();
  // Fresh figures (another reviewer may have been at work).
  refreshOverview().catch((e) => toast("Cannot refresh the overview: " + e.message, true));
}

function card(title, ...body) { return el("div", { class: "card" }, el("h3", {}, title), ...body); }

function barRow(label, n, max, extra) {
  const b = el("span", { class: "hbar" });
  b.style.width = (max ? Math.max(2, Math.round(100 * n / max)) : 0) + "%";
  return el("div", { class: "barrow" }, el("span", { class: "blabel" }, label),
    el("span", { class: "btrack" }, b), el("span", { class: "bnum" }, extra || String(n)));
}

function histogram(sizes) {
  const bins = [[1, 24], [25, 49], [50, 99], [100, 199], [200, 499], [500, 999], [1000, Infinity]];
  const counts = bins.map(([lo, hi]) => sizes.filter((n) => n >= lo && n <= hi).length);
  const max = Math.max(1, ...counts);
  const NS = "http://www.w3.org/2000/svg";
  const W = 360, H = 150, bw = W / bins.length;
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 " + W + " " + (H + 34));
  svg.setAttribute("class", "hist");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "Distribution of total sample sizes");
  counts.forEach((c, i) => {
    const h = Math.round(H * c / max);
    const r = document.createElementNS(NS, "rect");
    r.setAttribute("x", i * bw + 4); r.setAttribute("y", H - h);
    r.setAttribute("width", bw - 8); r.setAttribute("height", Math.max(h, c ? 2 : 0));
    svg.appendChild(r);
    const t = document.createElementNS(NS, "text");
    t.setAttribute("x", i * bw + bw / 2); t.setAttribute("y", H + 14);
    t.textContent = bins[i][1] === Infinity ? "1000+" : bins[i][0] + "–" + bins[i][1];
    svg.appendChild(t);
    const v = document.createElementNS(NS, "text");
    v.setAttribute("x", i * bw + bw / 2); v.setAttribute("y", H - h - 4);
    v.setAttribute("class", "count");
    v.textContent = c ? String(c) : "";
    svg.appendChild(v);
  });
  const cap = document.createElementNS(NS, "text");
  cap.setAttribute("x", W / 2); cap.setAttribute("y", H + 30);
  cap.textContent = "total N per document";
  svg.appendChild(cap);
  return svg;
}

function renderOverview() {
  const o = S.overview, root = $("overview");
  clear(root);
  const docs = o.documents, failed = docs.filter((d) => d.status === "failed");
  const byStatus = {};
  for (const d of docs) { const s = d.status === "failed" ? "failed" : d.review.status; byStatus[s] = (byStatus[s] || 0) + 1; }
  const fieldMax = Math.max(0, ...Object.values(o.findings));
  const reviewers = o.reviewers.length ? o.reviewers : [S.reviewer];
  const link = (item) => el("a", { href: "#", on: { click: (ev) => { ev.preventDefault(); openDoc(item.doc, item.value); } } },
    item.title || item.doc);
  add(root,
    el("h2", {}, "Overview"),
    el("div", { class: "cards" },
      card("Documents",
        el("p", { class: "big" }, String(docs.length)),
        ...Object.entries(byStatus).map(([s, n]) => el("div", {}, el("span", { class: "badge s-" + s.replace(" ", "-") }, s), " " + n))),
      card("Review progress",
        ...reviewers.map((r) => {
          const n = (o.progress[r] || 0);
          return barRow(r, n, o.values, n + " / " + o.values);
        })),
      card("Values found per field",
        ...Object.entries(o.findings).map(([f, n]) => barRow(f, n, fieldMax))),
      card("Total sample size", o.sizes.length ? histogram(o.sizes) : el("p", { class: "muted" }, "No document states a total N."),
        el("p", { class: "muted" }, o.sizes.length + " of " + docs.length + " documents state a total N"))),
    el("h3", {}, "Failed documents (" + failed.length + ")"),
    failed.length ? el("ul", { class: "reasons" },
      ...Object.entries(o.failures).map(([why, paths]) => el("li", {}, el("b", {}, why + " (" + paths.length + ")"),
        el("ul", {}, ...paths.map((p) => el("li", { class: "path" }, p))))))
      : el("p", { class: "muted" }, "None: every document was read."),
    o.skipped.length ? el("div", {}, el("h3", {}, "Files not read (" + o.skipped.length + ")"),
      el("ul", { class: "reasons" }, ...o.skipped.map((s) => el("li", {}, el("span", { class: "path" }, s.path), " — " + s.reason)))) : null,
    el("h3", {}, "Disagreements (" + o.disagreements.length + ")"),
    o.disagreements.length ? el("ul", { class: "issues" }, ...o.disagreements.map((d) => el("li", {}, link(d), " — " + d.label + ": ",
      Object.values(d.verdicts).map((v) => v.reviewer + " " + v.action + (v.corrected ? " “" + v.corrected + "”" : "")).join(", "))))
      : el("p", { class: "muted" }, "None."),
    el("h3", {}, "Stale decisions (" + o.stale.length + ")"),
    o.stale.length ? el("ul", { class: "issues" }, ...o.stale.map((d) => el("li", {}, link(d), " — " + d.label + ": " + d.reason)))
      : el("p", { class: "muted" }, "None: every decision is attached to a current value."),
    o.orphans.length ? el("div", {}, el("h3", {}, "Decisions on documents no longer in the folder (" + o.orphans.length + ")"),
      el("ul", { class: "issues" }, ...o.orphans.map((d) => el("li", {}, el("span", { class: "path" }, d.doc), " — " + d.reviewer + " " + d.action + " “" + d.text + "”")))) : null,
    o.agreement ? el("div", {}, el("h3", {}, "Agreement: " + o.agreement.a + " and " + o.agreement.b),
      el("table", { class: "agree" }, el("tr", {}, el("th", {}, "field"), el("th", {}, "both judged"), el("th", {}, "agree"), el("th", {}, "kappa")),
        ...o.agreement.fields.map((g) => el("tr", {}, el("td", {}, g.field), el("td", {}, String(g.n)),
          el("td", {}, g.percent === null ? "–" : g.percent.toFixed(1) + "%"),
          el("td", {}, g.kappa === null ? "–" : g.kappa.toFixed(2)))))) : null,
  );
}

// ---------- one document ----------

const SECTIONS = [
  ["doi", (v) => v.value && v.value.role !== "cited", "Own DOI"],
  ["registry_id", (v) => v.value && v.value.role !== "cited", "Registry IDs"],
  ["sample_size", (v) => !v.value || v.value.role !== "cited", "Sample size"],
  ["edss", () => true, "EDSS"],
  ["p_value", () => true, "p-values"],
  ["doi", (v) => v.value && v.value.role === "cited", "Cited DOIs"],
  ["registry_id", (v) => v.value && v.value.role === "cited", "Cited registry IDs"],
  ["sample_size", (v) => v.value && v.value.role === "cited", "Cited sample sizes"],
];

async function openDoc(key, valueKey) {
  try {
    S.doc = await api("/api/doc?key=" + encodeURIComponent(key));
  } catch (e) { toast("Cannot open " + key + ": " + e.message, true); return; }
  S.view = "doc";
  history.replaceState(null, "", "#token=" + S.token + "&doc=" + encodeURIComponent(key));
  $("overview").hidden = true;
  $("docview").hidden = false;
  S.cur = -1;
  renderDoc(valueKey);
  renderList();
  const li = document.querySelector('.doc-item.open');
  if (li) li.scrollIntoView({ block: "nearest" });
  $("text-pane").scrollTop = 0;
}

function orderValues(values) {
  const out = [], seen = new Set();
  for (const [field, pred, title] of SECTIONS) {
    const vs = values.filter((v) => v.kind !== "stale" && v.field === field && !seen.has(v.key) && pred(v));
    vs.forEach((v) => { seen.add(v.key); out.push([title, v]); });
  }
  for (const v of values) if (v.kind === "stale") out.push(["Stale decisions", v]);
  for (const v of values) if (!seen.has(v.key) && v.kind !== "stale") out.push(["Other", v]);
  return out;
}

function renderDoc(valueKey) {
  const d = S.doc;
  const keep = valueKey || (S.order[S.cur] && S.order[S.cur][1].key);
  const head = $("doc-head");
  clear(head);
  const idx = S.list.findIndex((r) => r.key === d.key);
  add(head,
    el("h2", {}, d.title || d.source),
    el("div", { class: "doc-ids" },
      el("span", { class: "path" }, d.source),
      d.pmid ? el("span", {}, "PMID " + d.pmid) : null,
      d.doi ? el("span", {}, "DOI " + d.doi) : null,
      el("span", {}, d.format),
      idx >= 0 ? el("span", { class: "muted" }, "document " + (idx + 1) + " of " + S.list.length) : null),
    d.status === "failed" ? el("p", { class: "failed" }, "Not read: " + d.error) : null,
    ...d.warnings.map((w) => el("p", { class: "warning" }, "⚠ " + w)));
  renderSummary();
  S.order = orderValues(d.values);
  const ol = $("values");
  clear(ol);
  let section = null;
  S.order.forEach(([title, v], i) => {
    if (title !== section) { section = title; ol.appendChild(el("li", { class: "section" }, title)); }
    ol.appendChild(valueRow(v, i));
  });
  if (!S.order.length) ol.appendChild(el("li", { class: "muted" }, d.status === "failed" ? "No text, no values." : "The extractor found no values here. Select text and press m to add one."));
  renderText();
  let i = keep ? S.order.findIndex(([, v]) => v.key === keep) : -1;
  if (i < 0) i = nextTodo(-1);
  if (i < 0 && S.order.length) i = 0;
  select(i, !!valueKey);
  const c = d.counts, mine = (c.judged || {})[S.reviewer] || 0;
  head.appendChild(el("div", { class: "doc-progress" },
    el("span", { class: "badge s-" + c.status.replace(" ", "-") }, c.status),
    " you judged " + mine + " of " + c.values + " values",
    c.disagreements ? " · " + c.disagreements + " disagreements" : "",
    c.stale ? " · " + c.stale + " stale" : ""));
}

function renderSummary() {
  const s = S.doc.summary || {}, box = $("summary");
  clear(box);
  if (!s.sample_size) return;
  const ss = s.sample_size;
  const role = ss.total == null ? "" : ss.randomized === ss.total ? "randomized" : ss.enrolled === ss.total ? "enrolled" :
    ss.analyzed === ss.total ? "analyzed" : "sum of arms";
  const arms = S.doc.values.filter((v) => v.field === "sample_size" && v.value && v.value.role === "arm" && v.value.group);
  const armText = (ss.arms || []).map((n) => {
    const i = arms.findIndex((v) => v.value.n === n);
    if (i < 0) return String(n);
    const a = arms.splice(i, 1)[0];
    return n + " (" + a.value.group + ")";
  }).join(", ");
  box.append(el("dl", { class: "summary", title: "The extractor's summary; your decisions apply in export" },
    el("dt", { class: "cap" }, "As extracted"),
    el("dt", {}, "Total N"), el("dd", {}, ss.total == null ? "—" : ss.total + " (" + role + ")"),
    el("dt", {}, "Arms"), el("dd", {}, armText || "—"),
    el("dt", {}, "Registry"), el("dd", {}, (s.registry_ids || []).map((r) => r.id).join(", ") || "—"),
    el("dt", {}, "EDSS"), el("dd", {}, String((s.edss || []).length) + " statements"),
    el("dt", {}, "p-values"), el("dd", {}, String((s.p_values || []).length))));
}

function verdictText(v) {
  return v.action + (v.corrected ? " → " + v.corrected : "") + (v.resolution ? " (resolution)" : "") + (v.moved ? " (re-attached)" : "");
}

function valueRow(v, i) {
  const mine = v.verdicts[S.reviewer];
  const others = Object.values(v.verdicts).filter((x) => x.reviewer !== S.reviewer);
  const li = el("li", {
    class: "value o-" + v.outcome + (v.kind !== "finding" ? " k-" + v.kind : "") + (mine ? " judged" : ""),
    data: { key: v.key, i: String(i) },
    on: { click: () => select(i, true) },
  },
    el("div", { class: "vline" },
      el("span", { class: "vlabel" }, v.outcome === "corrected" || v.outcome === "added" ? v.final_label : v.label),
      v.outcome === "corrected" ? el("s", { class: "muted" }, v.label) : null,
      el("span", { class: "badge o-" + v.outcome }, v.outcome)),
    el("div", { class: "evidence" }, "“" + v.text + "”",
      v.page ? el("span", { class: "muted" }, " p. " + v.page) : null),
    el("div", { class: "vmeta muted" },
      v.rule ? v.rule : v.kind,
      v.confidence != null ? el("span", { class: v.confidence < 0.7 ? "low" : "" }, " · confidence " + v.confidence.toFixed(2)) : null),
    v.stale_reason ? el("div", { class: "stale-reason" }, "Stale: " + v.stale_reason) : null,
    mine ? el("div", { class: "mine" }, "You: " + verdictText(mine)) : null,
    others.length ? el("div", { class: "others" }, others.map((x) => x.reviewer + ": " + verdictText(x)).join(" · ")) : null,
    v.notes.length ? el("div", { class: "notes" }, ...v.notes.map((n) => el("div", {}, "✎ " + n.reviewer + ": " + n.note))) : null,
    actionBar(v));
  return li;
}

// Buttons for the current value (mouse users), each showing its key.
function actionBar(v) {
  const resolving = v.outcome === "disagreement";
  const b = (key, label, f) => el("button", { type: "button", class: "act", on: { click: (ev) => { ev.stopPropagation(); f(); } } },
    el("kbd", {}, key), " " + label);
  return el("div", { class: "actions" },
    resolving ? el("span", { class: "resolving" }, "Resolve:") : null,
    b("a", "Accept", () => decide("accept")),
    b("r", "Reject", () => decide("reject")),
    b("c", "Correct", () => openForm("correct")),
    b("e", "Note", () => openForm("note")),
    v.verdicts[S.reviewer] ? b("u", "Undo", () => decide("retract")) : null);
}

// The text, cut at every value boundary and page start into spans that
// carry their code-point offset, so a selection maps back to offsets.
function renderText() {
  const d = S.doc, box = $("text");
  // A redraw of the same document (after a decision is saved) keeps the
  // reviewer's text selection, so a selection made while a decision was
  // saving is still there for `m`.
  const keep = box.dataset.doc === d.key ? selectionOffsets() : null;
  clear(box);
  box.dataset.doc = d.key;
  const cps = Array.from(d.text);
  const marks = new Set([0, cps.length]);
  const spans = d.values.filter((v) => v.kind !== "stale");
  for (const v of spans) { marks.add(v.start); marks.add(v.end); }
  const pageAt = new Map();
  for (const p of d.pages || []) { marks.add(p.start); pageAt.set(p.start, p.page); }
  const cuts = Array.from(marks).filter((x) => x >= 0 && x <= cps.length).sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i], b = cuts[i + 1];
    if (pageAt.has(a)) frag.appendChild(el("div", { class: "page-mark", contenteditable: "false" }, "page " + pageAt.get(a)));
    const covering = spans.filter((v) => v.start <= a && b <= v.end);
    const span = el("span", { data: { s: String(a) } }, cps.slice(a, b).join(""));
    if (covering.length) {
      span.className = "hl " + covering.map((v) => "o-" + v.outcome).join(" ");
      span.dataset.v = covering.map((v) => v.key).join(" ");
      span.addEventListener("click", () => {
        const i = S.order.findIndex(([, x]) => x.key === covering[0].key);
        if (i >= 0 && !window.getSelection().toString()) select(i, false);
      });
    }
    frag.appendChild(span);
  }
  box.appendChild(frag);
  if (keep) restoreSelection(box, keep);
}

// The DOM point of a code-point offset in the text pane: the last span
// that starts at or before it, and the UTF-16 position inside its text.
function textPoint(box, cp) {
  let span = null;
  for (const s of box.querySelectorAll("span[data-s]")) {
    if (Number(s.dataset.s) > cp) break;
    span = s;
  }
  if (!span || !span.firstChild) return null;
  const node = span.firstChild;
  const units = Array.from(node.textContent).slice(0, cp - Number(span.dataset.s)).join("").length;
  return [node, units];
}

function restoreSelection(box, sel) {
  const a = textPoint(box, sel.start), b = textPoint(box, sel.end);
  if (!a || !b) return;
  const r = document.createRange();
  r.setStart(a[0], a[1]);
  r.setEnd(b[0], b[1]);
  const s = window.getSelection();
  s.removeAllRanges();
  s.addRange(r);
}

function select(i, scroll) {
  document.querySelectorAll("#values .value.current").forEach((x) => x.classList.remove("current"));
  document.querySelectorAll("#text .current").forEach((x) => x.classList.remove("current"));
  S.cur = i;
  if (i < 0 || i >= S.order.length) return;
  const v = S.order[i][1];
  const row = document.querySelector('#values .value[data-i="' + i + '"]');
  if (row) { row.classList.add("current"); row.scrollIntoView({ block: "nearest" }); }
  let first = null;
  document.querySelectorAll("#text span.hl").forEach((s) => {
    if (s.dataset.v.split(" ").includes(v.key)) { s.classList.add("current"); if (!first) first = s; }
  });
  if (first && scroll !== false) first.scrollIntoView({ block: "center" });
  else if (first) {
    const pane = $("text-pane"), r = first.getBoundingClientRect(), pr = pane.getBoundingClientRect();
    if (r.top < pr.top || r.bottom > pr.bottom) first.scrollIntoView({ block: "center" });
  }
}

function nextTodo(from) {
  for (let k = 1; k <= S.order.length; k++) {
    const i = (from + k) % S.order.length;
    const v = S.order[i][1];
    if (v.kind === "finding" && !v.verdicts[S.reviewer]) return i;
  }
  return -1;
}

// ---------- decisions ----------

// Decisions run one after another: a key pressed while the previous one
// is being saved waits its turn instead of being lost, and each one acts
// on the value that is current when its turn comes (so "a a a" accepts
// three values in a row). A form passes the value it was opened on.
S.queue = Promise.resolve();
function afterPending(fn) {
  S.queue = S.queue.then(fn).catch(() => {});
  return S.queue;
}
function decide(action, extra, valueKey) {
  S.queue = S.queue.then(() => decideNow(action, extra, valueKey)).catch(() => {});
  return S.queue;
}

async function decideNow(action, extra, valueKey) {
  if (!S.doc) return;
  let v = S.order[S.cur] && S.order[S.cur][1];
  if (valueKey) v = (S.order.find(([, x]) => x.key === valueKey) || [])[1];
  if (!v && action !== "add") return;
  const body = Object.assign({ doc: S.doc.key, reviewer: S.reviewer, action }, extra || {});
  if (action !== "add") body.value = v.key;
  if (v && v.outcome === "disagreement" && ["accept", "reject", "correct"].includes(action)) body.resolution = true;
  try {
    const fresh = await api("/api/decide", body);
    patchRow(fresh);
    if (!S.doc || fresh.key !== S.doc.key) return;
    const keepKey = v ? v.key : null;
    S.doc = fresh;
    renderDoc(keepKey);
    if (["accept", "reject", "correct"].includes(action)) {
      const n = nextTodo(S.cur);
      if (n >= 0) select(n, true);
    }
    toast("Saved: " + action + (v ? " " + v.label : ""));
  } catch (e) {
    toast("NOT saved: " + e.message, true);
  }
}

// After a decision only the document's own row changes: patch it from the
// answer instead of asking for the whole overview (which, on thousands of
// documents, costs the server most of a second).
function patchRow(fresh) {
  const row = S.overview && S.overview.documents.find((r) => r.key === fresh.key);
  if (!row) return;
  row.review = fresh.counts;
  renderList();
  renderProgress();
}

function closeForm() { const f = $("form"); clear(f); f.hidden = true; }

// A form opens on the value that is current once pending decisions are
// saved (pressing c right after a, the form is for the next value).
// The selection is read at once: re-rendering the text after a pending
// save would clear it.
function openForm(kind) {
  const sel = kind === "add" ? selectionOffsets() : null;
  if (kind === "add" && !sel) { toast("Select the value's text in the document first, then press m.", true); return; }
  S.queue.then(() => openFormNow(kind, sel));
}

function openFormNow(kind, sel) {
  const v = S.order[S.cur] && S.order[S.cur][1];
  const f = $("form");
  clear(f);
  if (kind !== "add" && !v) return;
  const input = el("input", { id: "form-input", type: "text", autocomplete: "off", spellcheck: "false" });
  const fieldSel = el("select", { id: "form-field" },
    ...["sample_size", "edss", "p_value", "registry_id", "doi"].map((x) => el("option", { value: x }, x)));
  let title;
  if (kind === "correct") { title = "Correct “" + v.label + "” to:"; input.value = v.outcome === "corrected" ? v.final_label : v.label; }
  else if (kind === "note") { title = "Note on “" + v.label + "”:"; }
  else { title = "Add a missed value from “" + sel.text + "”:"; input.value = sel.text; fieldSel.value = guessField(sel); }
  const submit = () => {
    const val = input.value.trim();
    if (!val) { toast("Type something first (Esc cancels).", true); return; }
    closeForm();
    if (kind === "correct") decide("correct", { corrected: val }, v.key);
    else if (kind === "note") decide("note", { note: val }, v.key);
    else decide("add", { field: fieldSel.value, start: sel.start, end: sel.end, corrected: val });
  };
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") { ev.preventDefault(); submit(); }
    if (ev.key === "Escape") { ev.preventDefault(); closeForm(); }
  });
  add(f, el("label", { for: "form-input" }, title), kind === "add" ? fieldSel : null, input,
    el("div", { class: "muted" }, el("kbd", {}, "Enter"), " saves · ", el("kbd", {}, "Esc"), " cancels"));
  f.hidden = false;
  input.focus();
  input.select();
}

// The field a selected missed value most likely belongs to, from the
// selection and the words just before it (the reviewer can still change
// it): a DOI or registry number by its shape, a p-value by its `p`, EDSS
// when the scale is named earlier in the same clause, else a sample size.
function guessField(sel) {
  const t = sel.text.trim();
  const before = Array.from(S.doc.text).slice(Math.max(0, sel.start - 60), sel.start).join("");
  if (/^(?:doi:?\s*)?10\.\d{4,9}\//i.test(t)) return "doi";
  if (/^(?:NCT\d{8}|ISRCTN\s*\d{8}|ACTRN\d{14}|DRKS\d{8}|ChiCTR|EudraCT|\d{4}-\d{6}-\d{2}$)/i.test(t)) return "registry_id";
  if (/^p\s*(?:[<>=≤≥]|value)/i.test(t) || /(?:^|[\s(;,])p\s*[<>=≤≥]?\s*$/i.test(before)) return "p_value";
  const clause = before.split(/[.;:]\s/).pop();
  if (/EDSS|Expanded Disability Status Scale/i.test(t + " " + clause)) return "edss";
  return "sample_size";
}

// The selection in the text pane as code-point offsets.
function selectionOffsets() {
  const s = window.getSelection();
  if (!s || s.isCollapsed || !s.rangeCount) return null;
  const r = s.getRangeAt(0);
  const at = (node, off) => {
    const span = (node.nodeType === 3 ? node.parentElement : node).closest("#text span[data-s]");
    if (!span) return null;
    const before = node.nodeType === 3 ? node.textContent.slice(0, off) : "";
    return Number(span.dataset.s) + Array.from(before).length;
  };
  const a = at(r.startContainer, r.startOffset), b = at(r.endContainer, r.endOffset);
  if (a === null || b === null || b <= a) return null;
  const text = Array.from(S.doc.text).slice(a, b).join("");
  if (!text.trim()) return null;
  return { start: a, end: b, text };
}

async function acceptAll() {
  const todo = S.order.filter(([, v]) => v.kind === "finding" && !v.verdicts[S.reviewer] && v.outcome !== "disagreement");
  if (!todo.length) { toast("Nothing left to accept here."); return; }
  if (!confirm("Accept all " + todo.length + " values you have not judged in this document?")) return;
  for (const [, v] of todo) decide("accept", {}, v.key);
}

function moveDoc(step) {
  if (!S.list.length) return;
  const i = S.doc ? S.list.findIndex((r) => r.key === S.doc.key) : -1;
  const j = i < 0 ? 0 : i + step;
  if (j < 0 || j >= S.list.length) { toast(step > 0 ? "That was the last document in this list." : "This is the first document."); return; }
  return openDoc(S.list[j].key);
}

function onKey(ev) {
  const t = ev.target;
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) {
    if (ev.key === "Escape") { t.blur(); closeForm(); }
    return;
  }
  const k = ev.key;
  if (k === "Escape") { $("help").hidden = true; closeForm(); return; }
  if (k === "?") { $("help").hidden = !$("help").hidden; ev.preventDefault(); return; }
  if (k === "/") { $("search").focus(); ev.preventDefault(); return; }
  // Moves wait for the decisions typed before them: "a n" accepts on this
  // document, then opens the next, however fast the keys come (a move run
  // at once would let the pending accept land on a value the reviewer
  // never saw).
  if (k === "o") { afterPending(showOverview); return; }
  if (k === "n" || k === "ArrowRight") { afterPending(() => moveDoc(1)); ev.preventDefault(); return; }
  if (k === "p" || k === "ArrowLeft") { afterPending(() => moveDoc(-1)); ev.preventDefault(); return; }
  if (S.view !== "doc") return;
  const down = () => afterPending(() => select(Math.min(S.cur + 1, S.order.length - 1), true));
  const up = () => afterPending(() => select(Math.max(S.cur - 1, 0), true));
  const handled = {
    j: down,
    ArrowDown: down,
    k: up,
    ArrowUp: up,
    Enter: () => afterPending(() => select(S.cur, true)),
    a: () => decide("accept"),
    r: () => decide("reject"),
    c: () => openForm("correct"),
    e: () => openForm("note"),
    m: () => openForm("add"),
    u: () => {
      const v = S.order[S.cur] && S.order[S.cur][1];
      if (v && !v.verdicts[S.reviewer]) { toast("You have no decision on this value to undo."); return; }
      decide("retract");
    },
    A: () => acceptAll(),
  }[k];
  if (handled) { ev.preventDefault(); handled(); }
}

start();
