import type { Address, Hex } from 'viem'
import type { HistoryTimeline, PoolSeries } from '../../../datasets/historyTimeline.js'
import { createRpcClient, type RpcRequest } from '../../chain/createRpcClient.js'
import { startAnvil, type Anvil, type AnvilOptions } from '../../chain/startAnvil.js'
import { createTxSender } from '../../devnet/createTxSender.js'
import { deployDevnet, DEVNET_DEPLOYER } from '../../devnet/deployDevnet.js'
import type { Manifest, ManifestPool } from '../../devnet/manifest.js'
import { DevnetError } from '../../errors/DevnetError.js'
import { chooseDeployerNonce } from './chooseDeployerNonce.js'
import { findBalanceSlot } from './findBalanceSlot.js'
import {
  addressMappingSlot,
  encodeUint,
  encodeV2Reserves,
  encodeV3Slot0,
  slotHex,
  V2_RESERVES_SLOT,
  V3_LIQUIDITY_SLOT,
  V3_SLOT0_SLOT,
} from './poolStorage.js'
import { prepareV3StandIn } from './prepareV3StandIn.js'

/** Blocks the devnet deployment may use below the window (deployDevnet mines about 190). */
const DEPLOY_BLOCKS = 512n

export type ReenactOptions = {
  timeline: HistoryTimeline
  /** Devnet seed (prices/depths of the pools the history does not drive). Default 1. */
  seed?: number
  /** Extra Anvil options (port, extraArgs…); block number, timestamp and mining are set here. */
  anvil?: Pick<AnvilOptions, 'port' | 'extraArgs' | 'startTimeoutMs'>
  onProgress?: (done: number, total: number) => void
}

/** A built re-enactment: the running chain, its manifest (the stand-in pools only) and what it cost. */
export type Reenactment = {
  anvil: Anvil
  manifest: Manifest
  /** For each series of the timeline, the devnet pool that carries it. */
  standIns: { series: PoolSeries; pool: ManifestPool }[]
  stats: { deployMs: number; mineMs: number; blocks: number; storageWrites: number }
}

/**
 * Re-enacts a history timeline on a fresh devnet: deploys the devnet (tokens ordered as in the history),
 * readies one stand-in pool per series, then mines one block per historical block with the real number,
 * timestamp and base fee, writing each pool's end-of-block state into storage right after its block is
 * mined (Anvil attributes writes made after block N to N's state, so `eth_call` at N and a fork at N see
 * them). V2 pairs get reserves and matching token balances; V3 pools get slot0 (price, tick) and active
 * liquidity. On any failure the Anvil is stopped, so no half-built chain stays up.
 *
 * @example
 * const { anvil, manifest } = await reenactHistory({ timeline })
 */
export async function reenactHistory(options: ReenactOptions): Promise<Reenactment> {
  const { timeline } = options
  const first = timeline.blocks[0]
  if (!first) throw new DevnetError('The timeline has no blocks', { step: 'reenact' })
  const genesis = timeline.from - 1n - DEPLOY_BLOCKS
  if (genesis < 0n) {
    throw new DevnetError(`Cannot re-enact from block ${timeline.from}: the devnet needs ${DEPLOY_BLOCKS} blocks below the window`, { step: 'reenact' })
  }
  const t0 = Date.now()
  const anvil = await startAnvil({
    ...options.anvil,
    // Anvil keeps a bounded number of past states (in memory, then on disk); the window needs all of them
    // for eth_call and forks at any of its blocks.
    extraArgs: ['--number', String(genesis), '--max-persisted-states', String(timeline.blocks.length + Number(DEPLOY_BLOCKS) + 10_000), ...(options.anvil?.extraArgs ?? [])],
    timestamp: first.timestamp - 3_600n,
    baseFee: first.baseFee,
  })
  try {
    const rpc = createRpcClient(anvil.rpcUrl, { retries: 0, timeoutMs: 120_000 })
    const nonce = chooseDeployerNonce(DEVNET_DEPLOYER, timeline.pools.map((s) => [s.identity.token0, s.identity.token1]))
    await rpc.request('anvil_setNonce', [DEVNET_DEPLOYER, `0x${nonce.toString(16)}`])
    const devnet = await deployDevnet(anvil, { seed: options.seed ?? 1 })

    const standIns = timeline.pools.map((series) => ({ series, pool: findStandIn(devnet, series) }))
    const tx = await createTxSender(anvil, DEVNET_DEPLOYER)
    const weth = devnet.tokens.WETH?.address
    if (weth) await rpc.request('anvil_setBalance', [weth, `0x${(10n ** 36n).toString(16)}`]) // backs WETH written into pairs

    // Per pool: how to turn a state into storage writes.
    type Writer = (state: unknown, timestamp: bigint) => RpcRequest[]
    const writers: Writer[] = []
    for (const { series, pool } of standIns) {
      const set = (slot: Hex, value: Hex, at: Address = pool.address): RpcRequest => ({ method: 'anvil_setStorageAt', params: [at, slot, value] })
      if (series.kind === 'v2') {
        const [slot0, slot1] = await Promise.all([findBalanceSlot(rpc, pool.token0, pool.address), findBalanceSlot(rpc, pool.token1, pool.address)])
        const bal0 = addressMappingSlot(pool.address, slot0)
        const bal1 = addressMappingSlot(pool.address, slot1)
        writers.push((s, timestamp) => {
          const { reserve0, reserve1 } = s as typeof series.initial
          return [
            set(slotHex(V2_RESERVES_SLOT), encodeV2Reserves(reserve0, reserve1, timestamp)),
            set(bal0, encodeUint(reserve0), pool.token0),
            set(bal1, encodeUint(reserve1), pool.token1),
          ]
        })
      } else {
        let cap = series.initial.liquidity
        for (const s of series.updates.values()) if (s.liquidity > cap) cap = s.liquidity
        cap = (cap * 3n) / 2n + 1n
        const { slot0 } = await prepareV3StandIn({ rpc, tx, manifest: devnet, pool, initial: series.initial, liquidityCap: cap })
        writers.push((s) => {
          const { sqrtPriceX96, tick, liquidity } = s as typeof series.initial
          return [set(slotHex(V3_SLOT0_SLOT), encodeV3Slot0(slot0, sqrtPriceX96, tick)), set(slotHex(V3_LIQUIDITY_SLOT), encodeUint(liquidity))]
        })
      }
    }
    await tx.flush()

    const head = BigInt(await rpc.request<Hex>('eth_blockNumber'))
    if (head > timeline.from - 1n) {
      throw new DevnetError(`The devnet deployment used blocks up to ${head}, past the window start ${timeline.from}`, { step: 'reenact' })
    }
    if (head < timeline.from - 1n) await rpc.request('anvil_mine', [`0x${(timeline.from - 1n - head).toString(16)}`, '0x1'])
    const deployMs = Date.now() - t0

    const t1 = Date.now()
    let storageWrites = 0
    const nextBaseFee = (fee: bigint): RpcRequest => ({ method: 'anvil_setNextBlockBaseFeePerGas', params: [`0x${fee.toString(16)}`] })
    // State at the end of block from−1, and the base fee of block `from`.
    const startWrites = standIns.flatMap(({ series }, i) => writers[i]!(series.initial, first.timestamp))
    storageWrites += startWrites.length
    await rpc.batch([...startWrites, nextBaseFee(first.baseFee)])
    const blocks = timeline.blocks
    const written: unknown[] = standIns.map(({ series }) => series.initial)
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i]!
      await rpc.request('evm_mine', [{ timestamp: Number(block.timestamp), blocks: 1 }])
      // Requests in one batch may run in any order, so a batch never writes the same slot twice.
      const writes: RpcRequest[] = []
      standIns.forEach(({ series }, j) => {
        const state = series.updates.get(block.number)
        if (state && !sameState(state, written[j])) {
          writes.push(...writers[j]!(state, block.timestamp))
          written[j] = state
        }
      })
      storageWrites += writes.length
      const next = blocks[i + 1]
      if (next) writes.push(nextBaseFee(next.baseFee))
      if (writes.length > 0) await rpc.batch(writes)
      if (options.onProgress && (i % 250 === 0 || i === blocks.length - 1)) options.onProgress(i + 1, blocks.length)
    }
    const last = BigInt(await rpc.request<Hex>('eth_blockNumber'))
    if (last !== timeline.to) throw new DevnetError(`Re-enactment ended at block ${last}, expected ${timeline.to}`, { step: 'reenact' })

    const manifest: Manifest = {
      ...devnet,
      pools: standIns.map((s) => s.pool),
      note:
        `Re-enacted history, blocks ${timeline.from}–${timeline.to}, on the AlphaPulse devnet (seed ${options.seed ?? 1}). Stand-ins: ` +
        standIns
          .map(({ series, pool }) => `${pool.address} = ${series.identity.venue} ${series.identity.token0}/${series.identity.token1} ${series.identity.fee}${series.identity.sourceAddress ? ` (${series.identity.sourceAddress})` : ''}`)
          .join('; '),
    }
    return { anvil, manifest, standIns, stats: { deployMs, mineMs: Date.now() - t1, blocks: blocks.length, storageWrites } }
  } catch (e) {
    await anvil.stop()
    throw e
  }
}

function sameState(a: object, b: unknown): boolean {
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown> | undefined
  return y !== undefined && Object.keys(x).every((k) => x[k] === y[k])
}

function findStandIn(devnet: Manifest, series: PoolSeries): ManifestPool {
  const { venue, fee, token0, token1 } = series.identity
  const a0 = devnet.tokens[token0]?.address
  const a1 = devnet.tokens[token1]?.address
  const pool = devnet.pools.find((p) => p.venue === venue && p.fee === fee && p.token0 === a0 && p.token1 === a1)
  if (!pool) {
    throw new DevnetError(`The devnet has no ${venue} ${token0}/${token1} pool with fee ${fee} (token order as in the history) to stand in for ${series.origin}`, {
      step: 'stand-in',
      details: `devnet pools: ${devnet.pools.map((p) => `${p.venue}@${p.fee}`).join(', ')}`,
    })
  }
  return pool
}
