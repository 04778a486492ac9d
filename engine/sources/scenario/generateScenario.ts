import type { Hex } from 'viem'
import { createRpcClient, type RpcClient } from '../../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../../chain/startAnvil.js'
import { devnetTokenSymbols, type DevnetToken } from '../../devnet/devnetPlan.js'
import type { Manifest } from '../../devnet/manifest.js'
import type { HistoryBlock } from '../types.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { ScenarioError } from '../../errors/ScenarioError.js'
import { createBlockSender, type BlockSender } from './createBlockSender.js'
import { deployDevnetDeterministic } from './deployDevnetDeterministic.js'
import { encodeAction } from './encodeAction.js'
import { nextBaseFee } from '../../chain/nextBaseFee.js'
import { planBlock, type PlannedAction } from './planBlock.js'
import { MIN_RIVAL_TIP } from './rivalBid.js'
import { readMarket, type LatestHeader } from './readMarket.js'
import { recordLiquidity } from './recordLiquidity.js'
import { scenarioActors } from './scenarioActors.js'
import { scenarioAnvilOptions } from './scenarioAnvilOptions.js'
import { scenarioNames, scenarioProfiles, type ScenarioName } from './scenarioProfiles.js'
import type { LpBook, PlantedTrade, PlantRequest, ReferencePrices, ScenarioPool } from './scenarioTypes.js'
import { scenarioStreams } from './scenarioStreams.js'
import { setupActors } from './setupActors.js'
import { toScenarioPools } from './toScenarioPools.js'
import type { PricePath } from './simulatePricePath.js'

/** Bump when a change to the generator changes the chain it builds for the same inputs (records check it). */
export const SCENARIO_GENERATOR_VERSION = 6

/** Largest run accepted: every block's state stays in Anvil's memory (about 0.5 MB each). */
export const MAX_SCENARIO_BLOCKS = 20_000

export type GenerateScenarioOptions = {
  /** `calm`, `volatile`, `crash` or `stress`. */
  scenario: string
  /** Blocks to generate after the devnet is deployed, >= 1. */
  blocks: number
  /** Seeds the devnet's prices and depths, the price path and every trade: an integer in [0, 2^32). */
  seed: number
  /**
   * A fresh Anvil (block 0) started with `scenarioAnvilOptions(blocks)`; the caller keeps owning it.
   * When omitted, one is started and returned (stop it, or use `createScenarioSource`).
   */
  anvil?: Anvil
  /** One-sided trades to plant for backtest tests. */
  plant?: PlantRequest[]
  /** Block gas limit during the scenario. Default 3,000,000 (up to about 15 transactions): blocks run about 20–60% full. */
  gasLimit?: bigint
  /** Base fee of the first scenario block (wei). Default: the profile's `referenceBaseFee`. */
  initialBaseFee?: bigint
  /** Called after each mined block. */
  onProgress?: (done: number, total: number) => void
  /**
   * Awaited after each scenario block is mined, before the next is built: a consumer that replays blocks as
   * they come (a streaming source) holds generation back, so the node only needs recent history.
   */
  onBlock?: (block: HistoryBlock, context: { manifest: Manifest; index: number }) => Promise<void>
}

export type GeneratedScenario = {
  anvil: Anvil
  manifest: Manifest
  scenario: ScenarioName
  seed: number
  blocks: number
  /** First scenario block (after the deployment and the actors' funding block). */
  fromBlock: bigint
  head: { number: bigint; hash: Hex }
  /** Block gas limit the scenario ran with. */
  gasLimit: bigint
  /** The plants as requested (for the record), and as they landed. */
  plantRequests: PlantRequest[]
  planted: PlantedTrade[]
  /** The reference price path the pools were pulled towards. */
  pricePath: PricePath
  /**
   * Transactions mined; transactions Anvil dropped at the tail of a full block (deterministic: the same
   * inputs drop the same ones); rivals' backruns mined and the highest bid (wei per gas); gas used;
   * liquidity adds and removals mined; blocks over their gas limit; base fee range over the scenario.
   */
  stats: {
    transactions: number
    droppedTransactions: number
    rivalBackruns: number
    maxRivalBid: bigint
    gasUsed: bigint
    liquidityEvents: number
    overfullBlocks: number
    minBaseFee: bigint
    maxBaseFee: bigint
  }
}

export const DEFAULT_SCENARIO_GAS_LIMIT = 3_000_000n

/**
 * Builds a market scenario on a devnet, block by block: deploys the devnet (seeded), funds the actors,
 * then for each block plans trades from the seeded reference price path (`planBlock`: rivals' backruns with
 * their bids at the top, then the ordinary flow), sends them in one batch, and mines them with `evm_mine`
 * (automine off, 12-second timestamps, EIP-1559 base fee from fullness, fee-ordered). Same scenario, seed, plants and gas limit give the same block hashes on the same Anvil version.
 *
 * @example
 * const g = await generateScenario({ scenario: 'volatile', blocks: 2_000, seed: 7 })
 * console.log(`head ${g.head.number} ${g.head.hash}`)
 * await g.anvil.stop()
 */
export async function generateScenario(options: GenerateScenarioOptions): Promise<GeneratedScenario> {
  const { scenario, blocks, seed } = validateScenarioOptions(options)
  validatePlants(options.plant ?? [], blocks)
  const profile = scenarioProfiles[scenario]
  const gasLimit = options.gasLimit ?? DEFAULT_SCENARIO_GAS_LIMIT
  if (gasLimit < 1_000_000n || gasLimit > 30_000_000n) throw new ConfigError('gasLimit', 'a block gas limit from 1,000,000 to 30,000,000', gasLimit)

  const anvil = options.anvil ?? (await startAnvil(scenarioAnvilOptions(blocks)))
  try {
    const rpc = createRpcClient(anvil.rpcUrl, { retries: 0, timeoutMs: 120_000 })
    const startBlock = BigInt(await rpc.request<Hex>('eth_blockNumber'))
    if (startBlock !== 0n) {
      throw new ConfigError('anvil', 'a fresh Anvil at block 0 started with scenarioAnvilOptions(blocks)', `a node at block ${startBlock}`)
    }
    await rpc.request('anvil_setBlockTimestampInterval', [12])
    const manifest = await deployDevnetDeterministic(anvil, seed)
    await rpc.request('evm_setAutomine', [false])
    const sender = await createBlockSender(rpc, [manifest.deployer!, ...Object.values(scenarioActors)])
    const contracts = await setupActors(rpc, sender, manifest)
    const pools = toScenarioPools(manifest)
    // What a replay of the scenario watches: the pools its traders, LPs and rivals act on, which are now every
    // manifest pool (V2, V3, V4 and Balancer). A pool nobody moved would be a gap that never closes: a backtest
    // would take it in every block, the fortune a replay must not print; so only traded pools are watched.
    const traded = new Set(pools.map((p) => `${p.address}:${p.id ?? ''}`))
    const watched: Manifest = { ...manifest, pools: manifest.pools.filter((p) => traded.has(`${p.address.toLowerCase()}:${p.id ?? ''}`)) }
    const plants = resolvePlants(options.plant ?? [], pools)
    const { pricePath, rng, bidRng, referenceBaseFee } = await scenarioStreams(rpc, pools, scenario, seed, blocks)

    await rpc.request('evm_setBlockGasLimit', [`0x${gasLimit.toString(16)}`])
    const initialBaseFee = options.initialBaseFee ?? referenceBaseFee
    await rpc.request('anvil_setNextBlockBaseFeePerGas', [`0x${initialBaseFee.toString(16)}`])

    const lp: LpBook = { v2: new Map(), v3: new Map() }
    const planted: PlantedTrade[] = []
    const stats = { transactions: 0, droppedTransactions: 0, rivalBackruns: 0, maxRivalBid: 0n, gasUsed: 0n, liquidityEvents: 0, overfullBlocks: 0, minBaseFee: 0n, maxBaseFee: 0n }
    // What the previous iteration sent, to check against the block that was mined.
    let sent: { hash: Hex; from: Hex; action: PlannedAction }[] = []
    let pendingLp: { hash: Hex; pool: number; kind: 'v2' | 'v3' }[] = []
    let fromBlock = 0n
    for (let i = 0; i <= blocks; i++) {
      const market = await readMarket(rpc, pools, pendingLp.map((p) => p.hash))
      const { header } = market
      recordLiquidity(lp, pendingLp, market.receipts, pools)
      pendingLp = []
      if (i === 0) fromBlock = header.number + 1n
      else {
        const kept = await checkMinedBlock(rpc, sender, header, sent)
        stats.transactions += kept.length
        stats.droppedTransactions += sent.length - kept.length
        stats.gasUsed += header.gasUsed
        const rivalsMined = kept.filter((t) => t.action.priorityFee !== undefined)
        stats.rivalBackruns += rivalsMined.length
        for (const { hash, action } of rivalsMined) {
          if (action.priorityFee! > stats.maxRivalBid) stats.maxRivalBid = action.priorityFee!
          const backran = planted.find((q) => q.blockNumber === header.number - 1n && q.pool === pools[action.pool]!.address)
          if (backran) backran.rival = { hash, priorityFee: action.priorityFee! }
        }
        if (header.gasUsed > header.gasLimit) stats.overfullBlocks++
        if (i === 1 || header.baseFee < stats.minBaseFee) stats.minBaseFee = header.baseFee
        if (header.baseFee > stats.maxBaseFee) stats.maxBaseFee = header.baseFee
        for (const { hash, action: a } of kept) {
          if (a.type === 'v2-add' || a.type === 'v3-add') pendingLp.push({ hash, pool: a.pool, kind: a.type === 'v2-add' ? 'v2' : 'v3' })
          if (a.type === 'v2-add' || a.type === 'v3-add' || a.type === 'v2-remove' || a.type === 'v3-remove') stats.liquidityEvents++
          if ((a.type === 'v2-swap' || a.type === 'v3-swap' || a.type === 'v4-swap' || a.type === 'balancer-swap') && a.role === 'planter') {
            const pool = pools[a.pool]!
            const request = plants.find((p) => p.block === i - 1 && p.pool === a.pool)!
            planted.push({ blockNumber: header.number, pool: pool.address, venue: pool.venue, sizeBps: request.sizeBps, zeroForOne: a.zeroForOne, amountIn: a.amountIn })
          }
        }
        const missingPlant = plants.find((p) => p.block === i - 1 && !planted.some((q) => q.blockNumber === header.number && q.pool === pools[p.pool]!.address))
        if (missingPlant) {
          throw new ScenarioError(`The trade planted on ${pools[missingPlant.pool]!.address} at scenario block ${i - 1} was not mined`, {
            step: `block ${header.number}`,
          })
        }
        options.onProgress?.(i, blocks)
        await options.onBlock?.({ number: header.number, hash: header.hash, timestamp: header.timestamp, baseFee: header.baseFee }, { manifest: watched, index: i - 1 })
      }
      if (i === blocks) break

      const baseFee = i === 0 ? initialBaseFee : nextBaseFee(header)
      // Demand falls as gas gets dearer (elasticity 0.6 around the reference base fee), which keeps the base fee bounded.
      const demandScale = Math.min(2.5, Math.max(0.02, Math.pow(Number(referenceBaseFee) / Math.max(Number(baseFee), 1), 0.6)))
      const actions = planBlock({
        pools,
        states: market.states,
        reference: referenceAt(pricePath, i),
        profile,
        regime: pricePath.regime[i] as 0 | 1,
        rng,
        gasBudget: gasLimit,
        demandScale,
        plants: plants.filter((p) => p.block === i),
        lp,
        baseFee,
        bidRng,
        rivals: plants.filter((p) => p.block === i - 1 && p.rival !== undefined).map((p) => ({ pool: p.pool, priorityFee: p.rival ? p.rival.priorityFee : null })),
      })
      const txs = actions.map((a) => ({ ...encodeAction(a, pools, contracts), ...(a.priorityFee === undefined ? {} : { priorityFee: a.priorityFee }) }))
      const hashes = await sender.send(txs, baseFee)
      await sender.mine()
      sent = actions.map((action, k) => ({ hash: hashes[k]!, from: txs[k]!.from, action }))
    }
    const head = await rpc.request<{ number: Hex; hash: Hex }>('eth_getBlockByNumber', ['latest', false])
    return {
      anvil,
      manifest: watched,
      scenario,
      seed,
      blocks,
      fromBlock,
      head: { number: BigInt(head.number), hash: head.hash },
      gasLimit,
      plantRequests: options.plant ?? [],
      planted,
      pricePath,
      stats,
    }
  } catch (e) {
    if (!options.anvil) await anvil.stop()
    throw e
  }
}

/** Every token's reference price at scenario block i (TAX's when the path has one). */
export function referenceAt(path: PricePath, i: number): ReferencePrices {
  const reference: ReferencePrices = Object.fromEntries(devnetTokenSymbols.map((t) => [t, path.prices[t][i]!])) as Record<DevnetToken, number>
  if (path.prices.TAX) reference.TAX = path.prices.TAX[i]!
  return reference
}

/**
 * Checks the arguments of `generateScenario` and names the first bad one in a ConfigError.
 */
export function validateScenarioOptions(options: { scenario: unknown; blocks: unknown; seed: unknown }): {
  scenario: ScenarioName
  blocks: number
  seed: number
} {
  const { scenario, blocks, seed } = options
  if (typeof scenario !== 'string' || !(scenarioNames as readonly string[]).includes(scenario)) {
    throw new ConfigError('scenario', `one of ${scenarioNames.join(', ')}`, scenario)
  }
  if (typeof blocks !== 'number' || !Number.isInteger(blocks) || blocks <= 0 || blocks > MAX_SCENARIO_BLOCKS) {
    throw new ConfigError('blocks', `an integer from 1 to ${MAX_SCENARIO_BLOCKS}`, blocks)
  }
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new ConfigError('seed', 'an integer from 0 to 4294967295', seed)
  }
  return { scenario: scenario as ScenarioName, blocks, seed }
}

// Checks what can be checked before anything starts: blocks, sizes, rivals; the pools need the deployment.
function validatePlants(plants: PlantRequest[], blocks: number): void {
  plants.forEach((p, i) => {
    if (!Number.isInteger(p.block) || p.block < 0 || p.block >= blocks) {
      throw new ConfigError(`plant[${i}].block`, `a scenario block index from 0 to ${blocks - 1}`, p.block)
    }
    if (!Number.isInteger(p.sizeBps) || p.sizeBps < 1 || p.sizeBps > 5_000) {
      throw new ConfigError(`plant[${i}].sizeBps`, 'an integer from 1 to 5000 (basis points of the reserve)', p.sizeBps)
    }
    if (p.rival !== undefined && p.rival !== null) {
      if (p.block + 1 >= blocks) throw new ConfigError(`plant[${i}].rival`, `a plant before the last scenario block (${blocks - 1}), so the next block exists`, p.block)
      if (typeof p.rival.priorityFee !== 'bigint' || p.rival.priorityFee < MIN_RIVAL_TIP) {
        throw new ConfigError(`plant[${i}].rival.priorityFee`, `a bid in wei per gas of at least ${MIN_RIVAL_TIP} (2 gwei, above every ordinary tip)`, p.rival.priorityFee)
      }
    }
  })
}

function resolvePlants(plants: PlantRequest[], pools: ScenarioPool[]) {
  return plants.map((p, i) => {
    // V4 pools all live at the PoolManager's address, so a plant names a V2, V3 or Balancer pool.
    const pool = pools.findIndex((q) => q.address === p.pool.toLowerCase() && q.venue !== 'uniswap-v4')
    if (pool < 0) throw new ConfigError(`plant[${i}].pool`, 'the address of a V2, V3 or Balancer pool in the devnet manifest', p.pool)
    if (plants.some((q, j) => j < i && q.block === p.block && q.pool.toLowerCase() === p.pool.toLowerCase())) {
      throw new ConfigError(`plant[${i}]`, 'at most one plant per pool and block', p)
    }
    return { block: p.block, pool, sizeBps: p.sizeBps, zeroForOne: p.zeroForOne ?? true, rival: p.rival }
  })
}

/**
 * Checks that the mined block holds what was sent, in order, except transactions Anvil dropped from its
 * tail (a declared gas limit that no longer fit); those must be gone from the mempool, not left to land in
 * a later block, and their senders' nonces are re-read. Returns what was mined.
 */
async function checkMinedBlock(
  rpc: RpcClient,
  sender: BlockSender,
  header: LatestHeader,
  sent: { hash: Hex; from: Hex; action: PlannedAction }[],
): Promise<{ hash: Hex; from: Hex; action: PlannedAction }[]> {
  const inBlock = new Set(header.transactions)
  const kept = sent.filter((t) => inBlock.has(t.hash))
  if (kept.length !== header.transactions.length || kept.some((t, k) => header.transactions[k] !== t.hash)) {
    throw new ScenarioError(`Block ${header.number} does not hold the transactions sent, in order`, {
      step: `block ${header.number}`,
      details: `sent ${sent.length}, the block holds ${header.transactions.length}. The history would not be reproducible.`,
    })
  }
  if (kept.length < sent.length) {
    const pool = await rpc.request<{ pending: Hex; queued: Hex }>('txpool_status')
    if (BigInt(pool.pending) + BigInt(pool.queued) > 0n) {
      throw new ScenarioError(`Block ${header.number} left ${sent.length - kept.length} transactions in the mempool`, {
        step: `block ${header.number}`,
        details: 'they would land in a later block than planned, so the history would not be reproducible',
      })
    }
    await sender.resync([...new Set(sent.filter((t) => !inBlock.has(t.hash)).map((t) => t.from))])
  }
  return kept
}
