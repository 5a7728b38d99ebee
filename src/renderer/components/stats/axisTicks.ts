// Labels for a value axis's ticks. Each tick once picked its own rounding, so small steps printed
// the same label twice ("0 bytes/s, 0 bytes/s, 1 byte/s" for ticks 0, 0.4, 0.8) and units mixed
// on one axis ("800 bytes, 1 kB"). Here an axis writes every tick in the unit of its largest one,
// with the fewest decimals that keep each tick's label apart from its neighbours'.
import { byteUnitOf, formatBytesIn } from '../../model/byteFormat';

/** Enough for any step uPlot picks on these charts (a byte rate's smallest is well above 1e-6). */
const MAX_DIGITS = 6;

/**
 * Labels `label(value, digits, scaled)` with the fewest decimals (0 to MAX_DIGITS) under which no
 * two adjacent ticks read the same and every tick reads as itself: ticks 0, 0.25, 0.5 are not
 * written 0, 0.3, 0.5. `scale` turns a value into the number written (bytes into kilobytes).
 */
export function distinctTickLabels(
  values: readonly number[],
  label: (value: number, digits: number) => string,
  scale: (value: number) => number = (v) => v,
): string[] {
  const scaled = values.map(scale);
  const step = Math.min(...scaled.slice(1).map((v, i) => Math.abs(v - scaled[i]!)));
  // A float's noise (0.6000000000000001) is not a digit to show.
  const tolerance = Number.isFinite(step) && step > 0 ? step / 1_000 : 0;
  let labels: string[] = [];
  for (let digits = 0; digits <= MAX_DIGITS; digits += 1) {
    labels = values.map((v) => label(v, digits));
    const exact = scaled.every((v) => Math.abs(Number(v.toFixed(digits)) - v) <= tolerance);
    if (exact && labels.every((text, i) => i === 0 || text !== labels[i - 1])) return labels;
  }
  return labels;
}

/** Byte ticks (sizes, or rates through `wrap`), all in the unit of the largest. */
export function byteTickLabels(values: readonly number[], language: string, wrap: (text: string) => string = (text) => text): string[] {
  const unit = byteUnitOf(Math.max(0, ...values.map((v) => Math.abs(v))));
  return distinctTickLabels(
    values,
    (v, digits) => wrap(formatBytesIn(v, language, unit, digits)),
    (v) => Math.max(0, v) / 1_000 ** unit,
  );
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number in the UI language with at most `digits` decimals. */
export function formatDecimal(value: number, language: string, digits: number): string {
  const key = `${language}|${digits}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(language, { maximumFractionDigits: digits })));
  // A float's noise below zero (-1e-17) would read "-0".
  const rounded = Number(value.toFixed(digits));
  return format.format(rounded === 0 ? 0 : rounded);
}

/** Plain-number ticks (percentages through `wrap`). */
export function numberTickLabels(values: readonly number[], language: string, wrap: (text: string) => string = (text) => text): string[] {
  return distinctTickLabels(values, (v, digits) => wrap(formatDecimal(v, language, digits)));
}
