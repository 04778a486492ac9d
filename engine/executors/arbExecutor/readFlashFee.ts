import { decodeEventLog, toEventSelector, type Hex } from 'viem'
import { aavePoolAbi } from '../../abi/aavePool.js'

const FLASH_LOAN = toEventSelector('FlashLoan(address,address,address,uint256,uint8,uint256,uint16)')

/** The flash premium a receipt paid: the sum of Aave V3 `FlashLoan` events emitted by `aavePool` (0 without a loan). */
export function readFlashFee(logs: readonly { address: string; topics: readonly Hex[]; data: Hex }[], aavePool: string | undefined): bigint {
  if (!aavePool) return 0n
  const pool = aavePool.toLowerCase()
  let fee = 0n
  for (const log of logs) {
    if (log.address.toLowerCase() !== pool || log.topics[0] !== FLASH_LOAN) continue
    const ev = decodeEventLog({ abi: aavePoolAbi, eventName: 'FlashLoan', data: log.data, topics: log.topics as [Hex, ...Hex[]] })
    fee += ev.args.premium
  }
  return fee
}
