/**
 * The timestamp of the next block: the parent's plus `blockTime` seconds when one is set (a devnet that
 * steps like mainnet's 12-second slots), else the wall clock, and always after the parent.
 */
export function nextBlockTimestamp(parentTimestamp: bigint, blockTime: number | undefined, now: number = Date.now()): bigint {
  if (blockTime !== undefined && blockTime > 0) return parentTimestamp + BigInt(blockTime)
  const wall = BigInt(Math.floor(now / 1000))
  return wall > parentTimestamp ? wall : parentTimestamp + 1n
}
