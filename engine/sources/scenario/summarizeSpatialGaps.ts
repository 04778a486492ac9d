import { relative, type BlockGaps } from './measureSpatialGaps.js'

/** Calibration figures of a run of blocks (see `measureSpatialGaps`). */
export type GapSummary = {
  blocks: number
  /** Pool pairs × blocks: the chances a two-pool arbitrage had. */
  pairBlocks: number
  /** Pair-blocks holding an opportunity that pays its gas floor. */
  profitable: number
  /** profitable / pairBlocks. */
  rate: number
  /** Blocks with at least one such opportunity, over blocks. */
  blockRate: number
  /** Net profit over the shallower pool's start-token depth, over the profitable pair-blocks. */
  profitToDepth: { median: number; mean: number; p90: number; max: number }
}

/**
 * Sums per-block measurements into the two calibration figures: (a) the rate of pool pair × block chances
 * that hold an opportunity profitable after gas, and (b) that opportunity's net profit relative to pool depth
 * (median, the figure compared; mean, p90 and max to show the tail).
 */
export function summarizeSpatialGaps(blocks: readonly BlockGaps[]): GapSummary {
  let pairBlocks = 0
  let withGap = 0
  const ratios: number[] = []
  for (const b of blocks) {
    pairBlocks += b.pairs
    if (b.gaps.length > 0) withGap++
    for (const g of b.gaps) ratios.push(relative(g))
  }
  ratios.sort((x, y) => x - y)
  const at = (p: number) => (ratios.length === 0 ? 0 : ratios[Math.min(ratios.length - 1, Math.floor(p * ratios.length))]!)
  return {
    blocks: blocks.length,
    pairBlocks,
    profitable: ratios.length,
    rate: pairBlocks === 0 ? 0 : ratios.length / pairBlocks,
    blockRate: blocks.length === 0 ? 0 : withGap / blocks.length,
    profitToDepth: {
      median: at(0.5),
      mean: ratios.length === 0 ? 0 : ratios.reduce((s, r) => s + r, 0) / ratios.length,
      p90: at(0.9),
      max: ratios.at(-1) ?? 0,
    },
  }
}
