import { decodeEventLog, toEventSelector, type Hex } from 'viem'
import { arbExecutorAbi } from '../../abi/arbExecutor.js'

const ARBITRAGE = toEventSelector('Arbitrage(address,uint256,uint256,bool)')
const BUILDER_PAID = toEventSelector('BuilderPaid(address,uint256)')

/**
 * What one ArbExecutor transaction kept and paid, from its own events in the receipt: `Arbitrage.profit` (after the
 * premium and the payment) and `BuilderPaid.amount`. Both 0 for a reverted transaction (no logs). Used where the
 * executor's balance change mixes several of our transactions in one block.
 */
export function readArbitrageLogs(logs: readonly { address: string; topics: readonly Hex[]; data: Hex }[], executor: string): { profit: bigint; payment: bigint } {
  let profit = 0n
  let payment = 0n
  for (const log of logs) {
    if (log.address.toLowerCase() !== executor.toLowerCase()) continue
    if (log.topics[0] === ARBITRAGE) profit += decodeEventLog({ abi: arbExecutorAbi, eventName: 'Arbitrage', data: log.data, topics: log.topics as [Hex, ...Hex[]] }).args.profit
    else if (log.topics[0] === BUILDER_PAID) payment += decodeEventLog({ abi: arbExecutorAbi, eventName: 'BuilderPaid', data: log.data, topics: log.topics as [Hex, ...Hex[]] }).args.amount
  }
  return { profit, payment }
}
