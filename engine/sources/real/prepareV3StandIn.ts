import { decodeEventLog, encodeFunctionData, type Address, type Hex } from 'viem'
import { testTokenAbi } from '../../abi/testToken.js'
import { uniswapV3PoolAbi } from '../../abi/uniswapV3Pool.js'
import { weth9Abi } from '../../abi/weth9.js'
import type { RpcClient } from '../../chain/createRpcClient.js'
import type { TxSender } from '../../devnet/createTxSender.js'
import { encodeV3Mint } from '../../devnet/encodeV3Mint.js'
import type { Manifest, ManifestPool } from '../../devnet/manifest.js'
import { tickSpacings } from '../../devnet/v3PositionRanges.js'
import { MAX_TICK, MIN_TICK, Q96 } from '../../math/v3/constants.js'
import type { V3PoolState } from '../../../datasets/historyTimeline.js'
import { encodeTickWord, encodeV3Slot0, slotHex, tickSlot, V3_SLOT0_SLOT } from './poolStorage.js'

const MASK_128 = (1n << 128n) - 1n

/**
 * Readies a devnet V3 pool to carry another pool's history: moves it to the history's starting price,
 * mints a real full-range position of `liquidityCap` (at least the history's largest active liquidity)
 * from the deployer so the pool holds enough of both tokens for any trade the history's liquidity allows,
 * then rewrites every initialized tick's liquidityNet so that the liquidity map is one flat range:
 * +cap at the lowest usable tick, −cap at the highest, 0 elsewhere. With `liquidity` then written per block,
 * a swap sees the real active liquidity at every price it can reach (outside the real active range this
 * approximates the unknown tick map). Returns the slot0 word to build later writes on.
 */
export async function prepareV3StandIn(args: {
  rpc: RpcClient
  tx: TxSender
  manifest: Manifest
  pool: ManifestPool
  initial: V3PoolState
  liquidityCap: bigint
}): Promise<{ slot0: bigint }> {
  const { rpc, tx, manifest, pool, initial, liquidityCap } = args
  const spacing = tickSpacings[pool.fee]!
  const lowest = Math.ceil(MIN_TICK / spacing) * spacing
  const highest = Math.floor(MAX_TICK / spacing) * spacing
  const current = BigInt(await rpc.request<Hex>('eth_getStorageAt', [pool.address, slotHex(V3_SLOT0_SLOT), 'latest']))
  await rpc.request('anvil_setStorageAt', [pool.address, slotHex(V3_SLOT0_SLOT), encodeV3Slot0(current, initial.sqrtPriceX96, initial.tick)])

  // Full-range amounts for liquidityCap at the starting price, with 2% to spare for rounding.
  const amount0 = ((liquidityCap * Q96) / initial.sqrtPriceX96) * 102n / 100n + 1n
  const amount1 = ((liquidityCap * initial.sqrtPriceX96) / Q96) * 102n / 100n + 1n
  const symbolOf = (a: Address) => Object.entries(manifest.tokens).find(([, t]) => t.address === a)?.[0]
  for (const [token, amount] of [[pool.token0, amount0], [pool.token1, amount1]] as const) {
    if (symbolOf(token) === 'WETH') {
      const balance = BigInt(await rpc.request<Hex>('eth_getBalance', [tx.from, 'latest']))
      await rpc.request('anvil_setBalance', [tx.from, `0x${(balance + amount + 10n ** 18n).toString(16)}`])
      await tx.send('fund stand-in: wrap WETH', token, encodeFunctionData({ abi: weth9Abi, functionName: 'deposit' }), { value: amount, gas: 100_000n })
    } else {
      await tx.send('fund stand-in: mint', token, encodeFunctionData({ abi: testTokenAbi, functionName: 'mint', args: [tx.from, amount] }), { gas: 100_000n })
    }
  }
  const mint = encodeV3Mint(pool, { tickLower: lowest, tickUpper: highest }, amount0, amount1, tx.from)
  await tx.send('stand-in full-range position', manifest.venues['uniswap-v3'].positionManager!, mint, { gas: 1_500_000n })
  await tx.flush()

  // Every tick a position ever initialized on this pool.
  const logs = await rpc.request<{ topics: [Hex, ...Hex[]]; data: Hex }[]>('eth_getLogs', [{ address: pool.address, fromBlock: '0x0', toBlock: 'latest' }])
  const ticks = new Set<number>()
  for (const log of logs) {
    try {
      const event = decodeEventLog({ abi: uniswapV3PoolAbi, topics: log.topics, data: log.data })
      if (event.eventName === 'Mint') {
        ticks.add(event.args.tickLower)
        ticks.add(event.args.tickUpper)
      }
    } catch {
      // Not a pool event we decode (none expected); its ticks are not affected.
    }
  }
  const list = [...ticks]
  const words = await rpc.batch<Hex[]>(list.map((t) => ({ method: 'eth_getStorageAt', params: [pool.address, tickSlot(t), 'latest'] })))
  await rpc.batch(
    list.map((t, i) => {
      const gross = BigInt(words[i]!) & MASK_128
      const net = t === lowest ? liquidityCap : t === highest ? -liquidityCap : 0n
      return { method: 'anvil_setStorageAt', params: [pool.address, tickSlot(t), encodeTickWord(gross, net)] }
    }),
  )
  return { slot0: BigInt(await rpc.request<Hex>('eth_getStorageAt', [pool.address, slotHex(V3_SLOT0_SLOT), 'latest'])) }
}
