/* integrity web page: send an article (and its images) to /v1/check and show the report.
 *
 * Every string that comes from the article, its images or the report is put
 * into the page with textContent or as an attribute value — never parsed as
 * HTML — and the page's Content-Security-Policy allows no inline script.
 * Thumbnails are re-drawn from the uploaded files on a canvas (raster images
 * only, size-capped), so neither the original bytes nor their metadata reach
 * the page.
 */
"use strict";

(() => {
  const SEVERITY_RANK = { info: 0, warning: 1, error: 2, critical: 3 };
  const AREAS = ["provenance", "attribution", "credits"];
  const THUMB_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "image/bmp"];
  const THUMB_MAX_BYTES = 20 * 1024 * 1024;
  const THUMB_W = 320;
  const THUMB_H = 240;
  const AI_LABEL = {
    generated: "AI-generated",
    edited: "edited with AI",
    none: "no AI signs (capture evidence)",
    unknown: "no evidence either way",
  };

  const $ = (id) => document.getElementById(id);
  let loadedFile = null; // the article file chosen, while the textarea still holds its text
  let loadedText = null;
  let thumbUrls = [];

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function setStatus(message, isError) {
    const s = $("status");
    s.textContent = message;
    s.className = isError ? "error" : "";
  }

  // --- matching uploads to src, as the server does (sources/uploads.py) ----------------------
  function pathParts(name) {
    let path = String(name).trim().replace(/\\/g, "/");
    if (/^(https?:)?\/\//i.test(path)) {
      try { path = new URL(path, "http://invalid/").pathname; } catch (e) { return []; }
    } else {
      path = path.split("?")[0].split("#")[0];
    }
    try { path = decodeURIComponent(path); } catch (e) { /* keep as written */ }
    return path.split("/").filter((p) => p !== "" && p !== ".");
  }

  function matchUpload(src, files) {
    const wanted = pathParts(src);
    if (!wanted.length) return null;
    let best = [];
    let bestLen = 0;
    for (const file of files) {
      const have = pathParts(file.webkitRelativePath || file.name);
      let n = 0;
      while (n < Math.min(have.length, wanted.length) && have[have.length - 1 - n] === wanted[wanted.length - 1 - n]) n++;
      if (n === 0 || (n < have.length && n < wanted.length)) continue;
      if (n > bestLen) { best = [file]; bestLen = n; } else if (n === bestLen) best.push(file);
    }
    return best.length === 1 ? best[0] : null;
  }

  // --- thumbnails ------------------------------------------------------------------------------
  async function thumbnail(file) {
    if (!THUMB_TYPES.includes(file.type) || file.size > THUMB_MAX_BYTES || !window.createImageBitmap) return null;
    let bitmap;
    try { bitmap = await createImageBitmap(file); } catch (e) { return null; }
    const scale = Math.min(1, THUMB_W / bitmap.width, THUMB_H / bitmap.height);
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    if (!blob) return null;
    const url = URL.createObjectURL(blob);
    thumbUrls.push(url);
    return url;
  }

  // --- rendering ---------------------------------------------------------------------------------
  function worst(findings) {
    return findings.reduce((w, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[w] ? f.severity : w), "info");
  }

  function renderSummary(report) {
    const score = $("score");
    score.textContent = report.score === null ? "–" : String(report.score);
    score.className = "score " + (report.score === null ? "" : report.score >= 80 ? "good" : report.score >= 50 ? "fair" : "poor");
    const subs = $("subscores");
    subs.replaceChildren();
    for (const area of AREAS) {
      if (!(area in (report.subscores || {}))) continue;
      const value = report.subscores[area];
      const box = el("div", "sub");
      box.append(el("span", "name", area), el("span", "value", value));
      const bar = el("div", "bar");
      const fill = el("span");
      fill.style.width = Math.max(0, Math.min(100, Number(value))) + "%";
      bar.append(fill);
      box.append(bar);
      subs.append(box);
    }
    const doc = report.document || {};
    const info = $("doc-info");
    info.replaceChildren();
    if (doc.title) info.append(el("div", "title", doc.title));
    const bits = [doc.kind ? doc.kind.toUpperCase() : null, "status: " + doc.status];
    if (report.stats && report.stats.words !== undefined) bits.push(report.stats.words + " words");
    const authors = (doc.authors || []).map((a) => a.name);
    bits.push(authors.length ? "by " + authors.join(", ") : "no byline found");
    info.append(el("div", null, bits.filter(Boolean).join(" · ")));
    const errors = $("errors");
    errors.replaceChildren();
    for (const e of report.errors || []) errors.append(el("p", "errors", e.code + ": " + e.message));
  }

  // Worst first, then in reading order, as the command line lists them; each item keeps its index in
  // report.findings, which is what the article's marks refer to.
  function byPriority(findings) {
    return findings.map((f, i) => ({ f, i })).sort((a, b) =>
      (SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity])
      || ((a.f.location ? a.f.location.offset : -1) - (b.f.location ? b.f.location.offset : -1))
      || (a.f.rule_id < b.f.rule_id ? -1 : a.f.rule_id > b.f.rule_id ? 1 : 0));
  }

  function renderFindings(report, onSelect) {
    const list = $("findings");
    list.replaceChildren();
    const findings = report.findings || [];
    $("finding-count").textContent = "(" + findings.length + ")";
    byPriority(findings).forEach(({ f, i }) => {
      const item = el("li", "finding " + f.severity);
      item.tabIndex = 0;
      item.dataset.index = String(i);
      const head = el("div");
      head.append(el("span", "sev " + f.severity, f.severity), el("span", "rule", f.rule_id));
      if (f.location) head.append(el("span", "rule", "  line " + f.location.line + ":" + f.location.column));
      item.append(head, el("p", "message", f.message));
      if (f.fix) item.append(el("p", "fix", "Fix: " + f.fix));
      if (f.evidence && f.evidence !== f.message) item.append(el("div", "evidence", "Evidence: " + f.evidence));
      item.addEventListener("click", () => onSelect(i));
      item.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); onSelect(i); } });
      list.append(item);
    });
    if (!findings.length) list.append(el("li", "hint", "No findings."));
  }

  const BLOCK = new Set(["address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "td", "th", "tr", "ul"]);
  const HIDDEN = new Set(["script", "style", "template", "head", "title", "noscript", "svg", "iframe", "textarea"]);

  // The readable view of an HTML article: which source characters a reader sees (text outside tags,
  // comments and script/style-like elements) and where a block starts. Offsets stay those of the source,
  // so the findings' marks land where the server located them.
  function readable(chars) {
    const shown = new Uint8Array(chars.length);
    const breaks = new Set();
    const lower = (k, n) => chars.slice(k, k + n).join("").toLowerCase();
    let k = 0;
    while (k < chars.length) {
      if (chars[k] !== "<") { shown[k] = 1; k++; continue; }
      if (lower(k, 4) === "<!--") {
        let end = chars.indexOf(">", k + 4);
        while (end !== -1 && !(chars[end - 1] === "-" && chars[end - 2] === "-") && end > k + 4) end = chars.indexOf(">", end + 1);
        k = end === -1 ? chars.length : end + 1;
        continue;
      }
      const m = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(chars.slice(k, k + 40).join(""));
      if (!m && chars[k + 1] !== "!" && chars[k + 1] !== "?") { shown[k] = 1; k++; continue; }  // a bare "<"
      let quote = null;
      let end = k + 1;
      for (; end < chars.length; end++) {
        const c = chars[end];
        if (quote) { if (c === quote) quote = null; } else if (c === '"' || c === "'") quote = c; else if (c === ">") break;
      }
      const name = m ? m[1].toLowerCase() : "";
      if (BLOCK.has(name)) breaks.add(k);
      k = end + 1;
      if (m && !m[0].startsWith("</") && HIDDEN.has(name)) {  // skip to its end tag
        const close = "</" + name;
        let j = k;
        while (j < chars.length && !(chars[j] === "<" && lower(j, close.length) === close)) j++;
        k = j;
      }
    }
    return { shown, breaks };
  }

  function decodeEntities(text) {
    if (!text.includes("&")) return text;
    return new DOMParser().parseFromString("<!doctype html><body>" + text.replace(/</g, "&lt;"), "text/html").body.textContent;
  }

  // Findings' offsets count Unicode code points of the text the server decoded.
  function renderArticle(text, report) {
    const view = $("article-view");
    view.replaceChildren();
    const chars = Array.from(text);
    const isHtml = (report.document || {}).kind === "html";
    const source = !isHtml || $("show-source").checked;
    view.classList.toggle("readable", !source);
    const layout = source ? null : readable(chars);
    const findings = (report.findings || []).map((f, i) => ({ f, i })).filter(({ f }) =>
      f.location && f.location.end_offset > f.location.offset && f.location.end_offset <= chars.length);
    const cuts = new Set([0, chars.length]);
    for (const { f } of findings) { cuts.add(f.location.offset); cuts.add(f.location.end_offset); }
    if (layout) {
      for (let k = 1; k < chars.length; k++) if (layout.shown[k] !== layout.shown[k - 1]) cuts.add(k);
      for (const b of layout.breaks) cuts.add(b);
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    let atBreak = true;
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k];
      const b = points[k + 1];
      let piece = chars.slice(a, b).join("");
      if (layout) {
        if (layout.breaks.has(a) && !atBreak) { view.append(document.createTextNode("\n\n")); atBreak = true; }
        if (!layout.shown[a]) continue;
        piece = decodeEntities(piece).replace(/\s+/g, " ");
        if (atBreak) piece = piece.replace(/^ /, "");
        if (!piece) continue;
        atBreak = false;
      }
      const over = findings.filter(({ f }) => f.location.offset <= a && f.location.end_offset >= b);
      if (!over.length) { view.append(document.createTextNode(piece)); continue; }
      const mark = el("mark", worst(over.map(({ f }) => f)), piece);
      mark.dataset.findings = over.map(({ i }) => i).join(" ");
      mark.title = over.map(({ f }) => f.rule_id + ": " + f.message).join("\n");
      view.append(mark);
    }
  }

  function selectFinding(i) {
    const view = $("article-view");
    for (const m of view.querySelectorAll("mark.current")) m.classList.remove("current");
    const marks = Array.from(view.querySelectorAll("mark")).filter((m) => m.dataset.findings.split(" ").includes(String(i)));
    marks.forEach((m) => m.classList.add("current"));
    if (marks.length) marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function row(dl, term, value) {
    if (value === null || value === undefined || value === "") return;
    dl.append(el("dt", null, term), el("dd", null, value));
  }

  async function renderImages(report, files) {
    const box = $("images");
    box.replaceChildren();
    const images = report.images || [];
    $("image-count").textContent = "(" + images.length + ")";
    if (!images.length) { box.append(el("p", "hint", "The article has no images.")); return; }
    const pending = [];
    for (const img of images) {
      const card = el("article", "card");
      card.dataset.index = String(img.index);
      const thumb = el("div", "thumb", "no preview");
      const file = img.src ? matchUpload(img.src, files) : null;
      if (file) {
        pending.push(thumbnail(file).then((url) => {
          if (!url) return;
          const pic = document.createElement("img");
          pic.alt = "";
          pic.src = url;
          thumb.replaceChildren(pic);
        }));
      }
      const body = el("div", "body");
      body.append(el("strong", null, "Image " + img.index), el("div", "src", img.src || "(no src)"));
      const ev = img.evidence;
      if (img.status === "analysed" && ev) {
        body.append(el("span", "verdict " + ev.ai, AI_LABEL[ev.ai] || ev.ai));
      } else {
        body.append(el("span", "verdict", img.status === "unresolved" ? "not checked" : "no image file"));
      }
      const dl = el("dl");
      if (img.problem) row(dl, "Problem", img.problem);
      if (ev) {
        const cred = ev.credentials || {};
        let credText = cred.state === "none" || !cred.state ? "none" : cred.state + (cred.problem ? " — " + cred.problem : "");
        if (cred.signer) credText += " (signed by " + cred.signer + ")";
        row(dl, "Credentials", credText);
        if (ev.format) row(dl, "Format", ev.format + (ev.width ? " " + ev.width + "×" + ev.height : ""));
        if ((ev.generators || []).length) row(dl, "Generator", ev.generators.map((g) => (typeof g === "string" ? g : g.name || JSON.stringify(g))).join(", "));
        if (ev.capture_date) row(dl, "Captured", ev.capture_date);
      }
      row(dl, "Alt", img.alt);
      row(dl, "Caption", img.caption);
      row(dl, "Credit", img.credit);
      if (file) row(dl, "Upload", file.name);
      body.append(dl);
      card.append(thumb, body);
      box.append(card);
    }
    await Promise.all(pending);
  }

  let lastShown = null;  // the report and text on screen, so the source/readable switch can redraw the article

  async function render(report, text, files) {
    lastShown = { report, text };
    for (const url of thumbUrls) URL.revokeObjectURL(url);
    thumbUrls = [];
    $("result").hidden = false;
    renderSummary(report);
    renderFindings(report, selectFinding);
    renderArticle(text, report);
    await renderImages(report, files);
    document.body.dataset.reportReady = "true";
  }

  // --- the form --------------------------------------------------------------------------------
  async function submit(event) {
    event.preventDefault();
    const text = $("article-text").value;
    if (!text.trim()) { setStatus("Paste an article or choose a file first.", true); return; }
    const form = new FormData();
    if (loadedFile && text === loadedText) form.append("article", loadedFile, loadedFile.name);
    // a file part, not a text field: text fields have their line breaks rewritten to CRLF, which would
    // move every offset in the report away from the text shown here
    else form.append("article", new Blob([text], { type: "text/plain" }), "pasted-article");
    const kind = document.querySelector('input[name="kind"]:checked').value;
    if (kind) form.append("kind", kind);
    const baseUrl = $("base-url").value.trim();
    if (baseUrl) form.append("base_url", baseUrl);
    const files = Array.from($("image-files").files);
    for (const f of files) form.append("images", f, f.name);
    const headers = {};
    const key = $("api-key").value.trim();
    if (key) headers["X-API-Key"] = key;
    const button = $("check-button");
    button.disabled = true;
    delete document.body.dataset.reportReady;
    setStatus("Checking…", false);
    const started = performance.now();
    try {
      const response = await fetch("/v1/check", { method: "POST", body: form, headers, credentials: "omit" });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) {
        const detail = typeof data.detail === "string" ? data.detail : "the server answered " + response.status;
        setStatus("Not checked: " + detail, true);
        if (response.status === 401) $("key-box").hidden = false;
        return;
      }
      await render(data, text, files);
      setStatus("Checked in " + Math.round(performance.now() - started) + " ms.", false);
    } catch (e) {
      setStatus("Not checked: " + e.message, true);
    } finally {
      button.disabled = false;
    }
  }

  async function loadArticleFile() {
    const file = $("article-file").files[0];
    if (!file) return;
    const text = await file.text();
    $("article-text").value = text;
    loadedFile = file;
    loadedText = text;
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("check-form").addEventListener("submit", submit);
    $("article-file").addEventListener("change", loadArticleFile);
    $("show-source").addEventListener("change", () => { if (lastShown) renderArticle(lastShown.text, lastShown.report); });
    fetch("/healthz", { credentials: "omit" })
      .then((r) => r.json())
      .then((h) => { if (h.auth_required) $("key-box").hidden = false; })
      .catch(() => {});
  });
})();
