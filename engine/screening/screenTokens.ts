import type { Hex } from 'viem'
import { createRpcClient } from '../chain/createRpcClient.js'
import { isLoopbackUrl } from '../chain/isLoopbackUrl.js'
import { localForkEnv } from '../chain/localForkEnv.js'
import { startAnvil } from '../chain/startAnvil.js'
import { ConfigError } from '../errors/ConfigError.js'
import type { Address } from '../market/types.js'
import type { Store } from '../store/openStore.js'
import { fromPoolRow, type PoolRow } from '../universe/poolRows.js'
import type { DiscoveredPool } from '../universe/types.js'
import { screenToken, type ScreenVerdict } from './screenToken.js'

export type ScreenTokensOptions = {
  store: Store
  /** The chain to screen (fork source); never stored or passed to a process's arguments. */
  rpcUrl: string
  /** Block to fork (default: the block the pools' balances were read at). */
  block?: bigint
  /** Screen tokens already screened too (default: only 'unscreened' ones). */
  rescreen?: boolean
  /** Only tokens of liquid pools (default true): the ones routes could use. */
  liquidOnly?: boolean
  onToken?: (token: Address, verdict: ScreenVerdict) => void
}

/**
 * Screens the tokens of a chain's discovered pools on an Anvil fork of `rpcUrl` (started here and stopped
 * before returning): each token is sent out of the pool that holds most of it, on to a second holder, and
 * watched for a day (see `screenToken`); the verdict, reason, measured tax and block are written to `tokens`.
 * `readUniverse` then leaves the pools of flagged tokens out of routes, except the V2 pools of a token with a
 * constant measured tax (`transfer_tax_bps`), which routes use with that tax.
 *
 * @example
 * const verdicts = await screenTokens({ store, rpcUrl })
 */
export async function screenTokens(options: ScreenTokensOptions): Promise<Map<Address, ScreenVerdict>> {
  const { store, rpcUrl } = options
  const chainId = Number(BigInt(await createRpcClient(rpcUrl, { retries: 3 }).request<Hex>('eth_chainId')))
  const rows = await store.query<PoolRow>('SELECT * FROM pools WHERE chain_id = $1', [BigInt(chainId)])
  if (rows.length === 0) throw new ConfigError('--rpc-url', `a chain with discovered pools in this database (run \`arb pools discover\` first; chain ${chainId} has none)`)
  const pools = rows.filter((r) => options.liquidOnly === false || r.liquid).map(fromPoolRow)
  const block = options.block ?? rows.reduce((max, r) => (r.liquidity_block !== null && r.liquidity_block > max ? r.liquidity_block : max), 0n)

  const status = new Map(
    (await store.query<{ address: string; screen_status: string }>('SELECT address, screen_status FROM tokens WHERE chain_id = $1', [BigInt(chainId)])).map((r) => [
      r.address,
      r.screen_status,
    ]),
  )
  // The holder of each token: the pool (or the Vault / PoolManager holding the pool's tokens) with most of it.
  const holders = new Map<Address, { holder: Address; balance: bigint }>()
  for (const p of pools) {
    p.tokens.forEach((t, i) => {
      const balance = p.balances?.[i] ?? 0n
      const best = holders.get(t)
      if (!best || balance > best.balance) holders.set(t, { holder: holderOf(p), balance })
    })
  }
  const todo = [...holders.keys()].filter((t) => options.rescreen || (status.get(t) ?? 'unscreened') === 'unscreened').sort()

  const verdicts = new Map<Address, ScreenVerdict>()
  if (todo.length === 0) return verdicts
  const anvil = await startAnvil({ chainId, accounts: 1, ...(isLoopbackUrl(rpcUrl) ? { env: localForkEnv() } : {}) })
  try {
    // The fork URL goes over JSON-RPC (anvil_reset), not on Anvil's command line.
    await anvil.reset({ forkUrl: rpcUrl, blockNumber: block })
    for (const token of todo) {
      const verdict = await screenToken(anvil, { token, holder: holders.get(token)!.holder })
      verdicts.set(token, verdict)
      options.onToken?.(token, verdict)
      await store.run(
        `UPDATE tokens SET screen_status = $3, screen_reason = $4, screen_detail = $5, transfer_tax_bps = $6, screened_block = $7, screened_at = $8
         WHERE chain_id = $1 AND address = $2`,
        [
          BigInt(chainId),
          token,
          verdict.status,
          verdict.status === 'flagged' ? verdict.reason : null,
          verdict.detail,
          // Only a constant tax is stored: it is what routes through the token's V2 pools are quoted with.
          verdict.status === 'flagged' && verdict.constantTax && verdict.taxBps !== undefined ? verdict.taxBps : null,
          block,
          new Date(),
        ],
      )
    }
  } finally {
    await anvil.stop()
  }
  return verdicts
}

function holderOf(pool: DiscoveredPool): Address {
  // V4 pools keep their tokens in the PoolManager (`address`), Balancer pools in the Vault (`emitter`).
  return pool.kind === 'balancer' ? pool.emitter : pool.address
}
