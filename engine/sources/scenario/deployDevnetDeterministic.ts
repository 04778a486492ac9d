import { numberToHex, type Hex } from 'viem'
import { nextBaseFee } from '../../chain/nextBaseFee.js'
import { ReceiptTimeoutError, waitForReceipt } from '../../chain/waitForReceipt.js'
import type { DevnetRpc } from '../../devnet/createTxSender.js'
import { createTxSender } from '../../devnet/createTxSender.js'
import { deployDevnet } from '../../devnet/deployDevnet.js'
import { addTaxedTokenPools } from '../../devnet/deployScreeningCases.js'
import type { Manifest } from '../../devnet/manifest.js'
import { ScenarioError } from '../../errors/ScenarioError.js'

/** The tip Anvil suggests while every recent transaction paid it (1 gwei). */
const TIP = 10n ** 9n

/**
 * Deploys the devnet so that its blocks are the same on every run: each transaction is mined alone in its
 * own block before the next is sent. `deployDevnet` pipelines its sends on an automining node, and how many
 * of them Anvil's miner packs into one block depends on timing, which would change every later block hash.
 * Costs one receipt poll per transaction (about a second more for the whole devnet).
 *
 * The fees are set here too. Left to Anvil, a transaction offers the pending block's base fee plus the
 * suggested tip, read from Anvil's fee state, which a busy machine sometimes updates only after the previous
 * block's receipt is visible: the same transaction then offers a stale fee, so it signs to another hash and
 * every later block differs (seen once in ~40 regenerations under load). They are computed from the block
 * just mined instead, to the values Anvil offers when it is not late, so the chain is the one Anvil builds
 * when nothing races.
 */
/**
 * …and adds the taxed token's second pair (`addTaxedTokenPools`): the returned manifest lists TAX with its
 * `transferTaxBps` and both TAX/WETH pairs, so the scenario's actors trade them and a replay routes through them.
 */
export async function deployDevnetDeterministic(anvil: DevnetRpc, seed: number): Promise<Manifest> {
  let mined = 0n
  const serial: DevnetRpc = {
    rpcUrl: anvil.rpcUrl,
    batch: anvil.batch,
    async request<T>(method: string, params: readonly unknown[] = []): Promise<T> {
      if (method === 'eth_sendTransaction') params = [await withFees(anvil, params[0] as Record<string, unknown>, mined)]
      const result = await anvil.request<T>(method, params)
      if (method === 'eth_sendTransaction') mined = await waitMined(anvil, result as Hex)
      return result
    },
  }
  const manifest = await deployDevnet(serial, { seed })
  // The scenario's market also trades the taxed token: a second TAX pair, and TAX with its tax in the manifest.
  return addTaxedTokenPools(await createTxSender(serial, manifest.deployer!), manifest, serial)
}

/**
 * `tx` offering the next block's base fee (EIP-1559 from the latest block; the genesis keeps its own) plus
 * TIP, once the latest block is at least `mined` (the block of the previous transaction).
 */
async function withFees(anvil: DevnetRpc, tx: Record<string, unknown>, mined: bigint): Promise<Record<string, unknown>> {
  if (tx.gasPrice !== undefined || tx.maxFeePerGas !== undefined) return tx
  type Header = { number: Hex; baseFeePerGas: Hex; gasUsed: Hex; gasLimit: Hex }
  let latest = await anvil.request<Header>('eth_getBlockByNumber', ['latest', false])
  for (let attempt = 0; BigInt(latest.number) < mined; attempt++) {
    if (attempt >= 1_000) throw new ScenarioError(`The node's latest block stays below ${mined}, where a deployment transaction was mined`, { step: 'deploy' })
    await new Promise((r) => setTimeout(r, 1))
    latest = await anvil.request<Header>('eth_getBlockByNumber', ['latest', false])
  }
  const baseFee = BigInt(latest.baseFeePerGas)
  const next = BigInt(latest.number) === 0n ? baseFee : nextBaseFee({ baseFee, gasUsed: BigInt(latest.gasUsed), gasLimit: BigInt(latest.gasLimit) })
  return { ...tx, type: '0x2', maxFeePerGas: numberToHex(next + TIP), maxPriorityFeePerGas: numberToHex(TIP) }
}

/** Waits for `hash`'s receipt and returns its block number. */
async function waitMined(anvil: DevnetRpc, hash: Hex): Promise<bigint> {
  try {
    return BigInt((await waitForReceipt(anvil, hash, { timeoutMs: 60_000, maxPollMs: 5 })).blockNumber)
  } catch (e) {
    if (e instanceof ReceiptTimeoutError) throw new ScenarioError(`Devnet transaction ${hash} was not mined`, { step: 'deploy', details: 'is the node automining?', cause: e })
    throw e
  }
}
