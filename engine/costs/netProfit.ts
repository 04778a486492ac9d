import { convertUp, type Rate } from './price.js'

export type CostInputs = {
  /** Output minus input of the route, in start-token base units (may be negative). */
  grossProfit: bigint
  gasUsed: bigint
  /** Base fee of the block, in wei per gas. */
  baseFee: bigint
  /** Tip per gas paid to the block builder, in wei. */
  priorityFee: bigint
  /** Aave flash-loan premium paid, in start-token base units (0 in capital mode). */
  flashFee: bigint
  /** Wei → start-token base units at the block's pool price (ONE when the start token is WETH). */
  ethToStart: Rate
}

export type CostBreakdown = {
  grossProfit: bigint
  /** gasUsed × baseFee, in start-token units. */
  gasCost: bigint
  /** gasUsed × priorityFee, in start-token units. */
  priorityCost: bigint
  flashFee: bigint
  netProfit: bigint
  /** What the whole transaction costs in wei: gasUsed × (baseFee + priorityFee). */
  gasCostWei: bigint
}

/**
 * Net profit = output − input − gas × effective gas price − flash premium − priority fee, all in base units
 * of the start token; the gas part is converted from wei at the block's price, rounding costs up.
 *
 * @example
 * netProfit({ grossProfit: 10n ** 16n, gasUsed: 150_000n, baseFee: 20n * 10n ** 9n, priorityFee: 10n ** 9n, flashFee: 0n, ethToStart: ONE })
 */
export function netProfit(c: CostInputs): CostBreakdown {
  const baseWei = c.gasUsed * c.baseFee
  const tipWei = c.gasUsed * c.priorityFee
  const gasCost = convertUp(baseWei, c.ethToStart)
  const priorityCost = convertUp(tipWei, c.ethToStart)
  return {
    grossProfit: c.grossProfit,
    gasCost,
    priorityCost,
    flashFee: c.flashFee,
    netProfit: c.grossProfit - gasCost - priorityCost - c.flashFee,
    gasCostWei: baseWei + tipWei,
  }
}
