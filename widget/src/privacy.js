// A reader's own data (docs/privacy.md). With an author token in this browser, "Your data" at the
// foot of the thread gives a copy of everything the site holds about them (a JSON download) or,
// after a confirmation, erases it. Both are asked of the server with the token (POST /api/me/data,
// POST /api/me/erase), which answers them as the command line and the dashboard do.
import { guarded } from "./actions.js";
import { h } from "./render.js";
import { announce, resort } from "./widget.js";

/** "Your data" at the foot of the thread, for a reader this browser holds an author token for. */
export function privacyBox(w, root) {
  const api = w.api;
  const t = w.t;
  if (!api.store.author || root.querySelector(".salon-mydata")) return;
  const button = (key, cls) => h("button", { type: "button", class: `salon-btn ${cls}` }, t(key));
  const get = button("dataCopy", "");
  const del = button("dataErase", "salon-warn");
  const box = h("details", { class: "salon-mydata" }, h("summary", {}, t("data")), get, del);
  get.onclick = () =>
    guarded(w, get, async () => {
      const file = new Blob([JSON.stringify(await api.call("POST", "/api/me/data", { url: w.url }))]);
      h("a", { href: URL.createObjectURL(file), download: "comments.json" }).click();
    });
  del.onclick = () =>
    confirm(t("dataConfirm")) &&
    guarded(w, del, async () => {
      await api.call("POST", "/api/me/erase", { url: w.url, confirm: true });
      // the token names nobody now: this browser forgets it, and all it remembered with it
      for (const k in api.store) delete api.store[k];
      Object.assign(api.store, { edit: {}, votes: {}, who: {} });
      api.save();
      box.remove();
      announce(w, t("dataErased"));
      await resort(w, w.sort);
    });
  root.append(box);
}
