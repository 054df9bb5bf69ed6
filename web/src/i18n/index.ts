import { en } from './en.js';
import { zhCN, type MessageKey, type Messages } from './zh-CN.js';

export type { MessageKey } from './zh-CN.js';
export type Locale = 'zh-CN' | 'en';

const catalogs: Record<Locale, Messages> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'yangguang.locale';

let current: Locale = readStoredLocale();
const listeners = new Set<() => void>();

function readStoredLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN'; // storage can be disabled; Chinese is the default anyway
  }
}

export function locale(): Locale {
  return current;
}

export function setLocale(next: Locale): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // keep the choice for this page only
  }
  applyToDocument();
  for (const listener of listeners) listener();
}

export function onLocaleChange(listener: () => void): void {
  listeners.add(listener);
}

export function applyToDocument(): void {
  document.documentElement.lang = current;
  document.title = t('app.name');
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

/** The message for `key` in the current language, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogs[current][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
