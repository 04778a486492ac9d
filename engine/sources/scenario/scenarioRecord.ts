import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Hex } from 'viem'
import { z } from 'zod'
import { ConfigError } from '../../errors/ConfigError.js'
import { SCENARIO_GENERATOR_VERSION, type GeneratedScenario } from './generateScenario.js'
import { scenarioNames } from './scenarioProfiles.js'
import type { PlantRequest } from './scenarioTypes.js'

const hash = z.string().regex(/^0x[0-9a-f]{64}$/, 'a 0x-prefixed 32-byte hash') as unknown as z.ZodType<Hex>

/**
 * Zod schema of a saved scenario: everything needed to regenerate it from its seed, and the head it must
 * reach (`createScenarioSource({ record })` checks the hash). Block numbers and gas are decimal strings.
 */
export const scenarioRecordSchema = z.strictObject({
  kind: z.literal('alphapulse-scenario'),
  generatorVersion: z.number().int().positive(),
  scenario: z.enum(scenarioNames),
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  blocks: z.number().int().positive(),
  gasLimit: z.string().regex(/^[0-9]+$/, 'a decimal integer string'),
  plant: z.array(
    z.strictObject({
      block: z.number().int().nonnegative(),
      pool: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'a 0x-prefixed 20-byte address') as unknown as z.ZodType<Hex>,
      sizeBps: z.number().int().min(1).max(5_000),
      zeroForOne: z.boolean().optional(),
      rival: z.union([z.strictObject({ priorityFee: z.string().regex(/^[0-9]+$/, 'a decimal integer string (wei per gas)') }), z.null()]).optional(),
    }),
  ),
  /** `web3_clientVersion` of the Anvil that built it: block hashes can change with Anvil's version. */
  anvilVersion: z.string(),
  fromBlock: z.string().regex(/^[0-9]+$/),
  head: z.strictObject({ number: z.string().regex(/^[0-9]+$/), hash }),
})

/** A saved scenario; see `scenarioRecordSchema`. */
export type ScenarioRecord = z.infer<typeof scenarioRecordSchema>

/** The record of a generated scenario (`anvilVersion` from `web3_clientVersion`). */
export function toScenarioRecord(generated: GeneratedScenario, anvilVersion: string): ScenarioRecord {
  return {
    kind: 'alphapulse-scenario',
    generatorVersion: SCENARIO_GENERATOR_VERSION,
    scenario: generated.scenario,
    seed: generated.seed,
    blocks: generated.blocks,
    gasLimit: generated.gasLimit.toString(),
    plant: generated.plantRequests.map(({ rival, ...p }) => ({
      ...p,
      ...(rival === undefined ? {} : { rival: rival && { priorityFee: rival.priorityFee.toString() } }),
    })),
    anvilVersion,
    fromBlock: generated.fromBlock.toString(),
    head: { number: generated.head.number.toString(), hash: generated.head.hash },
  }
}

/** A record's plants as `generateScenario` takes them (bids back to bigint). */
export function recordPlants(record: ScenarioRecord): PlantRequest[] {
  return record.plant.map(({ rival, ...p }) => ({ ...p, ...(rival === undefined ? {} : { rival: rival && { priorityFee: BigInt(rival.priorityFee) } }) }))
}

/** Validates a parsed record; the first problem becomes a ConfigError naming the field (`record.head.hash`). */
export function parseScenarioRecord(raw: unknown, origin = 'record'): ScenarioRecord {
  const result = scenarioRecordSchema.safeParse(raw)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const field = issue.path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : `${out}.${String(p)}`), origin)
  throw new ConfigError(field, issue.message.replace(/^Invalid input: expected /, ''), undefined, {
    details: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'),
  })
}

/** Reads and validates a record file; a missing file or bad JSON is a ConfigError. */
export async function readScenarioRecord(path: string): Promise<ScenarioRecord> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new ConfigError('record', 'a readable scenario record file (write one with `arb history generate --out`)', path, { cause })
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (cause) {
    throw new ConfigError(path, 'valid JSON', undefined, { details: (cause as Error).message })
  }
  return parseScenarioRecord(raw, path)
}

/** Writes a record as pretty JSON, atomically (temp file, then rename), creating folders. */
export async function writeScenarioRecord(path: string, record: ScenarioRecord): Promise<void> {
  const valid = parseScenarioRecord(record)
  await mkdir(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  await writeFile(tmp, `${JSON.stringify(valid, null, 2)}\n`)
  await rename(tmp, path)
}
