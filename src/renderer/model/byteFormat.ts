// Sizes in the UI language, from Intl: decimal units (1 MB = 1,000,000 bytes), as file managers
// and the "2 GB unpacked" limit count them.

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(language: string, unit: (typeof UNITS)[number], digits?: number): Intl.NumberFormat {
  const key = `${language}|${unit}|${digits ?? ''}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.NumberFormat(language, {
      style: 'unit',
      unit,
      // "512 byte" is how the short form reads in English; the long one says "512 bytes".
      unitDisplay: unit === 'byte' ? 'long' : 'short',
      maximumFractionDigits: digits ?? (unit === 'byte' ? 0 : 1),
    });
    formatters.set(key, found);
  }
  return found;
}

/** "512 bytes", "1.5 kB", "52.4 MB" ("52,4 МБ" in Russian). */
export function formatBytes(bytes: number, language: string): string {
  let value = Math.max(0, bytes);
  let index = 0;
  while (value >= 1_000 && index < UNITS.length - 1) {
    value /= 1_000;
    index += 1;
  }
  return formatter(language, UNITS[index]!).format(value);
}

/** The unit formatBytes would pick for `bytes`: 0 for bytes, 1 for kB, and so on. */
export function byteUnitOf(bytes: number): number {
  let value = Math.abs(bytes);
  let index = 0;
  while (value >= 1_000 && index < UNITS.length - 1) {
    value /= 1_000;
    index += 1;
  }
  return index;
}

/**
 * `bytes` in a given unit (byteUnitOf's index) with at most `digits` decimals: an axis writes all
 * its ticks in one unit, with as many decimals as keep them apart.
 */
export function formatBytesIn(bytes: number, language: string, unit: number, digits: number): string {
  const index = Math.min(Math.max(0, unit), UNITS.length - 1);
  return formatter(language, UNITS[index]!, digits).format(Math.max(0, bytes) / 1_000 ** index);
}
