import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, parseAbi, type Hex } from 'viem'
import { createRpcClient, type RpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { dumpWethOnV2 } from '../devnet/testing/dumpOnV2.js'
import { decodeArbResult, encodeArbCall } from '../executors/arbExecutor/encodeArbCall.js'
import { createMarketReader } from '../market/createMarketReader.js'
import type { MarketState } from '../market/types.js'
import { spatial } from '../strategies/spatial.js'

const erc20 = parseAbi(['function balanceOf(address) view returns (uint256)'])

let anvil: Anvil
let rpc: RpcClient
let m: Manifest
let state: MarketState

beforeAll(async () => {
  anvil = await startAnvil()
  m = await deployDevnet(anvil)
  rpc = createRpcClient(anvil.rpcUrl)
  await dumpWethOnV2(anvil, m, 'uniswap-v2', 'USDC', 300n * 10n ** 18n)
  const head = await rpc.request<{ number: Hex; timestamp: Hex; baseFeePerGas: Hex }>('eth_getBlockByNumber', ['latest', false])
  state = await createMarketReader({ rpc, manifest: m }).read({ number: BigInt(head.number), timestamp: BigInt(head.timestamp), baseFee: BigInt(head.baseFeePerGas) })
}, 120_000)
afterAll(async () => {
  await anvil?.stop()
})

const call = (data: Hex) => rpc.request<Hex>('eth_call', [{ from: m.deployer, to: m.executor, data }, 'latest'])
const balanceOf = async (token: string, holder: string) => BigInt(await rpc.request<Hex>('eth_call', [{ to: token, data: encodeFunctionData({ abi: erc20, functionName: 'balanceOf', args: [holder as Hex] }) }, 'latest']))

describe('flash source choice on the devnet', () => {
  it('reads every lender: Aave reserves, the Balancer Vault and the V4 PoolManager, with their fees', async () => {
    const weth = m.tokens.WETH!.address
    const bySource = new Map(state.lenders!.map((l) => [l.source, l]))
    expect([...bySource.keys()].sort()).toEqual(['aave-v3', 'balancer-v2', 'uniswap-v4'])
    expect(bySource.get('aave-v3')!.feeRate).toBe(9n)
    expect(bySource.get('balancer-v2')!.feeRate).toBe(0n)
    expect(bySource.get('balancer-v2')!.available.get(weth)).toBe(await balanceOf(weth, m.venues['balancer-v2']!.vault))
    expect(bySource.get('uniswap-v4')!.available.get(weth)).toBe(await balanceOf(weth, m.venues['uniswap-v4']!.poolManager))
    expect(bySource.get('aave-v3')!.available.get(weth)).toBeGreaterThan(0n)
  })

  it('a planted gap is traded with the free V4 flash loan: the same profit as with the executor\'s own capital', async () => {
    const found = spatial(state, { startTokens: [m.tokens.WETH!.address] })
    expect(found.length).toBeGreaterThan(0)
    const o = found.sort((a, b) => (b.expectedProfit > a.expectedProfit ? 1 : -1))[0]!
    expect(o.flash).toMatchObject({ source: 'uniswap-v4', lender: m.venues['uniswap-v4']!.poolManager, fee: 0n })
    const decode = (raw: Hex) => decodeArbResult('flash', raw).profit
    const flash = decode(await call(encodeArbCall(o, 'flash', 1n)))
    const capital = decode(await call(encodeArbCall(o, 'capital', 1n)))
    expect(flash).toBe(capital)
    expect(flash).toBe(o.expectedProfit)
    // The Vault and Aave lend the same trade too; Aave keeps its premium.
    const viaVault = decode(await call(encodeArbCall({ ...o, flash: { source: 'balancer-v2', lender: m.venues['balancer-v2']!.vault, fee: 0n } }, 'flash', 1n)))
    const viaAave = decode(await call(encodeArbCall({ ...o, flash: null }, 'flash', 1n)))
    expect(viaVault).toBe(capital)
    expect(viaAave).toBe(capital - (o.amountIn * 9n + 5_000n) / 10_000n)
  })
})
