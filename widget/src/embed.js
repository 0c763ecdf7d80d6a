// salon's embed: <script src="https://comments.example.com/embed.js" async></script> and
// <div id="salon-thread"></div>. Renders the thread into the page (no iframe), or enhances the
// server-rendered thread (GET /embed/thread) when it is already there.
import { bind } from "./actions.js";
import { client } from "./api.js";
import { dirOf, loadStrings, pickLocale, translator } from "./i18n.js";
import { proofOfWork } from "./pow.js";
import { h, thread } from "./render.js";
import { privacyBox } from "./privacy.js";
import { permalink } from "./reading.js";
import { announce, arrived, decorateAll, load, merge, tick } from "./widget.js";
import { signIn, signInBar } from "./signin.js";

const script = document.currentScript;
const BASE = script && script.src ? script.src.replace(/\/embed\.js([?#].*)?$/, "") : "";
const SORTS = ["oldest", "newest", "top"];

function stylesheet() {
  if (document.querySelector('link[href$="/embed.css"]')) return;
  document.head.append(h("link", { rel: "stylesheet", href: `${BASE}/embed.css` }));
}

function pageUrl() {
  const canonical = document.querySelector('link[rel="canonical"]');
  return canonical ? canonical.href : location.href.split("#")[0];
}

const flags = (text) => Object.fromEntries(String(text || "").split(" ").filter(Boolean).map((k) => [k, true]));

async function features() {
  try {
    const r = await fetch(`${BASE}/embed/features`);
    return r.ok ? await r.json() : {};
  } catch (_) {
    return {};
  }
}

function listen(w) {
  if (!window.EventSource) return;
  const source = new EventSource(`${BASE}/api/events?url=${encodeURIComponent(w.url)}`);
  source.addEventListener("comment", (e) => {
    try {
      arrived(w, JSON.parse(e.data).id);
    } catch (_) {
      /* not ours */
    }
  });
}

function start(w, root, box) {
  w.root = root;
  w.list = root.querySelector(".salon-list");
  w.live = root.querySelector(".salon-live");
  if (box.dataset.theme) root.dataset.theme = box.dataset.theme;
  root.classList.add("salon-js");
  decorateAll(w, root);
  bind(w);
  setInterval(() => tick(w), 60000);
  listen(w);
  signInBar(w, root);
  privacyBox(w, root);
  permalink(w).catch((e) => announce(w, e.message || w.t("offline")));
}

async function mount(box) {
  const d = box.dataset;
  const ssr = box.querySelector("section.salon[data-salon]");
  const locale = pickLocale(ssr ? ssr.lang : d.locale || document.documentElement.lang || navigator.language);
  const strings = loadStrings(BASE, locale);
  const api = client(BASE, locale);
  const w = { base: BASE, api, who: api.store.who, fresh: new Set(), dir: dirOf(locale), theme: d.theme || "auto" };
  w.url = ssr ? ssr.dataset.url : d.url || pageUrl();
  w.pow = proofOfWork(w);
  w.title = d.title || (ssr && ssr.dataset.title) || document.title;
  await signIn(w, box);
  if (ssr) {
    w.t = translator(await strings, locale);
    const s = ssr.dataset;
    Object.assign(w, { sort: s.sort, next: s.next, locked: s.locked === "1", features: flags(s.features) });
    start(w, ssr, box);
    if (api.store.author) {
      // the server rendered what everyone sees; this author may also have comments awaiting moderation
      load(w, {})
        .then((data) => merge(w, data, w.sort !== "newest"))
        .catch((e) => announce(w, e.message || w.t("offline")));
    }
    return;
  }
  w.sort = SORTS.includes(d.sort) ? d.sort : "oldest";
  box.setAttribute("aria-busy", "true");
  try {
    const [found, data, t] = await Promise.all([features(), load(w, {}), strings]);
    w.t = translator(t, locale);
    Object.assign(w, { features: found, locked: data.thread.locked, next: data.next_cursor || "", canonical: data.thread.url });
    const root = thread(data, w);
    box.replaceChildren(root);
    start(w, root, box);
  } catch (e) {
    const t = translator(await strings, locale);
    // A setup mistake (this page's origin is not a registered site) is for the site's owner:
    // always in the console, and in the page only while they try it out on their own machine.
    const setup = e && e.code === "unknown_site";
    if (setup) console.error(`salon: ${e.message}`);
    const local = /^(localhost|127\.0\.0\.1|\[::1\])$|\.localhost$/.test(location.hostname);
    const text = e && e.status === 0 ? t("offline") : setup && !local ? t("error") : (e && e.message) || t("error");
    box.replaceChildren(h("section", { class: "salon", lang: locale, dir: w.dir }, h("p", { class: "salon-err", role: "alert" }, text)));
  } finally {
    box.removeAttribute("aria-busy");
  }
}

function boot() {
  stylesheet();
  for (const box of document.querySelectorAll("#salon-thread, [data-salon-thread]")) {
    if (box.salon) continue;
    box.salon = true;
    mount(box);
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
