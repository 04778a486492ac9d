import { z } from 'zod'
import { isAddress } from 'viem'
import { gatesConfigSchema } from '../gates/gatesConfigSchema.js'
import { strategyNames, strategyOptions } from '../strategies/registry.js'
import { MAX_PROFIT_TOLERANCE_BPS } from '../executors/arbExecutor/onChainMinProfit.js'
import { INCLUSION_FORMS, parseInclusion } from '../executors/inclusion/parseInclusion.js'
import { amountSchema } from './amount.js'

/** A token: a symbol from the manifest (`WETH`) or an address (`0x…`, 40 hex digits). */
const tokenRefSchema = z.string().refine((s) => (s.startsWith('0x') ? isAddress(s, { strict: false }) : /^[A-Za-z0-9.]{1,16}$/.test(s)), {
  message: 'a token symbol (e.g. "WETH") or a 0x-prefixed 20-byte address',
})

/** An amount, or per-token amounts keyed by symbol/address. */
const perTokenAmountSchema = z.union([amountSchema, z.record(tokenRefSchema, amountSchema)])

const httpUrlSchema = z.string().refine((s) => /^(https?|wss?):\/\/[^\s]+$/.test(s), {
  message: 'an http(s):// or ws(s):// URL',
})

/**
 * One entry of `strategies`: the strategy's registry name, the fields every strategy reads, and the fields
 * strategies declare themselves (`options` in `engine/strategies/registry.ts`, e.g. `maxHops`).
 */
export const strategyConfigSchema = z
  .object({
    name: z.enum(strategyNames, { message: `one of ${strategyNames.join(', ')}` }),
    /** Minimum gross profit per opportunity, in start-token base units. */
    minProfit: perTokenAmountSchema.optional(),
    /** Tokens cycles start and end in (profit is counted in them). */
    startTokens: z.array(tokenRefSchema).min(1).optional(),
    /** Upper bound of the sized input, per start token. */
    maxAmountIn: perTokenAmountSchema.optional(),
    ...strategyOptions,
  })
  .strict()

export const riskConfigSchema = z
  .object({
    /** Largest input of one trade, per token (base units). */
    maxNotional: perTokenAmountSchema.optional(),
    /** Largest amount of a token the executor may hold at once (capital mode). */
    maxPositionPerToken: perTokenAmountSchema.optional(),
    /** Net profit after gas, premium and tip below which a trade is rejected (start-token base units). */
    minNetProfit: perTokenAmountSchema.optional(),
    /** Highest effective gas price paid, in wei. */
    maxGasPrice: amountSchema.optional(),
    /** Stop trading for the day once realized losses exceed this, per token (base units). */
    dailyLossLimit: perTokenAmountSchema.optional(),
    /** Circuit breaker: stop after this many failed executions in a row (mined and reverted or lost money; a bundle that did not land does not count). */
    maxConsecutiveFailures: z.number().int().min(1).optional(),
  })
  .strict()

/** A builder that takes `eth_sendBundle`; `feeRecipient` (its blocks' miner address) attributes landed bundles to it. */
export const builderEndpointSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, { message: 'a name of letters, digits, "_", "." or "-"' }),
    url: z.string().refine((s) => /^https?:\/\/[^\s]+$/.test(s), { message: 'an http(s):// URL' }),
    feeRecipient: z.string().refine((s) => isAddress(s, { strict: false }), { message: 'a 0x-prefixed 20-byte address' }).optional(),
  })
  .strict()

/** Most trading accounts `execution.bundleAccounts` may name. */
export const MAX_BUNDLE_ACCOUNTS = 16

export const executionConfigSchema = z
  .object({
    /** `capital`: trade the executor's own balance; `flash`: borrow through Aave V3 flashLoanSimple. */
    mode: z.enum(['capital', 'flash'], { message: 'one of capital, flash' }).default('flash'),
    /** Priority fee (tip) per gas, in wei. */
    priorityFee: amountSchema.default(0n),
    /**
     * How much of its simulated profit a trade may lose before inclusion and still complete, in basis points: the
     * on-chain `minProfit` is the simulated profit less this share (engine/executors/arbExecutor/onChainMinProfit.ts).
     * A trade that lost more reverts early instead of completing for less. Default 1000 (10%); 10000 accepts any profit.
     */
    profitToleranceBps: z.number().int().min(0).max(MAX_PROFIT_TOLERANCE_BPS).default(1_000),
    /**
     * The builder's cut: basis points of the trade's profit paid for inclusion. WETH-start trades pay it to
     * `block.coinbase` from ArbExecutor in the same transaction, only out of profit; other start tokens pay it as
     * priority fee. Default 5000 (half the profit); 0 bids nothing.
     */
    bidBps: z.number().int().min(0).max(10_000).default(5_000),
    /**
     * Where backtest trades land (engine/executors/inclusion/InclusionModel.ts): `top` (optimistic bound), `delay:K`,
     * `priority`, `index:K` or `end`. When absent, `arb backtest` picks the source kind's realistic default and
     * stores it in the config, so it is part of the config hash.
     */
    inclusion: z.string().refine((s) => parseInclusion(s) !== undefined, { message: INCLUSION_FORMS }).optional(),
    /** Our deployed ArbExecutor; defaults to the manifest's. */
    executor: z.string().refine((s) => isAddress(s, { strict: false }), { message: 'a 0x-prefixed 20-byte address' }).optional(),
    /** How live trades reach the chain: `public` (the default: a signed transaction over RPC) or `bundle` (to `builders`). */
    submit: z.enum(['public', 'bundle'], { message: 'one of public, bundle' }).optional(),
    /** Flashbots-format builder endpoints a bundle is sent to, all of them (README: private order flow). */
    builders: z.array(builderEndpointSchema).min(1, { message: 'at least one builder' }).optional(),
    /** Bundles target the next this-many blocks (N+1 … N+K). Default 1. */
    bundleBlocks: z.number().int().min(1).max(25).optional(),
    /**
     * With `submit: bundle`, how many trading accounts send bundles, at most `MAX_BUNDLE_ACCOUNTS` (16). Default 1.
     * A builder simulates each bundle alone at the top of its block, so the trades of one account and one head
     * share a nonce and at most one of them lands; N accounts land up to N trades per block. Every mode caps the
     * trades sent per block at this many (the others are rejected `accounts-busy`), so a backtest counts what live
     * trading can send. Live mode signs with ARB_PRIVATE_KEY (or --keystore) and N−1 more keys (ARB_TRADER_KEYS or
     * --trader-keystore), each the executor's owner or an allowed executor (`setExecutor`).
     */
    bundleAccounts: z.number().int().min(1).max(MAX_BUNDLE_ACCOUNTS).optional(),
  })
  .strict()
  .refine((e) => e.submit !== 'bundle' || (e.builders?.length ?? 0) > 0, { message: 'submit "bundle" needs at least one entry in builders', path: ['builders'] })
  .refine((e) => new Set((e.builders ?? []).map((b) => b.name)).size === (e.builders ?? []).length, { message: 'builder names must be distinct', path: ['builders'] })
  .refine((e) => e.bundleAccounts === undefined || e.submit === 'bundle', { message: 'bundleAccounts needs submit "bundle" (public transactions use one account)', path: ['bundleAccounts'] })

export const sourceConfigSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('scenario'),
        scenario: z.enum(['calm', 'volatile', 'crash', 'stress'], { message: 'one of calm, volatile, crash, stress' }).default('volatile'),
        blocks: z.number().int().min(1).max(1_000_000).default(500),
        seed: z.number().int().min(0).default(1),
      })
      .strict(),
    z.object({ kind: z.literal('dataset'), name: z.string().min(1), path: z.string().optional() }).strict(),
    z
      .object({
        kind: z.literal('fork'),
        rpcUrl: httpUrlSchema,
        from: z.number().int().min(0),
        to: z.number().int().min(0),
      })
      .strict()
      .refine((s) => s.to >= s.from, { message: 'to must be >= from', path: ['to'] }),
  ],
  { message: 'an object with kind "scenario", "dataset" or "fork"' },
)

export const configSchema = z
  .object({
    /** A name for reports. */
    name: z.string().min(1).default('default'),
    strategies: z.array(strategyConfigSchema).min(1, { message: 'at least one strategy' }),
    execution: executionConfigSchema.default({ mode: 'flash', priorityFee: 0n, profitToleranceBps: 1_000, bidBps: 5_000 }),
    risk: riskConfigSchema.default({}),
    source: sourceConfigSchema.optional(),
    /** JSON-RPC URL for live/paper mode (ws:// for new heads). May also come from --rpc-url or ARB_RPC_URL. */
    rpcUrl: httpUrlSchema.optional(),
    /** Promotion gate thresholds overriding the defaults (engine/gates/GATES.md); not part of the config hash. */
    gates: gatesConfigSchema.optional(),
  })
  .strict()

/** What a config file may contain (amounts as strings, numbers or bigints). */
export type ConfigInput = z.input<typeof configSchema>
/** A validated config (amounts as bigint, defaults filled in). */
export type Config = z.output<typeof configSchema>
export type StrategyConfig = z.output<typeof strategyConfigSchema>
