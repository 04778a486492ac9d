import { describe, expect, it } from 'vitest'
import type { Address, Hex } from 'viem'
import { effectiveTip, orderPublicTxs } from './orderPublicTxs.js'
import type { PublicTx } from './readPublicMempool.js'

const GWEI = 1_000_000_000n
const tx = (from: string, nonce: number, tip: bigint, maxFee = 100n * GWEI): PublicTx => ({
  hash: `0x${from}${nonce}`.padEnd(66, '0') as Hex,
  raw: '0x',
  from: `0x${from.padStart(40, '0')}` as Address,
  nonce: BigInt(nonce),
  maxFeePerGas: maxFee,
  maxPriorityFeePerGas: tip,
})

describe('orderPublicTxs', () => {
  it('takes the best-paying next transaction of any sender, each sender in nonce order', () => {
    const a0 = tx('a', 0, 1n * GWEI)
    const a1 = tx('a', 1, 9n * GWEI)
    const b5 = tx('b', 5, 3n * GWEI)
    const c2 = tx('c', 2, 2n * GWEI)
    expect(orderPublicTxs([a1, c2, b5, a0], 10n * GWEI)).toEqual([b5, c2, a0, a1])
  })

  it('counts the tip a transaction can pay over the base fee, not its cap', () => {
    const capped = tx('a', 0, 50n * GWEI, 12n * GWEI) // pays 2 gwei at a 10 gwei base fee
    const modest = tx('b', 0, 3n * GWEI)
    expect(effectiveTip(capped, 10n * GWEI)).toBe(2n * GWEI)
    expect(orderPublicTxs([capped, modest], 10n * GWEI)).toEqual([modest, capped])
  })
})
