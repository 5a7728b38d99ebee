// Where a marker's label goes on a chart's canvas (device pixels): just inside the plot's top edge,
// right of its line, or left of it when the right side has no room; never left of the plot, where
// the value axis writes its tick labels, and never past its right edge.

export interface MarkerLabelInput {
  lineX: number;
  textWidth: number;
  plotLeft: number;
  plotRight: number;
  plotTop: number;
  /** Device pixels per CSS pixel. */
  px: number;
}

export interface MarkerLabelBox {
  left: number;
  top: number;
  width: number;
  height: number;
  textX: number;
  textY: number;
}

/** Gap between the line and the label, and the label's padding, in CSS px. */
const GAP = 3;
const PAD = 2;
/** Height of an 11 px label's line, in CSS px. */
const LINE = 13;

export function markerLabelBox({ lineX, textWidth, plotLeft, plotRight, plotTop, px }: MarkerLabelInput): MarkerLabelBox {
  const width = textWidth + 2 * PAD * px;
  const height = LINE * px;
  const right = lineX + GAP * px;
  const left = lineX - GAP * px - width;
  let x = right + width <= plotRight ? right : left;
  // Too long for either side: as far left as the plot allows, still inside it.
  x = Math.max(plotLeft, Math.min(x, plotRight - width));
  const top = plotTop + 2 * px;
  return { left: x, top, width, height, textX: x + PAD * px, textY: top + 1 * px };
}
