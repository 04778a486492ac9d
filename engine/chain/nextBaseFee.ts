/**
 * EIP-1559's base fee for the block after one with `gasUsed` of `gasLimit` at `baseFee` (elasticity 2,
 * change denominator 8), as Anvil and mainnet compute it.
 *
 * @example nextBaseFee({ baseFee: 8n, gasUsed: 30_000_000n, gasLimit: 30_000_000n }) // 9n
 */
export function nextBaseFee(parent: { baseFee: bigint; gasUsed: bigint; gasLimit: bigint }): bigint {
  const target = parent.gasLimit / 2n
  const { baseFee, gasUsed } = parent
  if (target === 0n || gasUsed === target) return baseFee
  if (gasUsed > target) {
    const delta = (baseFee * (gasUsed - target)) / target / 8n
    return baseFee + (delta > 1n ? delta : 1n)
  }
  return baseFee - (baseFee * (target - gasUsed)) / target / 8n
}
