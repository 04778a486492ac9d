import type { Hex } from 'viem'
import { createRpcClient } from '../../chain/createRpcClient.js'
import { ScenarioError } from '../../errors/ScenarioError.js'
import type { HistoryBlock, HistorySource } from '../types.js'
import { generateScenario, SCENARIO_GENERATOR_VERSION, type GeneratedScenario, type GenerateScenarioOptions } from './generateScenario.js'
import { readScenarioRecord, recordPlants, type ScenarioRecord } from './scenarioRecord.js'

export type ScenarioSourceOptions =
  | (Omit<GenerateScenarioOptions, 'anvil'> & { record?: undefined })
  | {
      /** A saved record (or its file path): regenerated from its seed and checked against its head hash. */
      record: ScenarioRecord | string
      onProgress?: (done: number, total: number) => void
    }

/** A history source over a generated scenario, with what was generated (manifest, plants, price path). */
export type ScenarioSource = HistorySource & { readonly generated: GeneratedScenario }

/** Blocks fetched per JSON-RPC batch by `blocks()`. */
const PAGE = 100

/**
 * Generates a market scenario (or regenerates a saved record and checks it reproduces the same head hash)
 * on an Anvil it starts, and serves its blocks `[fromBlock, head]` as a HistorySource. Every block's state
 * stays on that Anvil, so `rpcUrl` answers `eth_call` at any of them and can be forked at any of them.
 * `close()` stops the Anvil.
 *
 * @example
 * const source = await createScenarioSource({ scenario: 'volatile', blocks: 2_000, seed: 7 })
 * for await (const block of source.blocks()) console.log(block.number, block.baseFee)
 * await source.close()
 */
export async function createScenarioSource(options: ScenarioSourceOptions): Promise<ScenarioSource> {
  const record = options.record === undefined ? undefined : typeof options.record === 'string' ? await readScenarioRecord(options.record) : options.record
  const generated = record
    ? await generateScenario({
        scenario: record.scenario,
        blocks: record.blocks,
        seed: record.seed,
        gasLimit: BigInt(record.gasLimit),
        plant: recordPlants(record),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      })
    : await generateScenario(options as GenerateScenarioOptions)
  const { anvil } = generated
  try {
    if (record) await verifyRecord(record, generated, await anvil.request<string>('web3_clientVersion'))
  } catch (e) {
    await anvil.stop()
    throw e
  }
  const rpc = createRpcClient(anvil.rpcUrl, { retries: 2 })
  const fromBlock = generated.fromBlock
  const toBlock = generated.head.number
  return {
    name: `scenario:${generated.scenario}:seed=${generated.seed}:blocks=${generated.blocks}`,
    rpcUrl: anvil.rpcUrl,
    chainId: generated.manifest.chainId,
    manifest: generated.manifest,
    fromBlock,
    toBlock,
    generated,
    async *blocks(from = fromBlock) {
      if (from < fromBlock || from > toBlock + 1n) {
        throw new ScenarioError(`Block ${from} is outside this scenario's range ${fromBlock}–${toBlock}`, { step: 'blocks' })
      }
      for (let start = from; start <= toBlock; start += BigInt(PAGE)) {
        const end = start + BigInt(PAGE) - 1n < toBlock ? start + BigInt(PAGE) - 1n : toBlock
        const numbers: bigint[] = []
        for (let n = start; n <= end; n++) numbers.push(n)
        const headers = await rpc.batch<({ number: Hex; hash: Hex; timestamp: Hex; baseFeePerGas?: Hex } | null)[]>(
          numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: [`0x${n.toString(16)}`, false] })),
        )
        for (const [i, h] of headers.entries()) {
          const n = numbers[i]!
          if (!h || BigInt(h.number) !== n || !h.baseFeePerGas) {
            throw new ScenarioError(`The scenario node returned no valid header for block ${n}`, { step: 'blocks', details: JSON.stringify(h) })
          }
          const block: HistoryBlock = { number: n, hash: h.hash, timestamp: BigInt(h.timestamp), baseFee: BigInt(h.baseFeePerGas) }
          yield block
        }
      }
    },
    close: () => anvil.stop(),
  }
}

async function verifyRecord(record: ScenarioRecord, generated: GeneratedScenario, anvilVersion: string): Promise<void> {
  const expected = `${record.head.number} ${record.head.hash}`
  const got = `${generated.head.number} ${generated.head.hash}`
  if (expected === got && BigInt(record.fromBlock) === generated.fromBlock) return
  const causes: string[] = []
  if (record.generatorVersion !== SCENARIO_GENERATOR_VERSION) {
    causes.push(`the record was made by generator version ${record.generatorVersion}, this is version ${SCENARIO_GENERATOR_VERSION}`)
  }
  if (record.anvilVersion !== anvilVersion) causes.push(`the record was made with ${record.anvilVersion}, this node is ${anvilVersion}`)
  if (causes.length === 0) causes.push('the record was edited, or the devnet deployment changed')
  throw new ScenarioError(
    `Regenerated scenario ${record.scenario} seed ${record.seed} (${record.blocks} blocks) does not match its record: head ${got}, record says ${expected}`,
    { step: 'verify-record', details: `Likely cause: ${causes.join('; ')}.` },
  )
}
