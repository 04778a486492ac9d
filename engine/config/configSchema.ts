import { z } from 'zod'
import { isAddress } from 'viem'
import { gatesConfigSchema } from '../gates/gatesConfigSchema.js'
import { strategyNames } from '../strategies/registry.js'
import { MAX_PROFIT_TOLERANCE_BPS } from '../executors/arbExecutor/onChainMinProfit.js'
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

export const strategyConfigSchema = z
  .object({
    name: z.enum(strategyNames as [string, ...string[]], { message: `one of ${strategyNames.join(', ')}` }),
    /** Minimum gross profit per opportunity, in start-token base units. */
    minProfit: perTokenAmountSchema.optional(),
    /** Longest cycle searched (multi-hop); triangular is 3, spatial and two-step 2. */
    maxHops: z.number().int().min(2).max(6).optional(),
    /** Tokens cycles start and end in (profit is counted in them). */
    startTokens: z.array(tokenRefSchema).min(1).optional(),
    /** Upper bound of the sized input, per start token. */
    maxAmountIn: perTokenAmountSchema.optional(),
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
    /** Circuit breaker: stop after this many failed executions in a row. */
    maxConsecutiveFailures: z.number().int().min(1).optional(),
  })
  .strict()

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
    /** Our deployed ArbExecutor; defaults to the manifest's. */
    executor: z.string().refine((s) => isAddress(s, { strict: false }), { message: 'a 0x-prefixed 20-byte address' }).optional(),
  })
  .strict()

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
    execution: executionConfigSchema.default({ mode: 'flash', priorityFee: 0n, profitToleranceBps: 1_000 }),
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
