import { decodeEventLog, toEventSelector, type Hex } from 'viem'
import { aavePoolAbi } from '../../abi/aavePool.js'

const FLASH_LOAN = toEventSelector('FlashLoan(address,address,address,uint256,uint8,uint256,uint16)')

/** Balancer V2 Vault: FlashLoan(recipient indexed, token indexed, amount, feeAmount). */
const BALANCER_FLASH_LOAN = toEventSelector('FlashLoan(address,address,uint256,uint256)')

/**
 * The flash fee a receipt paid: the sum of Aave V3 `FlashLoan` premiums emitted by `aavePool` and of Balancer V2
 * Vault `FlashLoan` fees (0 without a loan; V4 flash accounting charges nothing and emits nothing).
 */
export function readFlashFee(logs: readonly { address: string; topics: readonly Hex[]; data: Hex }[], aavePool: string | undefined): bigint {
  const pool = aavePool?.toLowerCase()
  let fee = 0n
  for (const log of logs) {
    if (log.topics[0] === BALANCER_FLASH_LOAN && log.topics.length === 3 && log.data.length === 2 + 128) {
      fee += BigInt(`0x${log.data.slice(66)}`)
      continue
    }
    if (!pool || log.address.toLowerCase() !== pool || log.topics[0] !== FLASH_LOAN) continue
    const ev = decodeEventLog({ abi: aavePoolAbi, eventName: 'FlashLoan', data: log.data, topics: log.topics as [Hex, ...Hex[]] })
    fee += ev.args.premium
  }
  return fee
}
