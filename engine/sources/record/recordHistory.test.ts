import { existsSync, mkdtempSync, readdirSync, writeFileSync, mkdirSync, copyFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeFunctionResult, encodeFunctionData, erc20Abi, maxUint256, type Address, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTimeline } from '../../../datasets/buildTimeline.js'
import { swapRouterAbi } from '../../abi/swapRouter.js'
import { uniswapV2PairAbi } from '../../abi/uniswapV2Pair.js'
import { uniswapV3PoolAbi } from '../../abi/uniswapV3Pool.js'
import { createRpcClient } from '../../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../../chain/startAnvil.js'
import { approveAll } from '../../devnet/approveAll.js'
import { createTxSender } from '../../devnet/createTxSender.js'
import { deployDevnet, DEVNET_DEPLOYER } from '../../devnet/deployDevnet.js'
import type { Manifest } from '../../devnet/manifest.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { DatasetError } from '../../errors/DatasetError.js'
import { getAmountOut } from '../../math/v2/getAmountOut.js'
import { createReenactedSource, type ReenactedSource } from '../real/createReenactedSource.js'
import { readParquet } from './readParquet.js'
import { readRecording } from './readRecording.js'
import { recordHistory } from './recordHistory.js'

const hex = (n: bigint) => `0x${n.toString(16)}` as Hex
const GET_RESERVES = encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'getReserves' })
const SLOT0 = encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'slot0' })
const LIQUIDITY = encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'liquidity' })

// The "remote" is a devnet Anvil at mainnet-like heights with real swaps through its WETH/USDC pools.
describe('recordHistory → readRecording → re-enactment round trip', () => {
  let remote: Anvil
  let manifest: Manifest
  let pools: Address[]
  let from: bigint
  let to: bigint
  const dir = mkdtempSync(join(tmpdir(), 'arb-record-'))
  const out = join(dir, 'rec')
  let replay: ReenactedSource | undefined

  beforeAll(async () => {
    remote = await startAnvil({ extraArgs: ['--number', '2000000'], timestamp: 1_704_000_000n })
    manifest = await deployDevnet(remote, { seed: 3 })
    const weth = manifest.tokens.WETH!.address
    const usdc = manifest.tokens.USDC!.address
    const pick = (venue: string, fee: number) => manifest.pools.find((p) => p.venue === venue && p.fee === fee && [p.token0, p.token1].includes(weth) && [p.token0, p.token1].includes(usdc))!
    const v2 = pick('uniswap-v2', 3000)
    const v3a = pick('uniswap-v3', 500)
    const v3b = pick('uniswap-v3', 3000)
    pools = [v2.address, v3a.address, v3b.address]
    const tx = await createTxSender(remote, DEVNET_DEPLOYER)
    await approveAll(tx, [weth, usdc], manifest.venues['uniswap-v3'].router, 'router')
    await tx.flush()
    await remote.request('anvil_mine', ['0x3', '0xc'])
    from = BigInt(await remote.request<Hex>('eth_blockNumber')) + 1n
    const rpc = createRpcClient(remote.rpcUrl)
    for (let i = 0; i < 6; i++) {
      // V2: WETH in through the pair itself.
      const [r0, r1] = decodeFunctionResult({ abi: uniswapV2PairAbi, functionName: 'getReserves', data: await rpc.request<Hex>('eth_call', [{ to: v2.address, data: GET_RESERVES }, 'latest']) })
      const wethIs0 = v2.token0 === weth
      const amountIn = 10n ** 17n * BigInt(i + 1)
      const out = getAmountOut(amountIn, wethIs0 ? r0 : r1, wethIs0 ? r1 : r0, 30)
      await tx.send('v2 fund', weth, encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [v2.address, amountIn] }), { gas: 100_000n })
      await tx.send('v2 swap', v2.address, encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'swap', args: [wethIs0 ? 0n : out, wethIs0 ? out : 0n, DEVNET_DEPLOYER, '0x'] }), { gas: 200_000n })
      // V3: both pools, alternating direction.
      for (const pool of [v3a, v3b]) {
        const [tokenIn, tokenOut, amount] = i % 2 === 0 ? [weth, usdc, 10n ** 17n] : [usdc, weth, 500_000_000n]
        const data = encodeFunctionData({
          abi: swapRouterAbi,
          functionName: 'exactInputSingle',
          args: [{ tokenIn, tokenOut, fee: pool.fee, recipient: DEVNET_DEPLOYER, deadline: maxUint256, amountIn: amount, amountOutMinimum: 0n, sqrtPriceLimitX96: 0n }],
        })
        await tx.send('v3 swap', manifest.venues['uniswap-v3'].router, data, { gas: 500_000n })
      }
      await tx.flush()
      await remote.request('anvil_mine', ['0x2', '0xc'])
    }
    to = BigInt(await remote.request<Hex>('eth_blockNumber'))
  }, 120_000)

  afterAll(async () => {
    await replay?.close()
    await remote?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('records headers, events and starting state into Parquet, atomically', async () => {
    const { meta } = await recordHistory({ rpcUrl: remote.rpcUrl, from, to, pools, manifest, out, logChunk: 7n })
    expect(readdirSync(out).sort()).toEqual(['events.parquet', 'headers.parquet', 'pools.parquet', 'recording.json'])
    expect(readdirSync(dir)).toEqual(['rec']) // no temporary folder left behind
    expect(meta.events).toBe(6 * (2 + 2) + 0) // per round: V2 Sync + Swap, one V3 Swap per pool
    const headers = await readParquet(join(out, 'headers.parquet'), ['number', 'hash'], 'number')
    expect(headers.length).toBe(Number(to - from + 1n))
    const chain = await remote.request<{ hash: Hex; parentHash: Hex; timestamp: Hex; baseFeePerGas: Hex }>('eth_getBlockByNumber', [hex(to), false])
    expect(headers[headers.length - 1]).toMatchObject({ number: to, hash: chain.hash, parent_hash: chain.parentHash, timestamp: BigInt(chain.timestamp), base_fee: String(BigInt(chain.baseFeePerGas)) })
  })

  it('refuses to overwrite a recording, and a bad range leaves nothing behind', async () => {
    await expect(recordHistory({ rpcUrl: remote.rpcUrl, from, to, pools, manifest, out })).rejects.toBeInstanceOf(ConfigError)
    const other = join(dir, 'bad')
    await expect(recordHistory({ rpcUrl: remote.rpcUrl, from, to: to + 1000n, pools, manifest, out: other })).rejects.toMatchObject({ field: '--to' })
    expect(existsSync(other)).toBe(false)
    expect(readdirSync(dir)).toEqual(['rec'])
  })

  it('re-enacts the recording so every block has the remote’s number, timestamp, base fee and pool state', async () => {
    const rec = await readRecording(out)
    const timeline = buildTimeline({ series: rec.series, timestamps: rec.timestamps, baseFees: rec.baseFees, defaultBaseFee: 0n })
    expect([timeline.from, timeline.to]).toEqual([from, to])
    replay = await createReenactedSource({ name: 'devnet-recording', timeline, seed: 3 })
    const a = createRpcClient(remote.rpcUrl)
    const b = createRpcClient(replay.rpcUrl)
    const standIns = replay.reenactment.standIns.map((s) => s.pool.address)
    const read = async (rpc: typeof a, addresses: Address[], block: bigint) => {
      const raw = await rpc.batch<Hex[]>([
        { method: 'eth_call', params: [{ to: addresses[0], data: GET_RESERVES }, hex(block)] },
        ...addresses.slice(1).flatMap((p) => [
          { method: 'eth_call', params: [{ to: p, data: SLOT0 }, hex(block)] },
          { method: 'eth_call', params: [{ to: p, data: LIQUIDITY }, hex(block)] },
        ]),
        { method: 'eth_getBlockByNumber', params: [hex(block), false] },
      ])
      const [r0, r1] = decodeFunctionResult({ abi: uniswapV2PairAbi, functionName: 'getReserves', data: raw[0]! })
      const header = raw[5] as unknown as { timestamp: Hex; baseFeePerGas: Hex }
      return {
        reserves: [r0, r1],
        v3: [1, 3].map((i) => [decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'slot0', data: raw[i]! }).slice(0, 2), decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'liquidity', data: raw[i + 1]! })]),
        timestamp: BigInt(header.timestamp),
        baseFee: BigInt(header.baseFeePerGas),
      }
    }
    let changed = 0
    let previous: unknown
    for (let block = from; block <= to; block++) {
      const expected = await read(a, pools, block)
      expect({ block, ...(await read(b, standIns, block)) }).toEqual({ block, ...expected })
      if (previous && JSON.stringify(expected, (_, v) => (typeof v === 'bigint' ? String(v) : v)) !== previous) changed++
      previous = JSON.stringify(expected, (_, v) => (typeof v === 'bigint' ? String(v) : v))
    }
    expect(changed).toBeGreaterThanOrEqual(12) // the comparison saw the pools move
  })

  it('a damaged recording is a DatasetError naming the file', async () => {
    const broken = join(dir, 'broken')
    mkdirSync(broken)
    for (const f of ['recording.json', 'pools.parquet', 'events.parquet']) copyFileSync(join(out, f), join(broken, f))
    writeFileSync(join(broken, 'headers.parquet'), 'not parquet')
    const e = await readRecording(broken).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(DatasetError)
    expect((e as DatasetError).file).toBe(join(broken, 'headers.parquet'))
  })
})
