// What a reader does to read a long thread: fold a comment and its replies, open "N more
// replies", mute another reader (remembered in this browser), follow a permalink to a comment
// that is not on the loaded page (the server says which page it is on), and see avatars.
import { comment, h, head, hue, isHttp } from "./render.js";
import { announce, cardOf, decorateAll, find, focusOn, load, nameOf, setNext } from "./widget.js";

/** Replies shown of a long list before "N more replies"; lists up to LONG are shown whole. */
const SHOWN = 3;
const LONG = 4;

/** An identicon from the avatar key (hex, keyed per site by the server): a mirrored 5×5 grid. */
export function identicon(key) {
  if (!/^[0-9a-f]{16,}$/i.test(key || "")) return "";
  const bit = (i) => parseInt(key[i % key.length], 16) & 1;
  const tint = parseInt(key.slice(0, 3), 16) % 360;
  let d = "";
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 3; x++) {
      if (bit(3 + y * 3 + x)) d += `M${x} ${y}h1v1h-1zM${4 - x} ${y}h1v1h-1z`;
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-1 -1 7 7"><rect x="-1" y="-1" width="7" height="7" fill="hsl(${tint} 40% 90%)"/><path fill="hsl(${tint} 55% 38%)" d="${d}"/></svg>`;
  return `url("data:image/svg+xml,${encodeURIComponent(svg)}")`;
}

/** The avatar: an account's picture, else the identicon, else the initial on the name's hue. */
export function avatar(w, li) {
  const av = cardOf(li).querySelector(".salon-av");
  av.style.setProperty("--salon-h", hue(nameOf(w, li)));
  const pic = av.dataset.pic;
  const image = isHttp(pic) ? `url("${pic.replace(/["\\\s()]/g, encodeURIComponent)}")` : identicon(av.dataset.av);
  if (image) av.style.backgroundImage = image;
}

// ------------------------------------------------------------------ folding and long lists

export function fold(w, btn, li) {
  const open = btn.getAttribute("aria-expanded") !== "true";
  li.classList.toggle("salon-folded", !open);
  btn.setAttribute("aria-expanded", String(open));
  btn.textContent = open ? "−" : "+";
}

/** Past LONG replies, all but the first SHOWN wait behind "N more replies". */
export function trim(w, ol) {
  const items = [...ol.children];
  if (items.length <= LONG || (ol.nextElementSibling && ol.nextElementSibling.matches(".salon-morer"))) return;
  let n = 0;
  for (const li of items.slice(SHOWN)) {
    li.hidden = true;
    n += 1 + li.querySelectorAll(".salon-c").length;
  }
  const btn = h("button", { type: "button", class: "salon-btn", "data-act": "expand", "aria-expanded": "false" }, w.t.n("moreReplies", n));
  ol.after(h("div", { class: "salon-morer" }, btn));
}

export function trimAll(w, el) {
  for (const ol of el.querySelectorAll(".salon-replies")) trim(w, ol);
}

function expandList(ol) {
  const more = ol.nextElementSibling;
  if (!more || !more.matches(".salon-morer")) return null;
  const first = [...ol.children].find((li) => li.hidden);
  for (const li of ol.children) li.hidden = false;
  more.remove();
  return first;
}

export function expand(w, btn) {
  const ol = btn.parentNode.previousElementSibling;
  focusOn(expandList(ol));
}

/** Open whatever hides this comment: folded ancestors, trimmed lists, its muted stub. */
function reveal(li) {
  for (let el = li; el; el = el.parentElement.closest(".salon-c")) {
    if (el.hidden) expandList(el.parentElement);
    const btn = cardOf(el).querySelector('[data-act="fold"]');
    if (btn && el.classList.contains("salon-folded")) btn.click();
  }
  const shown = li.querySelector(":scope > .salon-stub [data-act='show']");
  if (shown && shown.getAttribute("aria-expanded") !== "true") shown.click();
}

// ------------------------------------------------------------------ mute

/** Who a comment is by, as far as muting goes: the avatar key, else the name. */
function whose(w, li) {
  const av = cardOf(li).querySelector(".salon-av");
  return av && av.dataset.av ? `a:${av.dataset.av}` : `n:${nameOf(w, li)}`;
}

const mutedSet = (w) => (w.api.store.muted = w.api.store.muted || {});

function stub(w, li) {
  const name = nameOf(w, li);
  return h(
    "p",
    { class: "salon-stub" },
    w.t("muted", { name }),
    " ",
    h("button", { type: "button", class: "salon-act", "data-act": "show", "aria-expanded": "false" }, w.t("show")),
    h("button", { type: "button", class: "salon-act", "data-act": "unmute" }, w.t("unmute")),
  );
}

/** Hide the comment behind a stub if its author is muted in this browser. */
export function muteIfMuted(w, li) {
  if (!cardOf(li).querySelector(".salon-av") || !mutedSet(w)[whose(w, li)]) return;
  if (li.classList.contains("salon-muted")) return;
  li.classList.add("salon-muted");
  li.prepend(stub(w, li));
}

function sameAuthor(w, li) {
  const key = whose(w, li);
  return [...w.root.querySelectorAll(".salon-c")].filter((x) => cardOf(x) && cardOf(x).querySelector(".salon-av") && whose(w, x) === key);
}

export function mute(w, btn, li) {
  const name = nameOf(w, li);
  mutedSet(w)[whose(w, li)] = name;
  w.api.save();
  for (const x of sameAuthor(w, li)) muteIfMuted(w, x);
  focusOn(li.querySelector(":scope > .salon-stub [data-act='show']"));
  announce(w, w.t("muted", { name }));
}

export function unmute(w, btn, li) {
  const name = nameOf(w, li);
  delete mutedSet(w)[whose(w, li)];
  w.api.save();
  for (const x of sameAuthor(w, li)) {
    x.classList.remove("salon-muted", "salon-shown");
    const s = x.querySelector(":scope > .salon-stub");
    if (s) s.remove();
  }
  focusOn(cardOf(li).querySelector('[data-act="mute"]'));
  announce(w, w.t("unmuted", { name }));
}

export function show(w, btn, li) {
  const open = btn.getAttribute("aria-expanded") !== "true";
  li.classList.toggle("salon-shown", open);
  btn.setAttribute("aria-expanded", String(open));
  btn.textContent = w.t(open ? "hide" : "show");
}

// ------------------------------------------------------------------ permalinks

/** The page's address names a comment (#salon-c-ID): show it, loading its page if need be. */
export async function permalink(w) {
  const m = location.hash.match(/^#salon-c-(\d{1,19})$/);
  if (!m) return;
  let li = find(w, m[1]);
  if (!li) {
    let at;
    try {
      at = await w.api.call("GET", `/api/comments/${m[1]}/page?sort=${w.sort}`);
    } catch (_) {
      return; // gone, or never public: the thread stays as it is
    }
    if (at.url !== (w.canonical || w.url) || at.page === 1) return;
    const data = await load(w, { cursor: at.cursor });
    w.list.replaceChildren(...data.comments.map((c) => comment(c, w)));
    decorateAll(w, w.list);
    setNext(w, data.next_cursor);
    if (!w.root.querySelector(".salon-head")) w.list.before(head(w));
    li = find(w, m[1]);
    if (!li) return;
  }
  reveal(li);
  focusOn(li);
  li.scrollIntoView({ block: "start" });
}
