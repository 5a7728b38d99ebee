import { describe, expect, it } from 'vitest';
import type { StatsSeries } from '../../../shared/stats';
import { statsHistory, statsSeries } from '../../testing/fixtures';
import { seconds, stacked } from './chartData';

/** A container whose memory is ten times its CPU, so a test can tell which measure was stacked. */
const series = (name: string, cpu: (number | null)[]) => statsSeries(name, cpu, { mem: cpu.map((v) => (v === null ? null : v * 10)) });
const history = (list: StatsSeries[], times = [0, 5_000, 10_000]) => statsHistory({ series: list, times });

describe('stacked', () => {
  it('gives running sums with the top of the stack first', () => {
    const sums = stacked(history([series('a', [1, 2, 3]), series('b', [4, 5, 6]), series('c', [0.5, 0, 1])]), 'cpu');
    expect(sums.map((s) => [...s])).toEqual([
      [5.5, 7, 10],
      [5, 7, 9],
      [1, 2, 3],
    ]);
  });

  it('puts each band exactly on the ones below it, so every band is its container', () => {
    const list = Array.from({ length: 50 }, (_, n) =>
      series(
        `c${n}`,
        Array.from({ length: 2_016 }, (_, i) => ((i * 7 + n * 13) % 97) / 3),
      ),
    );
    const sums = stacked(
      history(
        list,
        Array.from({ length: 2_016 }, (_, i) => i * 60_000),
      ),
      'mem',
    );
    expect(sums).toHaveLength(50);
    const bottomUp = [...sums].reverse();
    for (let n = 0; n < 50; n += 1) {
      for (let i = 0; i < 2_016; i += 1) {
        const below = n === 0 ? 0 : bottomUp[n - 1]![i]!;
        expect(bottomUp[n]![i]! - below).toBeCloseTo(list[n]!.mem[i]!, 9);
      }
    }
  });

  it('counts a missing point as zero and reads the measure asked for', () => {
    const sums = stacked(history([series('a', [1, null, 3]), series('b', [null, 5, null])]), 'mem');
    expect(sums.map((s) => [...s])).toEqual([
      [10, 50, 30],
      [10, 0, 30],
    ]);
  });

  it('has no bands without series', () => {
    expect(stacked(history([]), 'cpu')).toEqual([]);
  });
});

describe('seconds', () => {
  it("turns the history's milliseconds into uPlot's seconds", () => {
    expect([...seconds([0, 1_500, 60_000])]).toEqual([0, 1.5, 60]);
  });
});
