// Reader sign-in (docs/accounts.md): the host site's own token (data-sso-token on the box), or the
// author token a one-time e-mail link brings back in the page address (#salon-auth=…). Either way
// the widget ends up with an author token, as a guest does after a first post.

export async function signIn(w, box) {
  const api = w.api;
  const m = location.hash.match(/^#salon-auth=([^&]+)/);
  if (m) {
    api.store.author = decodeURIComponent(m[1]);
    api.save();
    history.replaceState(null, "", location.pathname + location.search);
  }
  const token = box.dataset.ssoToken;
  if (!token || api.store.sso === token) return;
  try {
    const r = await api.call("POST", "/api/auth/sso", { url: w.url, token });
    api.store.author = r.author_token;
    api.store.sso = token;
    api.store.who = { ...api.store.who, name: r.name };
    api.save();
    w.who = api.store.who;
  } catch (_) {
    // a refused or expired token: the reader comments as a guest, as before
  }
}
