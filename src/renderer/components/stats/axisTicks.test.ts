import { describe, expect, it } from 'vitest';
import { byteTickLabels, distinctTickLabels, numberTickLabels } from './axisTicks';

const perSecond = (text: string) => `${text}/s`;
const adjacentDiffer = (labels: string[]) => labels.every((l, i) => i === 0 || l !== labels[i - 1]);

describe('value axis tick labels', () => {
  it('keep tiny byte rates apart: ticks 0 to 1.2 B/s get one decimal, not "0 bytes/s" twice', () => {
    const labels = byteTickLabels([0, 0.2, 0.4, 0.6000000000000001, 0.8, 1, 1.2], 'en', perSecond);
    expect(labels).toEqual(['0 bytes/s', '0.2 bytes/s', '0.4 bytes/s', '0.6 bytes/s', '0.8 bytes/s', '1 byte/s', '1.2 bytes/s']);
  });

  it('use two decimals only when one is not enough', () => {
    const labels = byteTickLabels([0, 0.25, 0.5, 0.75, 1], 'en', perSecond);
    expect(labels).toEqual(['0 bytes/s', '0.25 bytes/s', '0.5 bytes/s', '0.75 bytes/s', '1 byte/s']);
  });

  it('stay whole when whole numbers already differ', () => {
    expect(byteTickLabels([0, 200, 400, 600], 'en')).toEqual(['0 bytes', '200 bytes', '400 bytes', '600 bytes']);
  });

  it('write every tick in the unit of the largest, with the decimals its steps need', () => {
    expect(byteTickLabels([0, 500, 1_000, 1_500], 'en')).toEqual(['0 kB', '0.5 kB', '1 kB', '1.5 kB']);
    // 1.05 kB and 1.1 kB round to the same one-decimal label: two decimals.
    expect(byteTickLabels([1_000, 1_050, 1_100, 1_150], 'en')).toEqual(['1 kB', '1.05 kB', '1.1 kB', '1.15 kB']);
    expect(byteTickLabels([0, 500_000, 1_000_000], 'ru')).toEqual(['0 МБ', '0,5 МБ', '1 МБ']);
  });

  it('format percentages the same way, in the UI language', () => {
    const percent = (text: string) => `${text} %`;
    expect(numberTickLabels([0, 50, 100], 'en', percent)).toEqual(['0 %', '50 %', '100 %']);
    expect(numberTickLabels([0, 0.05, 0.1, 0.15], 'ru', percent)).toEqual(['0 %', '0,05 %', '0,1 %', '0,15 %']);
    expect(numberTickLabels([-1e-17, 0.5, 1], 'en')).toEqual(['0', '0.5', '1']);
  });

  it('always give adjacent ticks different labels, over many tiny ranges', () => {
    for (const max of [0.3, 0.7, 1, 1.3, 2.2, 7, 13, 999, 1_001, 12_345, 3e6, 7.7e9]) {
      const step = max / 5;
      const values = Array.from({ length: 6 }, (_, i) => i * step);
      expect(adjacentDiffer(byteTickLabels(values, 'en', perSecond)), `max ${max}`).toBe(true);
      expect(adjacentDiffer(numberTickLabels(values, 'ru')), `max ${max}`).toBe(true);
    }
  });

  it('stop at the most decimals it allows when nothing tells two ticks apart', () => {
    const calls: number[] = [];
    const labels = distinctTickLabels([1, 1], (v, digits) => {
      calls.push(digits);
      return String(v);
    });
    expect(labels).toEqual(['1', '1']);
    expect(calls.at(-1)).toBe(6);
  });
});
