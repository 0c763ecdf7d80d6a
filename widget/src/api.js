// The JSON API and what this browser remembers: the author token, the reader's name, edit tokens
// (with the text, so an edit starts from what was written) and the reader's votes.

const read = (key) => {
  try {
    return JSON.parse(localStorage.getItem(key)) || {};
  } catch (_) {
    return {}; // storage blocked (privacy mode): the widget still works, it just forgets
  }
};

/** The API at `base`; every call asks for answers in `locale` (held and refusal messages). */
export function client(base, locale) {
  const key = `salon:${base}`;
  const store = { edit: {}, votes: {}, who: {}, ...read(key) };
  const save = () => {
    try {
      localStorage.setItem(key, JSON.stringify(store));
    } catch (_) {
      /* see read() */
    }
  };

  async function call(method, path, body, editToken) {
    const headers = { "accept-language": locale };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (editToken) headers.Authorization = `Bearer ${editToken}`;
    if (store.author) headers["X-Salon-Author"] = store.author;
    let response;
    try {
      response = await fetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (_) {
      throw { status: 0, code: "offline" };
    }
    let data = null;
    if (response.status !== 204) {
      try {
        data = await response.json();
      } catch (_) {
        /* not JSON: a proxy's error page */
      }
    }
    if (!response.ok) throw { status: response.status, ...((data && data.error) || {}) };
    return data;
  }

  /** Remember a comment just posted: its edit token until the window closes, and its text. */
  function remember(posted, body, who) {
    if (posted.author_token) store.author = posted.author_token;
    store.who = who;
    const now = Date.now();
    for (const [id, e] of Object.entries(store.edit)) if (e.u < now) delete store.edit[id];
    store.edit[posted.id] = { t: posted.edit_token, u: Date.parse(posted.editable_until), b: body };
    save();
  }

  const editable = (id) => {
    const e = store.edit[id];
    return e && e.u > Date.now() ? e : null;
  };

  return { call, store, save, remember, editable };
}
