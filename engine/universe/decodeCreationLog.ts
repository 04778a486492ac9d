import { decodeEventLog, zeroAddress } from 'viem'
import type { Address } from '../market/types.js'
import {
  INITIALIZE,
  initializeEvent,
  PAIR_CREATED,
  pairCreatedEvent,
  POOL_CREATED,
  POOL_REGISTERED,
  poolCreatedEvent,
  poolRegisteredEvent,
  V4_DYNAMIC_FEE_FLAG,
} from './creationEvents.js'
import type { RpcLog } from './fetchLogs.js'
import type { DiscoveredPool, DiscoverySource } from './types.js'

const lower = (a: string) => a.toLowerCase() as Address

/**
 * The pool a creation log announces, or null when the log is not a creation event of its source's kind
 * (another event with the same emitter). Balancer pools come out without tokens: `PoolRegistered` does not
 * carry them, the Vault's `getPoolTokens` does (read with the balances).
 *
 * @example
 * const pool = decodeCreationLog(log, { venue: 'uniswap-v2', kind: 'v2', emitter: factory }, 30)
 */
export function decodeCreationLog(log: RpcLog, source: DiscoverySource, v2FeeBps: number): DiscoveredPool | null {
  const topic0 = log.topics[0]
  const base = {
    venue: source.venue,
    kind: source.kind,
    emitter: source.emitter,
    createdBlock: BigInt(log.blockNumber),
    createdTx: log.transactionHash.toLowerCase(),
    balances: null,
    liquidityBlock: null,
    excludedReason: null,
  }
  if (source.kind === 'v2' && topic0 === PAIR_CREATED) {
    const { args } = decodeEventLog({ abi: [pairCreatedEvent], data: log.data, topics: log.topics as never })
    const pair = lower(args.pair)
    return { ...base, poolId: pair, address: pair, tokens: [lower(args.token0), lower(args.token1)], fee: v2FeeBps * 100, tickSpacing: null, hooks: null, poolType: null }
  }
  if (source.kind === 'v3' && topic0 === POOL_CREATED) {
    const { args } = decodeEventLog({ abi: [poolCreatedEvent], data: log.data, topics: log.topics as never })
    const pool = lower(args.pool)
    return { ...base, poolId: pool, address: pool, tokens: [lower(args.token0), lower(args.token1)], fee: args.fee, tickSpacing: args.tickSpacing, hooks: null, poolType: null }
  }
  if (source.kind === 'v4' && topic0 === INITIALIZE) {
    const { args } = decodeEventLog({ abi: [initializeEvent], data: log.data, topics: log.topics as never })
    const hooks = lower(args.hooks)
    const dynamic = args.fee === V4_DYNAMIC_FEE_FLAG
    return {
      ...base,
      poolId: args.id.toLowerCase(),
      address: source.emitter,
      tokens: [lower(args.currency0), lower(args.currency1)],
      fee: dynamic ? null : args.fee,
      tickSpacing: args.tickSpacing,
      hooks,
      poolType: dynamic ? 'dynamic-fee' : null,
      // The executor settles ERC-20s: pools of native ether (currency0 = 0) are listed, not traded.
      excludedReason: hooks !== zeroAddress ? 'hooks' : lower(args.currency0) === zeroAddress ? 'native-currency' : null,
    }
  }
  if (source.kind === 'balancer' && topic0 === POOL_REGISTERED) {
    const { args } = decodeEventLog({ abi: [poolRegisteredEvent], data: log.data, topics: log.topics as never })
    return {
      ...base,
      poolId: args.poolId.toLowerCase(),
      address: lower(args.poolAddress),
      tokens: [],
      fee: null,
      tickSpacing: null,
      hooks: null,
      poolType: `specialization-${args.specialization}`,
    }
  }
  return null
}
