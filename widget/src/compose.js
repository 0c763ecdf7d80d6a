// Writing a comment: the formatting buttons (they write markdown into the field), the counter
// near the length limit, and the preview, rendered by the server exactly as a posted comment.
import { h } from "./render.js";
import { announce } from "./widget.js";

const WRAP = { bold: "**", italic: "*" };

/** Write the markdown for `kind` around the selection (or at the caret) and select what to type. */
export function format(w, area, kind) {
  const { selectionStart: a, selectionEnd: b, value } = area;
  const sel = value.slice(a, b);
  let text;
  let from;
  let to;
  if (kind === "quote") {
    const start = value.lastIndexOf("\n", a - 1) + 1;
    text = value.slice(start, b).split("\n").map((line) => `> ${line}`).join("\n");
    area.setRangeText(text, start, b, "end");
  } else {
    if (kind === "link") {
      const label = sel || w.t("linkText");
      text = `[${label}](https://)`;
      from = label.length + 3;
      to = text.length - 1;
    } else {
      const mark = kind === "code" ? (sel.includes("\n") ? "\n```\n" : "`") : WRAP[kind];
      text = mark + sel + mark;
      from = mark.length;
      to = mark.length + sel.length;
    }
    area.setRangeText(text, a, b, "end");
    area.setSelectionRange(a + from, a + to);
  }
  area.focus();
  area.dispatchEvent(new Event("input", { bubbles: true }));
}

export const tool = (w, btn) => format(w, btn.form.elements.body, btn.dataset.fmt);

/** The toolbar is one stop for Tab; the arrow keys (mirrored right to left), Home and End move along it. */
function roam(e) {
  const tools = [...e.target.parentNode.children];
  const n = tools.length;
  const at = tools.indexOf(e.target);
  const rtl = getComputedStyle(e.target).direction === "rtl";
  const to = { Home: 0, End: n - 1, [rtl ? "ArrowLeft" : "ArrowRight"]: (at + 1) % n, [rtl ? "ArrowRight" : "ArrowLeft"]: (at + n - 1) % n }[e.key];
  if (to == null) return;
  e.preventDefault();
  for (const b of tools) b.tabIndex = b === tools[to] ? 0 : -1;
  tools[to].focus();
}

/** Ctrl/⌘+B and +I in the comment field; arrows along the toolbar. */
export function shortcut(w, e) {
  if (e.target.matches && e.target.matches(".salon-tool")) return roam(e);
  const kind = { b: "bold", i: "italic" }[e.key.toLowerCase()];
  if (!kind || !(e.ctrlKey || e.metaKey) || e.altKey || e.target.name !== "body" || !e.target.form.querySelector(".salon-tools")) return;
  e.preventDefault();
  format(w, e.target, kind);
}

/** "N characters left", once a tenth of the limit is left; said aloud when it appears and at 0. */
export function count(w, area) {
  const box = area.form && area.form.querySelector(".salon-count");
  if (!box || !(area.maxLength > 0)) return;
  const left = area.maxLength - area.value.length;
  const near = left <= area.maxLength / 10;
  const text = near ? w.t.n("charsLeft", Math.max(left, 0)) : "";
  if (near && (box.hidden || (left <= 0 && box.dataset.left !== "0"))) announce(w, text);
  box.hidden = !near;
  box.textContent = text;
  box.dataset.left = String(Math.max(left, 0));
}

/** The draft as the server renders it (plain text if it cannot: an older server, or offline). */
export async function render(w, f) {
  const box = f.querySelector(".salon-preview");
  const body = f.elements.body.value;
  const turn = (f.salonTurn = (f.salonTurn || 0) + 1);
  let node;
  if (!body.trim()) node = h("div", { class: "salon-pv" }, w.t("previewEmpty"));
  else {
    try {
      const r = await w.api.call("POST", "/api/comments:preview", { url: w.url, body });
      node = h("div", { class: "salon-pv salon-text" });
      node.innerHTML = r.html; // rendered and cleaned by the server, as every comment's html
    } catch (_) {
      node = h("div", { class: "salon-pv" }, body);
    }
  }
  if (turn === f.salonTurn && !box.hidden) box.replaceChildren(node);
}

export function preview(w, btn) {
  const f = btn.form;
  const box = f.querySelector(".salon-preview");
  const on = btn.getAttribute("aria-pressed") !== "true";
  btn.setAttribute("aria-pressed", String(on));
  box.hidden = !on;
  box.replaceChildren();
  if (on) render(w, f);
}

/** The field changed: counter, and the preview follows after a pause (a nudge goes away). */
export function typed(w, area) {
  count(w, area);
  const f = area.form;
  const box = f && f.querySelector(".salon-preview");
  if (!box || box.hidden) return;
  const btn = f.querySelector('[data-act="preview"]');
  if (!btn || btn.getAttribute("aria-pressed") !== "true") {
    box.hidden = true; // the nudge was about the old text
    return;
  }
  clearTimeout(f.salonWait);
  f.salonWait = setTimeout(() => render(w, f), 400);
}
