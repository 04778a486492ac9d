/** A transaction's fee fields as a node returns them (hex quantities). */
export type FeeFields = { type?: string; gasPrice?: string; maxFeePerGas?: string; maxPriorityFeePerGas?: string }

/** What a transaction pays the block's proposer per gas above the base fee (EIP-1559), never below 0. */
export function effectivePriorityFee(tx: FeeFields, baseFee: bigint): bigint {
  const tip =
    tx.maxFeePerGas !== undefined && tx.maxPriorityFeePerGas !== undefined
      ? min(BigInt(tx.maxPriorityFeePerGas), BigInt(tx.maxFeePerGas) - baseFee)
      : BigInt(tx.gasPrice ?? '0x0') - baseFee
  return tip > 0n ? tip : 0n
}

const min = (a: bigint, b: bigint) => (a < b ? a : b)
