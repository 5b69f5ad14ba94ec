// Chinese and English UI text: t(key, params), the choice remembered in localStorage.
const STORE = "emkg.lang";
const dictionaries = {};
let current = "zh";
const listeners = [];

export async function initI18n() {
  const saved = localStorage.getItem(STORE);
  current = saved === "en" || saved === "zh" ? saved : (navigator.language || "zh").startsWith("en") ? "en" : "zh";
  await Promise.all(["zh", "en"].map(async (lang) => {
    // Beside the module (a versioned URL when the page is served from /v/<hash>/): cached long.
    const res = await fetch(new URL(`../i18n/${lang}.json`, import.meta.url));
    dictionaries[lang] = await res.json();
  }));
  apply();
}

export function lang() { return current; }

export function setLang(next) {
  current = next;
  localStorage.setItem(STORE, next);
  apply();
  listeners.forEach((fn) => fn(next));
}

export function onLangChange(fn) { listeners.push(fn); }

/** t("results.eta", {n: 12}) -> "12 分钟"; a missing key shows itself, so it is noticed. */
export function t(key, params = {}) {
  const text = dictionaries[current]?.[key] ?? dictionaries.en?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (params[k] ?? `{${k}}`));
}

/** The name of a concept in the current language: {nameZh, nameEn, name}. */
export function nameOf(c) {
  if (!c) return "";
  return (current === "en" ? c.nameEn || c.name : c.nameZh || c.name) || c.id || "";
}

function apply() {
  document.documentElement.lang = current;
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((el) => {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  });
  document.querySelectorAll("[data-i18n-aria-label]").forEach((el) => {
    el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
  });
  document.title = t("app.title");
}
