import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hex } from 'viem'
import { createRpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { openStore, type Store } from '../store/openStore.js'
import { discoverPools } from '../universe/discoverPools.js'
import { readUniverse } from '../universe/readUniverse.js'
import { universeManifest } from '../universe/universeManifest.js'
import { createMarketReader } from '../market/createMarketReader.js'
import type { V2Pool } from '../market/types.js'
import { screenTokens } from './screenTokens.js'

let anvil: Anvil
let manifest: Manifest
let store: Store

beforeAll(async () => {
  anvil = await startAnvil()
  manifest = await deployDevnet(anvil)
  store = await openStore({ path: ':memory:' })
  const rpc = createRpcClient(anvil.rpcUrl)
  await discoverPools({ rpc, store, manifest, from: 0n, to: BigInt(await rpc.request<Hex>('eth_blockNumber')) })
}, 120_000)
afterAll(async () => {
  await store?.close()
  await anvil?.stop()
})

describe('screenTokens on a fork of the devnet', () => {
  it("flags the devnet's taxed, rebasing and honeypot tokens with the reason, passes the others, drops the rebasing and honeypot pools from routes and keeps the constant-tax token's V2 pair with its tax", async () => {
    const cases = manifest.screeningCases!
    const verdicts = await screenTokens({ store, rpcUrl: anvil.rpcUrl })
    expect(verdicts.size).toBe(Object.keys(manifest.tokens).length + Object.keys(cases).length)

    const rows = await store.query<{ address: string; symbol: string; screen_status: string; screen_reason: string | null; transfer_tax_bps: number | null }>(
      'SELECT address, symbol, screen_status, screen_reason, transfer_tax_bps FROM tokens ORDER BY symbol',
    )
    const bySymbol = Object.fromEntries(rows.map((r) => [r.symbol, r]))
    for (const [symbol, c] of Object.entries(cases)) {
      expect(bySymbol[symbol], symbol).toMatchObject({ address: c.address, screen_status: 'flagged', screen_reason: c.behaviour })
    }
    expect(bySymbol.TAX!.transfer_tax_bps).toBe(500)
    const tax = verdicts.get(cases.TAX!.address)
    expect(tax).toMatchObject({ status: 'flagged', reason: 'fee-on-transfer', taxBps: 500, constantTax: true })
    for (const symbol of Object.keys(manifest.tokens)) expect(bySymbol[symbol], symbol).toMatchObject({ screen_status: 'ok', screen_reason: null })

    const universe = await readUniverse(store, manifest.chainId)
    expect(universe.tradable.map((p) => p.address).sort()).toEqual([...manifest.pools.map((p) => p.address), cases.TAX!.pair].sort())
    expect(universe.excluded.map((e) => [e.pool.address, e.reason]).sort()).toEqual(
      Object.values(cases)
        .filter((c) => c.behaviour !== 'fee-on-transfer')
        .map((c) => [c.pair, `flagged-token:${c.behaviour}`])
        .sort(),
    )
    // The universe's manifest lists TAX with its tax, and the market reader gives its pair the tax.
    const listed = universeManifest(manifest, universe)
    expect(Object.values(listed.tokens).find((t) => t.address === cases.TAX!.address)).toEqual({ address: cases.TAX!.address, decimals: 18, transferTaxBps: 500 })
    const head = await anvil.request<{ number: Hex; timestamp: Hex; baseFeePerGas: Hex }>('eth_getBlockByNumber', ['latest', false])
    const state = await createMarketReader({ rpc: createRpcClient(anvil.rpcUrl), manifest: listed }).read({ number: BigInt(head.number), timestamp: BigInt(head.timestamp), baseFee: BigInt(head.baseFeePerGas) })
    const pair = state.pools.find((p) => p.address === cases.TAX!.pair) as V2Pool
    const weth = manifest.tokens.WETH!.address
    expect(pair.transferTaxBps).toEqual(pair.token0 === weth ? [0, 500] : [500, 0])
    expect(state.pools.filter((p) => p.kind === 'v2' && p.transferTaxBps)).toHaveLength(1)

    // Screened tokens are not screened again unless asked.
    expect((await screenTokens({ store, rpcUrl: anvil.rpcUrl })).size).toBe(0)
  }, 120_000)
})
