// Reader sign-in (docs/accounts.md): the host site's own token (data-sso-token on the box), or the
// author token a one-time e-mail link or an OpenID Connect / GitHub sign-in brings back in the page
// address (#salon-auth=…&salon-name=…). Either way the widget ends up with an author token, as a
// guest does after a first post. signInBar() shows the site's sign-in buttons above the form.
import { h } from "./render.js";

export async function signIn(w, box) {
  const api = w.api;
  if (location.hash.startsWith("#salon-auth=")) {
    const back = new URLSearchParams(location.hash.slice(1));
    api.store.author = back.get("salon-auth");
    const name = back.get("salon-name");
    api.store.account = { name: name || "" };
    if (name) api.store.who = { ...api.store.who, name };
    api.save();
    w.who = api.store.who;
    history.replaceState(null, "", location.pathname + location.search);
  }
  const token = box.dataset.ssoToken;
  if (!token || api.store.sso === token) return;
  try {
    const r = await api.call("POST", "/api/auth/sso", { url: w.url, token });
    api.store.author = r.author_token;
    api.store.sso = token;
    delete api.store.account; // the site's own sign-in: the site signs its readers out
    api.store.who = { ...api.store.who, name: r.name };
    api.save();
    w.who = api.store.who;
  } catch (_) {
    // a refused or expired token: the reader comments as a guest, as before
  }
}

function startUrl(w, provider) {
  const q = new URLSearchParams({ provider, url: w.url, locale: w.t.locale || "en" });
  return `${w.base}/auth/oidc/start?${q}`;
}

function bar(w, ways) {
  const t = w.t;
  const api = w.api;
  const account = api.store.account;
  if (account && api.store.author) {
    const out = h("button", { type: "button", class: "salon-act salon-signout" }, t("signOut"));
    out.addEventListener("click", () => {
      // back to being a guest in this browser; the account and its comments stay
      delete api.store.author;
      delete api.store.account;
      api.save();
      const fresh = bar(w, ways);
      if (fresh) w.signinBar.replaceWith(fresh);
      else w.signinBar.remove();
      w.signinBar = fresh;
    });
    const who = account.name ? t("signedInAs", { name: account.name }) : t("signedIn");
    return h("div", { class: "salon-signin" }, h("span", {}, who), " ", out);
  }
  if (!ways.providers.length) return null;
  const links = ways.providers.map((p) =>
    h("a", { class: "salon-act salon-signin-with", href: startUrl(w, p.id), "data-provider": p.id }, t("signInWith", { name: p.name })),
  );
  return h("div", { class: "salon-signin", role: "group", "aria-label": t("signIn") }, ...links);
}

/** The sign-in buttons of the providers the site switched on, above the thread's form. */
export async function signInBar(w, root) {
  const form = root.querySelector(".salon-form");
  if (!form || root.querySelector(".salon-signin")) return;
  let ways;
  try {
    ways = await w.api.call("GET", `/api/auth/providers?url=${encodeURIComponent(w.url)}`);
  } catch (_) {
    return; // no sign-in offered, or offline: guests comment as always
  }
  w.signinBar = bar(w, ways);
  if (w.signinBar) form.before(w.signinBar);
}
