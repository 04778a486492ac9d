import { toEventSelector } from 'viem'
import type { ReceiptLogs } from './readMarket.js'
import { scenarioActors } from './scenarioActors.js'
import type { LpBook, ScenarioPool } from './scenarioTypes.js'

const TRANSFER = toEventSelector('Transfer(address,address,uint256)')
const INCREASE_LIQUIDITY = toEventSelector('IncreaseLiquidity(uint256,uint128,uint256,uint256)')
const ZERO_TOPIC = `0x${'0'.repeat(64)}`

/**
 * Books what the LP's add transactions of the previous block minted: V2 LP tokens (the pair's Transfer from 0x0
 * to the LP) and V3 positions (the manager's IncreaseLiquidity). `receipts` are index-aligned with `pending`;
 * a reverted add books nothing.
 */
export function recordLiquidity(lp: LpBook, pending: { pool: number; kind: 'v2' | 'v3' }[], receipts: readonly ReceiptLogs[], pools: readonly ScenarioPool[]): void {
  const lpTopic = `0x${'0'.repeat(24)}${scenarioActors.lp.slice(2)}`
  pending.forEach((p, i) => {
    const r = receipts[i]!
    if (r.status !== '0x1') return
    if (p.kind === 'v2') {
      const log = r.logs.find(
        (l) => l.address.toLowerCase() === pools[p.pool]!.address && l.topics[0] === TRANSFER && l.topics[1] === ZERO_TOPIC && l.topics[2] === lpTopic,
      )
      if (log) lp.v2.set(p.pool, (lp.v2.get(p.pool) ?? 0n) + BigInt(log.data))
    } else {
      const log = r.logs.find((l) => l.topics[0] === INCREASE_LIQUIDITY)
      if (log) {
        const positions = lp.v3.get(p.pool) ?? []
        positions.push({ tokenId: BigInt(log.topics[1]!), liquidity: BigInt(log.data.slice(0, 66)) })
        lp.v3.set(p.pool, positions)
      }
    }
  })
}
