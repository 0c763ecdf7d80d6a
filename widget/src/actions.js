// What readers do: post (with the pre-submit nudge), preview, reply, edit, delete, vote, report,
// and the reading controls (reading.js) and writing aids (compose.js).
// One listener per event type on the thread's root, so server-rendered markup needs no rebinding.
import { preview, shortcut, tool, typed } from "./compose.js";
import { privacyBox } from "./privacy.js";
import { expand, fold, mute, permalink, show, unmute } from "./reading.js";
import { comment, form, h, tag } from "./render.js";
import {
  announce,
  cardOf,
  decorate,
  find,
  focusOn,
  held,
  insert,
  loadMore,
  message,
  nameOf,
  resort,
  seen,
  setCount,
  showFresh,
} from "./widget.js";

const REASONS = ["spam", "abuse", "hate", "threat", "off_topic", "other"];
const FIELDS = { body: "body", "author.name": "name", "author.email": "email", "author.website": "website" };

function busy(f, on) {
  f.setAttribute("aria-busy", String(on));
  for (const b of f.querySelectorAll("button")) b.disabled = on;
}

function clearErr(f) {
  f.querySelector(".salon-err").textContent = "";
  for (const el of f.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

/** The server's reason in the form; the field at fault marked and focused. */
function showErr(w, f, e) {
  f.querySelector(".salon-err").textContent = message(w, e);
  const input = f.elements[FIELDS[e && e.field]];
  if (input) {
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }
}

const clean = (text) => text.replace(/\r\n/g, "\n").trim();

/** The text with the spans the server found marked; offsets count code points, as Python does. */
function highlight(w, text, spans) {
  const chars = [...text];
  const out = h("div", { class: "salon-pv" });
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.begin - b.begin)) {
    const begin = Math.max(s.begin, at);
    const end = Math.min(s.end, chars.length);
    if (end <= begin) continue;
    const what = s.categories.map((c) => w.t.of("cats", c)).join(", ");
    out.append(chars.slice(at, begin).join(""), h("mark", { title: what }, chars.slice(begin, end).join("")));
    at = end;
  }
  out.append(chars.slice(at).join(""));
  return out;
}

function showNudge(w, f, body, verdict) {
  const spans = verdict.spans || [];
  const cats = [...new Set(spans.flatMap((s) => s.categories))];
  const text = cats.length ? w.t("nudge", { what: w.t.list(cats.map((c) => w.t.of("cats", c))) }) : verdict.message;
  const box = f.querySelector(".salon-preview");
  const nudge = h(
    "div",
    { class: "salon-nudge", role: "alert", tabindex: "-1" },
    h("p", {}, text || w.t("error")),
    highlight(w, body, spans),
    h(
      "div",
      { class: "salon-row" },
      h("button", { type: "button", class: "salon-btn", "data-act": "keep" }, w.t("keepEditing")),
      h("button", { type: "button", class: "salon-btn salon-warn", "data-act": "anyway" }, w.t("postAnyway")),
    ),
  );
  box.replaceChildren(nudge);
  box.hidden = false;
  f.querySelector('[data-act="preview"]').setAttribute("aria-pressed", "false");
  nudge.focus();
}

async function check(w, body, name) {
  try {
    return await w.api.call("POST", "/api/comments:check", { url: w.url, body, author: { name } });
  } catch (e) {
    if (e.status === 404 || e.status === 405) w.features.check = false;
    return null; // the server moderates the post anyway
  }
}

function closeReply(f, refocus) {
  const li = f.closest(".salon-c");
  f.remove();
  const btn = cardOf(li).querySelector('[data-act="reply"]');
  if (!btn) return;
  btn.setAttribute("aria-expanded", "false");
  if (refocus) btn.focus();
}

async function compose(w, f, nudged) {
  const v = (name) => f.elements[name].value.trim();
  const body = clean(f.elements.body.value);
  const who = { name: v("name"), email: v("email"), website: v("website") };
  const parentId = Number(f.elements.parent_id.value) || null;
  clearErr(f);
  busy(f, true);
  try {
    if (!nudged && w.features.check) {
      const verdict = await check(w, body, who.name);
      if (verdict && verdict.nudge) return showNudge(w, f, body, verdict);
    }
    const res = await w.api.call("POST", "/api/comments", {
      url: w.url,
      parent_id: parentId,
      author: { name: who.name, email: who.email || null, website: who.website || null },
      body,
      title: (w.title || "").slice(0, 300),
      nudged: !!nudged,
      notify: f.elements.notify && f.elements.notify.checked ? (f.elements.notify_thread.checked ? "thread" : "replies") : "none",
      locale: f.elements.locale.value || "en",
      altcha: (await w.pow.take()) || null,
      homepage_url: f.elements.homepage_url ? f.elements.homepage_url.value : "",
    });
    w.api.remember(res, body, who);
    w.who = who;
    privacyBox(w, w.root);
    if (res.status !== "published" && res.status !== "pending") {
      showErr(w, f, { message: res.message });
      return;
    }
    const parentLi = parentId ? find(w, parentId) : null;
    const depth = parentLi ? +parentLi.dataset.depth + 1 : 0;
    const c = { ...res, score: 0, upvotes: 0, downvotes: 0, pinned: false, replies: [], depth };
    const li = comment(c, w, parentLi ? nameOf(w, parentLi) : undefined);
    if (res.status === "pending") held(w, li, res.message);
    insert(w, li, parentLi, w.sort !== "newest");
    decorate(w, li);
    seen(w, res.id);
    if (res.status === "published") setCount(w, +w.root.dataset.count + 1);
    f.elements.body.value = "";
    f.querySelector(".salon-preview").hidden = true;
    f.querySelector('[data-act="preview"]').setAttribute("aria-pressed", "false");
    f.querySelector(".salon-count").hidden = true;
    if (parentId) closeReply(f, false);
    focusOn(li);
    announce(w, res.status === "pending" ? res.message || w.t("held") : w.t("posted"));
  } catch (e) {
    showErr(w, f, e);
  } finally {
    busy(f, false);
  }
}

function reply(w, btn, li) {
  const open = li.querySelector(":scope > .salon-form");
  if (open) return closeReply(open, true);
  const f = form(w, li.dataset.id);
  f.setAttribute("aria-label", w.t("replyTo", { name: nameOf(w, li) }));
  cardOf(li).after(f);
  btn.setAttribute("aria-expanded", "true");
  f.elements.body.focus();
}

function edit(w, btn, li) {
  const card = cardOf(li);
  const mine = w.api.editable(li.dataset.id);
  if (!mine || card.querySelector(".salon-editf")) return;
  const text = card.querySelector(".salon-text");
  const area = h("textarea", { name: "body", required: true, rows: 4, maxlength: 10000 });
  area.value = mine.b || text.textContent;
  const f = h(
    "form",
    { class: "salon-editf" },
    h("label", { class: "salon-field" }, h("span", {}, w.t("editing")), area),
    h("p", { class: "salon-err", role: "alert" }),
    h(
      "div",
      { class: "salon-row" },
      h("button", { type: "submit", class: "salon-btn salon-primary" }, w.t("save")),
      h("button", { type: "button", class: "salon-btn", "data-act": "cancel" }, w.t("cancel")),
    ),
  );
  text.hidden = true;
  text.after(f);
  area.focus();
}

function closeEdit(f) {
  const card = f.closest(".salon-card");
  card.querySelector(".salon-text").hidden = false;
  f.remove();
  card.querySelector('[data-act="edit"]').focus();
}

async function saveEdit(w, f) {
  const li = f.closest(".salon-c");
  const mine = w.api.editable(li.dataset.id);
  const body = clean(f.elements.body.value);
  clearErr(f);
  busy(f, true);
  try {
    const res = await w.api.call("PATCH", `/api/comments/${li.dataset.id}`, { body }, mine && mine.t);
    const card = cardOf(li);
    card.querySelector(".salon-text").innerHTML = res.html; // sanitised by the server
    const meta = card.querySelector(".salon-meta");
    if (!meta.querySelector(".salon-tag-edited")) meta.querySelector(".salon-time").after(tag(w.t("edited"), "edited"));
    if (res.status === "pending" && !li.classList.contains("salon-pending")) {
      li.classList.add("salon-pending");
      meta.append(tag(w.t("pending"), "held"));
      for (const b of card.querySelectorAll('[data-act="vote"],[data-act="reply"],[data-act="report"],.salon-score')) b.remove();
      held(w, li, res.message);
    }
    if (mine) {
      mine.b = body;
      w.api.save();
    }
    busy(f, false);
    closeEdit(f);
    announce(w, res.status === "pending" ? res.message || w.t("held") : w.t("saved"));
  } catch (e) {
    busy(f, false);
    showErr(w, f, e);
  }
}

async function remove(w, btn, li) {
  if (!window.confirm(w.t("confirmDelete"))) return;
  const id = li.dataset.id;
  const mine = w.api.editable(id);
  try {
    await w.api.call("DELETE", `/api/comments/${id}`, undefined, mine && mine.t);
  } catch (e) {
    announce(w, message(w, e));
    return;
  }
  delete w.api.store.edit[id];
  w.api.save();
  if (!li.classList.contains("salon-pending")) setCount(w, +w.root.dataset.count - 1);
  if (li.querySelector(":scope > .salon-replies")) {
    li.className = "salon-c salon-deleted";
    cardOf(li).replaceWith(h("div", { class: "salon-card" }, h("p", { class: "salon-gone" }, w.t("deleted"))));
    focusOn(li);
  } else {
    const next = li.nextElementSibling || li.parentElement.closest(".salon-c") || w.root.querySelector(".salon-h");
    li.remove();
    focusOn(next);
  }
  announce(w, w.t("removed"));
}

async function vote(w, btn, li) {
  const id = li.dataset.id;
  const value = +btn.dataset.v;
  const taken = btn.getAttribute("aria-pressed") === "true"; // pressed again: take the vote back
  try {
    const res = taken
      ? await w.api.call("DELETE", `/api/comments/${id}/vote`)
      : await w.api.call("POST", `/api/comments/${id}/vote`, { value });
    cardOf(li).querySelector(".salon-score").textContent = String(res.score);
    for (const b of btn.parentNode.querySelectorAll('[data-act="vote"]')) b.setAttribute("aria-pressed", String(!taken && b === btn));
    if (taken) delete w.api.store.votes[id];
    else w.api.store.votes[id] = value;
    w.api.save();
  } catch (e) {
    announce(w, message(w, e));
  }
}

function report(w, btn, li) {
  const card = cardOf(li);
  const open = card.querySelector(".salon-reportf");
  if (open) return closeReport(open, true);
  const f = h(
    "form",
    { class: "salon-reportf" },
    h(
      "fieldset",
      {},
      h("legend", {}, w.t("reportWhy")),
      REASONS.map((r) =>
        h("label", { class: "salon-radio" }, h("input", { type: "radio", name: "reason", value: r, required: true }), h("span", {}, w.t.of("reasons", r))),
      ),
    ),
    h("label", { class: "salon-field" }, h("span", {}, w.t("note")), h("input", { name: "note", maxlength: 500 })),
    // Illegal content has its own notice with the fields the EU Digital Services Act requires.
    h("p", { class: "salon-dsa" }, h("a", { href: `${w.base}/embed/notice?comment=${li.dataset.id}`, target: "_blank", rel: "noopener" }, w.t("dsa"))),
    h("p", { class: "salon-err", role: "alert" }),
    h(
      "div",
      { class: "salon-row" },
      h("button", { type: "submit", class: "salon-btn salon-primary" }, w.t("sendReport")),
      h("button", { type: "button", class: "salon-btn", "data-act": "cancel" }, w.t("cancel")),
    ),
  );
  card.append(f);
  btn.setAttribute("aria-expanded", "true");
  f.querySelector("input").focus();
}

function closeReport(f, refocus) {
  const btn = f.closest(".salon-card").querySelector('[data-act="report"]');
  f.remove();
  btn.setAttribute("aria-expanded", "false");
  if (refocus) btn.focus();
}

async function sendReport(w, f) {
  const li = f.closest(".salon-c");
  const note = f.elements.note.value.trim();
  const payload = { reason: f.elements.reason.value };
  if (note) payload.note = note;
  clearErr(f);
  busy(f, true);
  try {
    await w.api.call("POST", `/api/comments/${li.dataset.id}/report`, payload);
  } catch (e) {
    busy(f, false);
    if (e.status === 405 || (e.status === 404 && e.message === "Not Found")) {
      // this server has no reports: the control goes
      w.features.report = false;
      for (const b of w.root.querySelectorAll('[data-act="report"]')) b.remove();
      f.remove();
      announce(w, w.t("error"));
      return;
    }
    if (e.status !== 409) return showErr(w, f, e); // 409: reported already, which is fine
  }
  const btn = cardOf(li).querySelector('[data-act="report"]');
  const done = h("p", { class: "salon-done", role: "status", tabindex: "-1" }, w.t("reported"));
  f.replaceWith(done);
  btn.disabled = true;
  btn.setAttribute("aria-expanded", "false");
  done.focus();
}

function cancel(w, btn) {
  const f = btn.form;
  if (f.classList.contains("salon-editf")) closeEdit(f);
  else if (f.classList.contains("salon-reportf")) closeReport(f, true);
  else closeReply(f, true);
}

export async function guarded(w, el, run) {
  el.disabled = true;
  try {
    await run();
  } catch (e) {
    announce(w, message(w, e));
  } finally {
    el.disabled = false;
  }
}

const ACTS = {
  vote,
  reply,
  edit,
  delete: remove,
  report,
  preview: (w, btn) => preview(w, btn),
  fmt: tool,
  fold,
  expand,
  mute,
  unmute,
  show,
  first: (w, btn) =>
    guarded(w, btn, async () => {
      await resort(w, w.sort);
      focusOn(w.list.firstElementChild);
    }),
  cancel: (w, btn) => cancel(w, btn),
  keep: (w, btn) => {
    const f = btn.closest("form");
    f.querySelector(".salon-preview").hidden = true;
    f.elements.body.focus();
  },
  anyway: (w, btn) => compose(w, btn.closest("form"), true),
  more: (w, btn) => guarded(w, btn, () => loadMore(w)),
  new: (w, btn) => guarded(w, btn, () => showFresh(w)),
};

export function bind(w) {
  const root = w.root;
  root.addEventListener("click", (e) => {
    const el = e.target.closest("[data-act]");
    if (!el || !root.contains(el) || el.disabled) return;
    e.preventDefault();
    ACTS[el.dataset.act](w, el, el.closest(".salon-c"));
  });
  root.addEventListener("submit", (e) => {
    e.preventDefault();
    const f = e.target;
    if (f.classList.contains("salon-editf")) saveEdit(w, f);
    else if (f.classList.contains("salon-reportf")) sendReport(w, f);
    else compose(w, f, false);
  });
  root.addEventListener("change", (e) => {
    if (e.target.classList.contains("salon-sort")) {
      resort(w, e.target.value).catch((err) => announce(w, message(w, err)));
    }
  });
  root.addEventListener("input", (e) => {
    if (e.target.name === "body") typed(w, e.target);
  });
  root.addEventListener("keydown", (e) => shortcut(w, e));
  window.addEventListener("hashchange", () => permalink(w));
  // The proof-of-work is solved while the reader writes, so posting never waits for it.
  root.addEventListener("focusin", (e) => {
    if (e.target.closest && e.target.closest(".salon-form")) w.pow.start();
  });
}
