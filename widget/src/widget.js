// The thread on the page: loading pages, merging comments in, and the small state changes every
// action shares (count, announcements, own-comment controls, relative times).
import { avatar, muteIfMuted, trimAll } from "./reading.js";
import { comment, empty, h, more } from "./render.js";

/** GET a page of the thread as the API gives it (the author's held comments included). */
export function load(w, o) {
  const q = new URLSearchParams({ url: w.url, sort: o.sort || w.sort });
  if (o.cursor) q.set("cursor", o.cursor);
  if (o.limit) q.set("limit", o.limit);
  return w.api.call("GET", `/api/comments?${q}`);
}

export const find = (w, id) => w.root.querySelector(`#salon-c-${Number(id)}`);
export const cardOf = (li) => li.querySelector(":scope > .salon-card");

export function nameOf(w, li) {
  const a = li.querySelector(":scope > .salon-card .salon-author");
  return (a && a.textContent) || w.t("someone");
}

/** Say something to screen readers (the live region) without moving focus. */
export function announce(w, text) {
  w.live.textContent = "";
  setTimeout(() => {
    w.live.textContent = text;
  }, 50);
}

export const message = (w, e) => (e && e.status === 0 ? w.t("offline") : (e && e.message) || w.t("error"));

export function setCount(w, n) {
  w.root.dataset.count = n;
  w.root.querySelector(".salon-n").textContent = String(n);
}

/** The site's message under a held comment. */
export function held(w, li, text) {
  const card = cardOf(li);
  if (!card.querySelector(".salon-msg")) {
    card.querySelector(".salon-text").after(h("p", { class: "salon-msg" }, text || w.t("held")));
  }
}

function ownControls(w, li) {
  const box = cardOf(li).querySelector(".salon-actions");
  if (!box || box.querySelector('[data-act="edit"]')) return;
  box.append(
    h("button", { type: "button", class: "salon-act", "data-act": "edit" }, w.t("edit")),
    h("button", { type: "button", class: "salon-act", "data-act": "delete" }, w.t("delete")),
  );
}

/** What the server cannot know: relative times, avatars, this reader's votes, own comments, mutes. */
export function decorate(w, li) {
  const card = cardOf(li);
  const time = card.querySelector(".salon-meta time");
  if (!time) return; // a deleted comment
  const date = new Date(time.getAttribute("datetime"));
  time.textContent = w.t.ago(date);
  time.title = w.t.full(date);
  avatar(w, li);
  const id = li.dataset.id;
  if (w.api.editable(id) && !li.classList.contains("salon-rejected")) {
    li.classList.add("salon-own");
    ownControls(w, li);
  }
  const mute = card.querySelector('[data-act="mute"]');
  if (mute && li.classList.contains("salon-own")) mute.remove();
  else muteIfMuted(w, li);
  if (li.classList.contains("salon-pending")) held(w, li);
  const vote = w.api.store.votes[id];
  if (vote) {
    for (const b of card.querySelectorAll('[data-act="vote"]')) b.setAttribute("aria-pressed", String(+b.dataset.v === vote));
  }
}

export function decorateAll(w, el) {
  if (el.matches(".salon-c")) decorate(w, el);
  for (const li of el.querySelectorAll(".salon-c")) decorate(w, li);
  trimAll(w, el);
}

/** Every minute: times move on, edit windows close. */
export function tick(w) {
  for (const li of w.root.querySelectorAll(".salon-c")) {
    const time = cardOf(li).querySelector(".salon-meta time");
    if (time) time.textContent = w.t.ago(new Date(time.getAttribute("datetime")));
    if (li.classList.contains("salon-own") && !w.api.editable(li.dataset.id)) {
      li.classList.remove("salon-own");
      for (const b of cardOf(li).querySelectorAll('[data-act="edit"],[data-act="delete"]')) b.remove();
    }
  }
}

/** Put a comment in place: under its parent, or at the top or the end of the list. */
export function insert(w, li, parentLi, atEnd) {
  if (parentLi) {
    let ol = parentLi.querySelector(":scope > .salon-replies");
    if (!ol) parentLi.append((ol = h("ol", { class: "salon-replies" })));
    ol.append(li);
  } else if (atEnd) w.list.append(li);
  else w.list.prepend(li);
  const none = w.root.querySelector(".salon-empty");
  if (none) none.remove();
}

/** Add the comments of a fetched page that are not on the page yet; returns them, in order. */
export function merge(w, data, atEnd) {
  const added = [];
  const top = w.list.firstElementChild; // newest first: new ones go above what was there, in order
  const walk = (nodes, parentLi) => {
    for (const c of nodes) {
      const li = find(w, c.id);
      if (li) {
        walk(c.replies || [], li);
        continue;
      }
      const made = comment(c, w, parentLi ? nameOf(w, parentLi) : undefined);
      if (!parentLi && !atEnd && top) w.list.insertBefore(made, top);
      else insert(w, made, parentLi, atEnd);
      decorateAll(w, made);
      added.push(made);
      w.fresh.delete(c.id);
    }
  };
  walk(data.comments, null);
  setCount(w, data.thread.count);
  return added;
}

export function focusOn(el) {
  if (!el) return;
  el.tabIndex = -1;
  el.focus();
}

export function setNext(w, cursor) {
  w.next = cursor || "";
  w.root.dataset.next = w.next;
  const foot = w.root.querySelector(".salon-foot");
  if (foot) foot.remove();
  if (w.next) w.root.append(more(w, w.next));
}

export async function loadMore(w) {
  const data = await load(w, { cursor: w.next });
  const added = merge(w, data, true);
  setNext(w, data.next_cursor);
  focusOn(added[0]);
}

export async function resort(w, sort) {
  const data = await load(w, { sort });
  w.sort = sort;
  w.root.dataset.sort = sort;
  const top = w.root.querySelector(".salon-head");
  if (top) top.remove();
  w.list.replaceChildren(...data.comments.map((c) => comment(c, w)));
  decorateAll(w, w.list);
  if (!data.comments.length && !w.root.querySelector(".salon-empty")) w.list.after(empty(w.t));
  setCount(w, data.thread.count);
  setNext(w, data.next_cursor);
}

function freshButton(w) {
  const btn = w.root.querySelector(".salon-new");
  btn.hidden = !w.fresh.size;
  btn.textContent = w.fresh.size ? w.t.n("newComments", w.fresh.size) : "";
  return btn;
}

/** A live event: count it, never insert it; the reader decides when the page changes. */
export function arrived(w, id) {
  if (find(w, id) || w.fresh.has(id)) return;
  w.fresh.add(id);
  const btn = freshButton(w);
  clearTimeout(w.saying);
  w.saying = setTimeout(() => announce(w, btn.textContent), 1000);
}

/** The reader's own comment is on the page: it is not news to them. */
export function seen(w, id) {
  w.fresh.delete(id);
  freshButton(w);
}

export async function showFresh(w) {
  const shown = w.list.children.length;
  const data = await load(w, { limit: Math.min(200, Math.max(shown + w.fresh.size, 1)) });
  const added = merge(w, data, w.sort !== "newest");
  for (const li of added) li.classList.add("salon-fresh");
  w.fresh.clear();
  freshButton(w);
  focusOn(added[0]);
}
