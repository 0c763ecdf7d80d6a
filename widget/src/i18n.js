// Strings, plurals and dates. English is built in; other locales are fetched from the server
// (salon/web/static/locales/*.json, the same files the server-rendered thread uses).
import en from "../../salon/web/static/locales/en.json";

// English and the same locales as salon.i18n.LOCALES (a test keeps them equal); ar and he are RTL.
export const LOCALES = /^(ar|de|es|fr|he|it|ja|nl|pl|pt|ru|tr|uk|zh)(?![a-z])/i;

/** The supported locale for a BCP 47 tag ("de-AT" → "de", "pt_BR" → "pt"), else English. */
export const pickLocale = (tag) => (LOCALES.exec(tag) || ["en"])[0].toLowerCase();

export const dirOf = (locale) => (/ar|he/.test(locale) ? "rtl" : "ltr"); // locale: one of LOCALES

export async function loadStrings(base, locale) {
  if (locale === "en") return en;
  try {
    const r = await fetch(`${base}/embed/locales/${locale}.json`);
    if (r.ok) return { ...en, ...(await r.json()) };
  } catch (_) {
    /* offline or blocked: English is better than nothing */
  }
  return en;
}

const UNITS = [
  ["year", 31536000],
  ["month", 2592000],
  ["week", 604800],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

/** t(key, {name}) → string; t.n(key, n) plural; t.of(group, key); t.ago(date); t.full(date).
 * `strings` is what loadStrings gave: English under the locale's own, so every key is there. */
export function translator(strings, locale) {
  const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? vars[k] : m));
  const t = (key, vars) => fill(strings[key] ?? key, vars);
  const plural = new Intl.PluralRules(locale);
  const number = new Intl.NumberFormat(locale);
  t.n = (key, n) => {
    const forms = strings[key];
    return fill(forms[plural.select(n)] || forms.other, { n: number.format(n) });
  };
  t.of = (group, key) => strings[group][key] || key;
  const list = new Intl.ListFormat(locale, { type: "disjunction" }); // in every browser targeted
  t.list = (items) => list.format(items);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const full = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short" });
  t.ago = (date) => {
    const seconds = (date.getTime() - Date.now()) / 1000;
    for (const [unit, size] of UNITS) {
      if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
    }
    return relative.format(0, "second");
  };
  t.full = (date) => full.format(date);
  t.locale = locale;
  return t;
}
