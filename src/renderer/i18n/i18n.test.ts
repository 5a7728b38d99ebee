// Keeps the two languages complete and in step, and every key the code uses defined. Sources are
// read through Vite's import.meta.glob (no node:fs), so this file obeys the renderer's own rules.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import ru from './ru.json';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const catalogs = { en, ru } as const;

function flatten(tree: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') for (const [k, v] of flatten(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

/** base key -> the plural suffixes it has ('' for a plain key). */
function byBaseKey(flat: Map<string, unknown>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of flat.keys()) {
    const match = key.match(PLURAL_SUFFIX);
    const base = match ? key.slice(0, -match[0].length) : key;
    const forms = out.get(base) ?? new Set<string>();
    forms.add(match?.[1] ?? '');
    out.set(base, forms);
  }
  return out;
}

const variables = (text: string) => new Set([...text.matchAll(/{{\s*([\w.]+)/g)].map((m) => m[1]));

const sources = import.meta.glob<string>(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../**/*.d.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('translation catalogs', () => {
  const flat = { en: flatten(en), ru: flatten(ru) };
  const bases = { en: byBaseKey(flat.en), ru: byBaseKey(flat.ru) };

  it('define the same keys in English and Russian (plural forms aside)', () => {
    expect([...bases.ru.keys()].sort()).toEqual([...bases.en.keys()].sort());
  });

  it.each(Object.keys(catalogs) as (keyof typeof catalogs)[])('%s has every plural form its language needs', (language) => {
    const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories.slice().sort();
    for (const [base, forms] of bases[language]) {
      if (forms.has('')) {
        expect(forms.size, `${language}: ${base} is both plain and plural`).toBe(1);
        continue;
      }
      expect([...forms].sort(), `${language}: plural forms of ${base}`).toEqual(needed);
    }
  });

  it.each(Object.keys(catalogs) as (keyof typeof catalogs)[])('%s has no empty or non-string value', (language) => {
    for (const [key, value] of flat[language]) {
      expect(typeof value, `${language}: ${key}`).toBe('string');
      expect((value as string).trim(), `${language}: ${key} is empty`).not.toBe('');
    }
  });

  it('uses the same interpolation variables in both languages', () => {
    for (const [base, forms] of bases.en) {
      const collect = (language: 'en' | 'ru') => {
        const names = new Set<string>();
        for (const form of bases[language].get(base) ?? forms) {
          const text = flat[language].get(form ? `${base}_${form}` : base);
          if (typeof text === 'string') for (const name of variables(text)) names.add(name as string);
        }
        return [...names].sort();
      };
      expect(collect('ru'), base).toEqual(collect('en'));
    }
  });
});

describe('keys used in the renderer', () => {
  const known = byBaseKey(flatten(en));

  it('all exist in en.json', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const [file, text] of Object.entries(sources)) {
      for (const match of text.matchAll(/\bt\(\s*(['"`])([^'"`]+)\1/g)) {
        seen += 1;
        const key = match[2] as string;
        if (key.includes('${') || !known.has(key)) missing.push(`${file}: ${key}`);
      }
    }
    expect(seen).toBeGreaterThan(100); // the scan itself works
    expect(missing).toEqual([]);
  });

  it('leave no prose outside t(): no literal text in JSX, no literal labels in attributes', () => {
    const offenders: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      if (!file.endsWith('.tsx')) continue;
      const code = text
        .replace(/\/\/.*$/gm, '')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/=>/g, '  ');
      // Text between a tag's `>` and the next `<` that contains a letter and no code punctuation.
      for (const match of code.matchAll(/>([^<>{}()=;|&]*\p{L}[^<>{}()=;|&]*)</gu)) {
        const content = (match[1] as string).trim();
        // `<A />,\n key: <B />` in an object literal is code, not text.
        if (content && !content.startsWith(',')) offenders.push(`${file}: text "${content}"`);
      }
      for (const match of code.matchAll(/\b(aria-label|placeholder|title|alt|label)="([^"]*\p{L}[^"]*)"/gu)) {
        offenders.push(`${file}: ${match[1]}="${match[2]}"`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('i18next with these catalogs', () => {
  const i18n = i18next.createInstance();
  void i18n.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'en', initAsync: false, interpolation: { escapeValue: false } });
  const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

  it('picks Russian plural forms and groups digits the Russian way', () => {
    const t = i18n.getFixedT('ru');
    expect(t('containers.count', { shown: 3, count: 1 })).toBe('3 из 1 контейнера');
    expect(t('containers.count', { shown: 3, count: 4 })).toBe('3 из 4 контейнеров');
    expect(nbsp(t('containers.count', { shown: 124, count: 5000 }))).toBe('124 из 5 000 контейнеров');
    expect(t('home.passes', { count: 22 })).toBe('22 прохода');
    expect(t('home.passes', { count: 11 })).toBe('11 проходов');
  });

  it('formats English counts with thousands separators', () => {
    const t = i18n.getFixedT('en');
    expect(t('containers.count', { shown: 124, count: 5000 })).toBe('124 of 5,000 containers');
    expect(t('containers.count', { shown: 1, count: 1 })).toBe('1 of 1 container');
  });
});
