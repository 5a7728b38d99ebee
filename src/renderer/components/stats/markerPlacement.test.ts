import { describe, expect, it } from 'vitest';
import { markerLabelBox } from './markerPlacement';

const plot = { plotLeft: 70, plotRight: 470, plotTop: 10, px: 1 };

describe("a marker's label", () => {
  it('sits right of its line, inside the top of the plot', () => {
    const box = markerLabelBox({ ...plot, lineX: 200, textWidth: 40 });
    expect(box.left).toBe(203);
    expect(box.top).toBeGreaterThan(plot.plotTop);
  });

  it('never starts left of the plot, where the value axis writes its top tick label', () => {
    // A long Russian word on a marker near the plot's left edge.
    const box = markerLabelBox({ ...plot, lineX: 72, textWidth: 50 });
    expect(box.left).toBeGreaterThanOrEqual(plot.plotLeft);
  });

  it('flips left of its line near the right edge, and never runs past it', () => {
    const box = markerLabelBox({ ...plot, lineX: 460, textWidth: 50 });
    expect(box.left + box.width).toBeLessThanOrEqual(460);
    expect(box.left).toBeGreaterThanOrEqual(plot.plotLeft);
  });

  it('keeps inside a plot narrower than itself on the left', () => {
    const box = markerLabelBox({ ...plot, plotRight: 100, lineX: 90, textWidth: 80 });
    expect(box.left).toBe(plot.plotLeft);
  });

  it('scales with the device pixel ratio', () => {
    const one = markerLabelBox({ ...plot, lineX: 200, textWidth: 40 });
    const two = markerLabelBox({ plotLeft: 140, plotRight: 940, plotTop: 20, px: 2, lineX: 400, textWidth: 80 });
    expect(two.height).toBe(one.height * 2);
    expect(two.left).toBe(one.left * 2);
  });
});
