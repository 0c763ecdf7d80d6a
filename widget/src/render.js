// Markup. The server renders the very same in salon/web/templates/embed/ (thread.html,
// _comment.html): change both together; tests/web/test_embed_markup.py compares them.
//
// Safety: text goes in through text nodes and setAttribute only. The one innerHTML is a comment's
// `html`, which the server rendered from markdown and cleaned with an allow-list (salon/markup.py).

/** h("a", {class: "x", href}, child, …): children are nodes or strings (made text nodes). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) el.append(c);
  return el;
}

export const isHttp = (url) => /^https?:\/\//i.test(url || "");
const initial = (name) => ([...(name || "?")][0] || "?").toUpperCase();

/** The avatar's hue, from the name (set by embed.js on server-rendered and built comments alike). */
export function hue(name) {
  let n = 0;
  for (const ch of name || "") n = (n * 31 + ch.codePointAt(0)) % 360;
  return n;
}

export const tag = (text, kind) => h("span", { class: `salon-tag salon-tag-${kind}` }, text);

function actions(c, ctx) {
  const t = ctx.t;
  const box = h("div", { class: "salon-actions" });
  if (c.status !== "published") return box;
  box.append(
    h("button", { type: "button", class: "salon-act salon-up", "data-act": "vote", "data-v": 1, "aria-label": t("up"), "aria-pressed": "false" }, "▲"),
    h("span", { class: "salon-score", title: t("score") }, String(c.score)),
    h("button", { type: "button", class: "salon-act salon-down", "data-act": "vote", "data-v": -1, "aria-label": t("down"), "aria-pressed": "false" }, "▼"),
  );
  if (!ctx.locked) box.append(h("button", { type: "button", class: "salon-act", "data-act": "reply", "aria-expanded": "false" }, t("reply")));
  if (ctx.features.report) box.append(h("button", { type: "button", class: "salon-act", "data-act": "report", "aria-expanded": "false" }, t("report")));
  box.append(h("button", { type: "button", class: "salon-act", "data-act": "mute" }, t("mute")));
  return box;
}

/** One comment and its replies; parentName is given for replies ("to Mara"). */
export function comment(c, ctx, parentName) {
  const t = ctx.t;
  let cls = "salon-c";
  if (c.status === "pending") cls += " salon-pending";
  if (c.status === "rejected") cls += " salon-pending salon-rejected";
  if (c.status === "deleted") cls += " salon-deleted";
  if (c.pinned) cls += " salon-pinned";
  const li = h("li", { class: cls, id: `salon-c-${c.id}`, "data-id": c.id, "data-depth": c.depth });
  if (c.status === "deleted") {
    li.append(h("div", { class: "salon-card" }, h("p", { class: "salon-gone" }, t("deleted"))));
  } else {
    const name = c.author.name;
    const site = c.author.website;
    const text = h("div", { class: "salon-text" });
    text.innerHTML = c.html; // sanitised by the server (see the note at the top)
    li.append(
      h(
        "div",
        { class: "salon-card" },
        h(
          "div",
          { class: "salon-meta" },
          h("span", { class: "salon-av", "aria-hidden": "true", "data-av": c.author.avatar, "data-pic": c.author.picture }, initial(name)),
          isHttp(site)
            ? h("a", { class: "salon-author", href: site, rel: "nofollow ugc noopener" }, name)
            : h("span", { class: "salon-author" }, name),
          c.author.staff && tag(t("staff"), "staff"),
          parentName != null && h("a", { class: "salon-to", href: `#salon-c-${c.parent_id}` }, t("inReplyTo", { name: parentName })),
          h("a", { class: "salon-time", href: `#salon-c-${c.id}` }, h("time", { datetime: c.created_at }, "")),
          c.edited_at && tag(t("edited"), "edited"),
          c.pinned && tag(t("pinned"), "pin"),
          c.status === "pending" && tag(t("pending"), "held"),
          c.status === "rejected" && tag(t("rejected"), "held"),
          h("button", { type: "button", class: "salon-act salon-fold", "data-act": "fold", "aria-expanded": "true", "aria-label": t("fold", { name }) }, "−"),
        ),
        text,
        c.message && h("p", { class: "salon-msg" }, c.message),
        actions(c, ctx),
      ),
    );
  }
  if (c.replies && c.replies.length) {
    const parent = c.author.name || t("someone");
    li.append(h("ol", { class: "salon-replies" }, c.replies.map((r) => comment(r, ctx, parent))));
  }
  return li;
}

const TOOLS = [
  ["bold", "B"],
  ["italic", "I"],
  ["link", "[ ]"],
  ["quote", "❝"],
  ["code", "</>"],
];

const field = (label, control) => h("label", { class: "salon-field" }, h("span", {}, label), control);

/** The compose form: the top one (as the server renders it) or a reply form (parentId). */
export function form(ctx, parentId) {
  const t = ctx.t;
  const who = ctx.who || {};
  const f = h(
    "form",
    { class: "salon-form", method: "post", action: `${ctx.base}/embed/comment`, "accept-charset": "utf-8" },
    h("input", { type: "hidden", name: "url", value: ctx.url }),
    h("input", { type: "hidden", name: "title", value: ctx.title }),
    h("input", { type: "hidden", name: "parent_id", value: parentId || "" }),
    h("input", { type: "hidden", name: "locale", value: t.locale }),
    h("input", { type: "hidden", name: "form_token", value: "" }),
    h(
      "div",
      { class: "salon-who" },
      field(t("name"), h("input", { name: "name", required: true, maxlength: 60, autocomplete: "name" })),
      field(t("email"), h("input", { name: "email", type: "email", maxlength: 320, autocomplete: "email" })),
      field(t("website"), h("input", { name: "website", type: "url", maxlength: 500, autocomplete: "url" })),
    ),
    // The honeypot: off-screen and out of reach for people; a program filling every field fills it.
    h("div", { class: "salon-hp", "aria-hidden": "true" }, h("label", {}, "Leave this empty ", h("input", { name: "homepage_url", tabindex: "-1", autocomplete: "off", maxlength: 200 }))),
    field(t("comment"), h("textarea", { name: "body", required: true, rows: 4, maxlength: 10000 })),
    h(
      "div",
      { class: "salon-tools salon-jsonly" },
      h(
        "span",
        { role: "toolbar", "aria-label": t("formatting") },
        TOOLS.map(([f, glyph], i) =>
          h("button", { type: "button", class: "salon-tool", "data-act": "fmt", "data-fmt": f, "aria-label": t(f), title: t(f), tabindex: i ? -1 : 0 }, glyph),
        ),
      ),
      h("span", { class: "salon-count", hidden: true }),
    ),
    h(
      "div",
      { class: "salon-notify" },
      h("label", {}, h("input", { type: "checkbox", name: "notify", value: "1" }), " ", t("notify")),
      h("label", {}, h("input", { type: "checkbox", name: "notify_thread", value: "1" }), " ", t("notifyThread")),
    ),
    h("div", { class: "salon-preview", hidden: true }),
    h("p", { class: "salon-err", role: "alert" }),
    h(
      "div",
      { class: "salon-row" },
      h("button", { type: "submit", class: "salon-btn salon-primary" }, t("post")),
      h("button", { type: "button", class: "salon-btn salon-jsonly", "data-act": "preview", "aria-pressed": "false" }, t("preview")),
      parentId && h("button", { type: "button", class: "salon-btn", "data-act": "cancel" }, t("cancel")),
    ),
  );
  for (const k of ["name", "email", "website"]) if (who[k]) f.elements[k].value = who[k];
  return f;
}

/** The whole thread, as thread.html renders it. */
export function thread(data, ctx) {
  const t = ctx.t;
  const info = data.thread;
  const root = h("section", {
    class: "salon",
    "data-salon": true,
    "data-url": info.url,
    "data-title": ctx.title,
    "data-sort": ctx.sort,
    "data-next": data.next_cursor || "",
    "data-count": info.count,
    "data-locked": info.locked ? 1 : 0,
    "data-features": Object.keys(ctx.features).filter((k) => ctx.features[k]).join(" "),
    "data-theme": ctx.theme,
    lang: t.locale,
    dir: ctx.dir,
    "aria-labelledby": "salon-h",
  });
  root.append(
    h("h2", { class: "salon-h", id: "salon-h" }, `${t("comments")} `, h("span", { class: "salon-n" }, String(info.count))),
    h("p", { class: "salon-held", id: "salon-held", tabindex: "-1" }, t("held")),
    h("div", { class: "salon-live salon-sr", role: "status", "aria-live": "polite" }),
    info.locked ? h("p", { class: "salon-locked" }, t("locked")) : form(ctx),
    h(
      "div",
      { class: "salon-bar salon-jsonly" },
      h(
        "label",
        { class: "salon-sortl" },
        h("span", {}, t("sortBy")),
        h(
          "select",
          { class: "salon-sort", name: "sort" },
          ["oldest", "newest", "top"].map((s) => h("option", { value: s, selected: s === ctx.sort }, t(s))),
        ),
      ),
      h("button", { type: "button", class: "salon-btn salon-new", "data-act": "new", hidden: true }),
    ),
    h("ol", { class: "salon-list" }, data.comments.map((c) => comment(c, ctx))),
  );
  if (!data.comments.length) root.append(empty(t));
  if (data.next_cursor) root.append(more(ctx, data.next_cursor));
  return root;
}

/** Above a page that is not the thread's first (a permalink's): the way back to the start. */
export function head(ctx) {
  const q = new URLSearchParams({ url: ctx.url, sort: ctx.sort, locale: ctx.t.locale, page: 1 });
  return h(
    "div",
    { class: "salon-head" },
    h("a", { class: "salon-btn salon-first", "data-act": "first", href: `${ctx.base}/embed/thread?${q}` }, ctx.t("first")),
  );
}

export const empty = (t) => h("p", { class: "salon-empty" }, t("empty"));

export function more(ctx, cursor) {
  const q = new URLSearchParams({ url: ctx.url, sort: ctx.sort, locale: ctx.t.locale, cursor, page: 1 });
  return h(
    "div",
    { class: "salon-foot" },
    h("a", { class: "salon-btn salon-more", "data-act": "more", href: `${ctx.base}/embed/thread?${q}` }, ctx.t("more")),
  );
}
