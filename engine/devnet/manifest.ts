import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Address } from 'viem'
import { z } from 'zod'
import { ConfigError } from '../errors/ConfigError.js'
import { zodConfigError } from '../config/zodConfigError.js'

const address = z
  .string()
  .regex(/^0x[0-9a-f]{40}$/, 'a lower-case 0x-prefixed 20-byte address') as unknown as z.ZodType<Address>

const v2Venue = z.strictObject({
  factory: address,
  /** LP fee in basis points (30 = 0.30%). */
  feeBps: z.number().int().min(0).max(10_000),
})

/** The names of the venues a manifest describes. */
export const venueNames = ['uniswap-v2', 'sushiswap', 'uniswap-v3', 'uniswap-v4', 'balancer-v2'] as const
export type VenueName = (typeof venueNames)[number]

/**
 * Zod schema of a devnet (or mainnet) manifest: where every contract the engine talks to lives.
 * Addresses are lower-case; pool `fee` is in pips (millionths): 500/3000/10000 for V3 tiers, 3000 for a
 * 0.30% V2 pair.
 */
export const manifestSchema = z
  .strictObject({
    chainId: z.number().int().positive(),
    /** Account that deployed the devnet (null for a public network). */
    deployer: address.nullable(),
    /** Block at which every address below exists (null when not pinned). */
    createdAt: z.number().int().nonnegative().nullable(),
    tokens: z.record(
      z.string().min(1),
      z.strictObject({
        address,
        decimals: z.number().int().min(0).max(255),
        /** A fee-on-transfer token's constant transfer tax, basis points (screening's `transfer_tax_bps`); only its V2 pools are listed. */
        transferTaxBps: z.number().int().min(1).max(9_999).optional(),
      }),
    ),
    venues: z.strictObject({
      'uniswap-v2': v2Venue,
      sushiswap: v2Venue,
      'uniswap-v3': z.strictObject({
        factory: address,
        quoter: address,
        router: address,
        positionManager: address.optional(),
      }),
      /** Uniswap V4's singleton PoolManager (pools are ids inside it, found by `arb pools discover`). */
      'uniswap-v4': z.strictObject({ poolManager: address }).optional(),
      /** Balancer V2's Vault (holds every pool's tokens; flash loans). */
      'balancer-v2': z.strictObject({ vault: address, weightedPoolFactory: address.optional() }).optional(),
    }),
    aave: z.strictObject({
      pool: address,
      addressesProvider: address,
      oracle: address.optional(),
      dataProvider: address.optional(),
    }),
    /** Our ArbExecutor (null where users deploy their own). */
    executor: address.nullable(),
    pools: z.array(
      z.strictObject({
        address,
        venue: z.enum(venueNames),
        fee: z.number().int().positive().max(1_000_000),
        token0: address,
        token1: address,
        /** Balancer V2 pool id, or V4 PoolId (32 bytes); `address` is then the pool contract (Balancer) or the PoolManager (V4). */
        id: z.string().regex(/^0x[0-9a-f]{64}$/, 'a lower-case 0x-prefixed 32-byte id').optional(),
        /** V4 tick spacing. */
        tickSpacing: z.number().int().positive().max(32_767).optional(),
        /**
         * Balancer V2 pools with more than two tokens: every token in the Vault's order (ascending, 3 to 8 of
         * them); `token0` and `token1` are then its first two. Absent for two-token pools.
         */
        tokens: z.array(address).min(3).max(8).optional(),
      }),
    ),
    /**
     * Devnet only: tokens that misbehave on purpose (fee-on-transfer, rebasing, reverting transfers), each in a
     * Uniswap V2 pair with WETH that is not in `pools`; token screening must flag them with `behaviour`.
     */
    screeningCases: z
      .record(
        z.string().min(1),
        z.strictObject({ address, decimals: z.number().int().min(0).max(255), behaviour: z.enum(['fee-on-transfer', 'rebasing', 'transfer-reverts']), pair: address }),
      )
      .optional(),
    note: z.string().optional(),
  })
  .superRefine((m, ctx) => {
    m.pools.forEach((p, i) => {
      if (p.token0 >= p.token1) {
        ctx.addIssue({ code: 'custom', path: ['pools', i, 'token1'], message: 'an address above token0 (token0 < token1)' })
      }
      if ((p.venue === 'balancer-v2' || p.venue === 'uniswap-v4') && !p.id) {
        ctx.addIssue({ code: 'custom', path: ['pools', i, 'id'], message: `the pool's 32-byte id (${p.venue} pools are ids in a singleton)` })
      }
      if (p.venue === 'uniswap-v4' && p.tickSpacing === undefined) {
        ctx.addIssue({ code: 'custom', path: ['pools', i, 'tickSpacing'], message: 'the V4 pool key\'s tick spacing' })
      }
      if (p.tokens !== undefined) {
        if (p.venue !== 'balancer-v2') ctx.addIssue({ code: 'custom', path: ['pools', i, 'tokens'], message: `no tokens list: ${p.venue} pools have two tokens (token0, token1)` })
        else if (p.tokens[0] !== p.token0 || p.tokens[1] !== p.token1) ctx.addIssue({ code: 'custom', path: ['pools', i, 'tokens'], message: 'a list starting with token0, token1' })
        else if (p.tokens.some((t, k) => k > 0 && t <= p.tokens![k - 1]!)) ctx.addIssue({ code: 'custom', path: ['pools', i, 'tokens'], message: 'distinct addresses in ascending order (the Vault\'s order)' })
      }
      if (p.venue !== 'uniswap-v4' && p.venue !== 'balancer-v2' && p.id !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['pools', i, 'id'], message: `no id: ${p.venue} pools are addresses` })
      }
    })
  })

/** Where the contracts of one chain live; see `manifestSchema`. */
export type Manifest = z.infer<typeof manifestSchema>
/** One pool of a manifest. */
export type ManifestPool = Manifest['pools'][number]

/**
 * Validates a parsed manifest; the first problem becomes a ConfigError naming the field
 * (e.g. `manifest.pools[3].fee`).
 */
export function parseManifest(raw: unknown, origin = 'manifest'): Manifest {
  const result = manifestSchema.safeParse(raw)
  if (result.success) return result.data
  throw zodConfigError(result.error, raw, origin)
}

/**
 * Reads and validates a manifest file. A missing file, bad JSON or a wrong field is a ConfigError.
 *
 * @example
 * const m = await readManifest('data/devnet/manifest.json')
 * m.venues['uniswap-v3'].quoter
 */
export async function readManifest(path: string): Promise<Manifest> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new ConfigError('manifest', `a readable manifest file (start a devnet with \`arb devnet up\`)`, path, { cause })
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (cause) {
    throw new ConfigError(path, 'valid JSON', undefined, { details: (cause as Error).message })
  }
  return parseManifest(raw, path)
}

/** Validates and writes a manifest as pretty JSON (atomically: temp file, then rename), creating folders. */
export async function writeManifest(path: string, manifest: Manifest): Promise<void> {
  const valid = parseManifest(manifest)
  await mkdir(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  await writeFile(tmp, `${JSON.stringify(valid, null, 2)}\n`)
  await rename(tmp, path)
}

