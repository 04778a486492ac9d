/**
 * Gas limit of a trade from the gas its simulation used: +25% and 30,000.
 *
 * Why this headroom: the simulated figure is net of refunds, which EIP-3529 credits only after execution (up to a
 * fifth of the gas used), so the limit must cover the gross; the state the trade lands on may differ from the
 * simulated one (a V3 swap crossing one more initialized tick costs ~20-40k; a slot or account that became cold
 * costs 2,100-2,600 each). A limit too tight makes a trade that would have profited run out of gas; one too
 * loose costs nothing (unused gas is not charged) but counts against the block's gas for a builder.
 */
export function gasLimit(simulatedGas: bigint): bigint {
  return simulatedGas + simulatedGas / 4n + 30_000n
}
