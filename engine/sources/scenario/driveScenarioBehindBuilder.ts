import type { Address, Hex } from 'viem'
import type { BuiltBlock } from '../../builder/buildBlock.js'
import { createBundleClient } from '../../bundles/createBundleClient.js'
import { nextBaseFee } from '../../chain/nextBaseFee.js'
import type { RpcClient } from '../../chain/createRpcClient.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { ScenarioError } from '../../errors/ScenarioError.js'
import { createBlockSender } from './createBlockSender.js'
import { encodeAction } from './encodeAction.js'
import { DEFAULT_SCENARIO_GAS_LIMIT, referenceAt, validateScenarioOptions } from './generateScenario.js'
import { planBlock } from './planBlock.js'
import type { LiveScenarioSetup } from './prepareLiveScenario.js'
import { readMarket } from './readMarket.js'
import { recordLiquidity } from './recordLiquidity.js'
import { scenarioActors } from './scenarioActors.js'
import { scenarioProfiles } from './scenarioProfiles.js'
import { scenarioStreams } from './scenarioStreams.js'
import type { LpBook } from './scenarioTypes.js'
import { rivalSigners } from './setupRivalWallets.js'

/** Most blocks one live scenario drives (the devnet keeps every block's state in memory). */
export const MAX_LIVE_SCENARIO_BLOCKS = 10_000

/** What one driven block held of what the scenario sent, and what others' bundles took. */
export type LiveScenarioBlock = {
  /** Scenario block index (0-based) and the chain's block number. */
  index: number
  number: bigint
  /** Ordinary flow (public mempool): sent for this block, and mined in it (a mined transaction may have reverted). */
  flow: { sent: number; mined: number }
  /** Rival backruns (one bundle each): sent, landed, left out by the builder (outbid, conflicting, reverting). */
  rivals: { sent: number; landed: number; leftOut: number }
  /** Bundles in the block that are not the scenario's (a bot trading against it). */
  otherBundles: number
}

export type LiveScenarioResult = {
  blocks: number
  /** First and last chain block the scenario built. */
  fromBlock: bigint
  toBlock: bigint
  totals: { flowSent: number; flowMined: number; rivalsSent: number; rivalsLanded: number; rivalsLeftOut: number; otherBundles: number }
}

export type DriveScenarioOptions = {
  /** The chain node (HTTP): market reads and the ordinary flow, sent from the unlocked actors. */
  rpc: RpcClient
  /** The local builder in front of it: rivals' bundles go to `url`; `buildBlock` builds each block. */
  builder: { url: string; buildBlock(): Promise<BuiltBlock> }
  /** From `prepareLiveScenario` on the same devnet. */
  setup: LiveScenarioSetup
  /** `calm`, `volatile`, `crash` or `stress`. */
  scenario: string
  /** Seeds the price path, the trades and the bids; also the devnet's seed (its starting prices). */
  seed: number
  /** Blocks to drive, 1 to MAX_LIVE_SCENARIO_BLOCKS. */
  blocks: number
  /** Gas the planner may fill per block (the bundles come on top). Default 3,000,000, as in backtest scenarios. */
  gasBudget?: bigint
  /**
   * Awaited once the block's flow and rival bundles are sent, before it is built: the block time, or a test
   * waiting for a bot to send its own bundles for the same block.
   */
  beforeBuild?: (index: number, target: bigint) => Promise<void>
  onBlock?: (block: LiveScenarioBlock) => void
  /** Stops before building the next block (what was sent for it stays in the mempool and the bundle pool). */
  signal?: AbortSignal
}

/**
 * Drives a scenario on a live devnet behind the local builder, block by block: reads the market after the
 * previous block (whatever else landed in it, a bot's trades too), plans the block with the scenario planner
 * (`planBlock`, same profile, price path and random streams as `generateScenario` for the seed), sends the
 * ordinary flow to the public mempool (tips decreasing in plan order, so the builder keeps that order) and each
 * rival's backrun as its own Flashbots bundle for the next block (`eth_sendBundle` with that rival's own signing
 * key; the transaction signed by that pool's rival wallet, its bid as priority fee), then has the builder build the block. Unlike `generateScenario`, nothing is
 * required to land as planned: bundles that pay more may displace rivals, and flow planned on the rivals' moves
 * may revert. The driver reports what landed and never fails because of other people's transactions; a flow
 * transaction left unmined is dropped from the mempool, so the next block starts clean.
 *
 * @example
 * const setup = await prepareLiveScenario(rpc, manifest)
 * const builder = await startLocalBuilder({ anvil })
 * const result = await driveScenarioBehindBuilder({ rpc, builder, setup, scenario: 'stress', seed: 1, blocks: 50, beforeBuild: () => sleep(2_000) })
 */
export async function driveScenarioBehindBuilder(options: DriveScenarioOptions): Promise<LiveScenarioResult> {
  const { scenario, seed } = validateScenarioOptions({ scenario: options.scenario, blocks: 1, seed: options.seed })
  const blocks = options.blocks
  if (!Number.isInteger(blocks) || blocks < 1 || blocks > MAX_LIVE_SCENARIO_BLOCKS) throw new ConfigError('blocks', `an integer from 1 to ${MAX_LIVE_SCENARIO_BLOCKS}`, blocks)
  const gasBudget = options.gasBudget ?? DEFAULT_SCENARIO_GAS_LIMIT
  if (gasBudget < 1_000_000n || gasBudget > 30_000_000n) throw new ConfigError('gasBudget', 'a gas amount from 1,000,000 to 30,000,000', gasBudget)
  const { rpc, setup } = options
  const { pools, contracts, rivals } = setup
  const profile = scenarioProfiles[scenario]
  const { pricePath, rng, bidRng, referenceBaseFee } = await scenarioStreams(rpc, pools, scenario, seed, blocks)
  const chainId = Number(BigInt(await rpc.request<Hex>('eth_chainId')))
  const actors = Object.values(scenarioActors)
  const sender = await createBlockSender(rpc, actors)
  // Each rival is its own searcher: its own bundle signing key (`rivalSigners`), its own wallet.
  const clients = rivalSigners(pools.length).map((signer) => createBundleClient({ builders: [{ name: 'local', url: options.builder.url }], signer }))

  const lp: LpBook = { v2: new Map(), v3: new Map() }
  let pendingLp: { hash: Hex; pool: number; kind: 'v2' | 'v3' }[] = []
  const totals = { flowSent: 0, flowMined: 0, rivalsSent: 0, rivalsLanded: 0, rivalsLeftOut: 0, otherBundles: 0 }
  let fromBlock = 0n
  let toBlock = 0n
  let driven = 0
  for (let i = 0; i < blocks && !options.signal?.aborted; i++) {
    const market = await readMarket(rpc, pools, pendingLp.map((p) => p.hash))
    recordLiquidity(lp, pendingLp, market.receipts, pools)
    pendingLp = []
    const { header } = market
    const target = header.number + 1n
    const baseFee = nextBaseFee(header)
    // Demand falls as gas gets dearer (elasticity 0.6 around the reference base fee), as in generateScenario.
    const demandScale = Math.min(2.5, Math.max(0.02, Math.pow(Number(referenceBaseFee) / Math.max(Number(baseFee), 1), 0.6)))
    const actions = planBlock({
      pools,
      states: market.states,
      reference: referenceAt(pricePath, i),
      profile,
      regime: pricePath.regime[i] as 0 | 1,
      rng,
      gasBudget,
      demandScale,
      plants: [],
      lp,
      baseFee,
      bidRng,
    })
    const backruns = actions.filter((a) => a.priorityFee !== undefined)
    const flow = actions.filter((a) => a.priorityFee === undefined)

    // Each rival signs its backrun itself and sends it to the builder as a one-transaction bundle for the next block.
    const rivalNonces = await rpc.batch<Hex[]>(backruns.map((a) => ({ method: 'eth_getTransactionCount', params: [rivals[a.pool]!.address, 'latest'] })))
    const rivalBundles = await Promise.all(
      backruns.map(async (a, k) => {
        const wallet = rivals[a.pool]!
        // The wallet sends it, so it is the swap's sender (the Vault checks `funds.sender`) and its recipient.
        const tx = encodeAction(a, pools, contracts, wallet.address.toLowerCase() as Address)
        const raw = await wallet.signTransaction({
          type: 'eip1559',
          chainId,
          nonce: Number(BigInt(rivalNonces[k]!)),
          to: tx.to!,
          data: tx.data,
          gas: tx.gas,
          maxFeePerGas: 2n * baseFee + a.priorityFee!,
          maxPriorityFeePerGas: a.priorityFee!,
        })
        const [sent] = await clients[a.pool]!.sendBundle({ txs: [raw] }, [target])
        return sent!
      }),
    )
    const rivalHashes = new Set(rivalBundles.filter((b) => b.error === undefined).map((b) => b.bundleHash.toLowerCase()))
    const flowHashes = flow.length > 0 ? await sender.send(flow.map((a) => encodeAction(a, pools, contracts)), baseFee) : []

    await options.beforeBuild?.(i, target)
    if (options.signal?.aborted) break
    const built = await options.builder.buildBlock()
    if (built.number !== target) {
      throw new ScenarioError(`The builder built block ${built.number}, the scenario planned block ${target}`, { step: `block ${target}`, details: 'is something else building blocks on this devnet?' })
    }
    if (i === 0) fromBlock = built.number
    toBlock = built.number
    driven++

    const inBlock = new Set(built.transactions.map((h) => h.toLowerCase()))
    const minedFlow = flow.map((a, k) => ({ action: a, hash: flowHashes[k]! })).filter((t) => inBlock.has(t.hash.toLowerCase()))
    const unmined = flowHashes.filter((h) => !inBlock.has(h.toLowerCase()))
    if (unmined.length > 0) await dropUnmined(rpc, unmined, sender, actors)
    for (const { action, hash } of minedFlow) {
      if (action.type === 'v2-add' || action.type === 'v3-add') pendingLp.push({ hash, pool: action.pool, kind: action.type === 'v2-add' ? 'v2' : 'v3' })
    }
    const included = built.bundles.filter((b) => b.status === 'included')
    const report: LiveScenarioBlock = {
      index: i,
      number: built.number,
      flow: { sent: flow.length, mined: minedFlow.length },
      rivals: {
        sent: rivalHashes.size,
        landed: included.filter((b) => rivalHashes.has(b.bundleHash.toLowerCase())).length,
        leftOut: built.bundles.filter((b) => b.status !== 'included' && rivalHashes.has(b.bundleHash.toLowerCase())).length,
      },
      otherBundles: included.filter((b) => !rivalHashes.has(b.bundleHash.toLowerCase())).length,
    }
    totals.flowSent += report.flow.sent
    totals.flowMined += report.flow.mined
    totals.rivalsSent += report.rivals.sent
    totals.rivalsLanded += report.rivals.landed
    totals.rivalsLeftOut += report.rivals.leftOut
    totals.otherBundles += report.otherBundles
    options.onBlock?.(report)
  }
  return { blocks: driven, fromBlock, toBlock, totals }
}

/** Flow the block did not take (the builder put it back in the mempool): dropped, and the actors' nonces re-read. */
async function dropUnmined(rpc: RpcClient, hashes: readonly Hex[], sender: { resync(accounts: readonly Address[]): Promise<void> }, actors: readonly Address[]): Promise<void> {
  await rpc.batch(hashes.map((h) => ({ method: 'anvil_dropTransaction', params: [h] }))).catch(() => undefined)
  await sender.resync(actors)
}

