import { startAnvil, type Anvil } from '../../chain/startAnvil.js'
import { deployDevnet } from '../../devnet/deployDevnet.js'
import type { Manifest } from '../../devnet/manifest.js'
import { dumpWethOnV2 } from '../../devnet/testing/dumpOnV2.js'
import { createForkSource } from '../../sources/fork/createForkSource.js'
import type { HistorySource } from '../../sources/types.js'

export type PlantedChain = {
  chain: Anvil
  manifest: Manifest
  /** First and last block of the range to replay. */
  from: bigint
  to: bigint
  /** Blocks holding a planted mispricing. */
  planted: bigint[]
  /** A history source over `from..to` (the caller closes it; closing does not stop the chain). */
  source(): Promise<HistorySource>
  stop(): Promise<void>
}

/**
 * Test data: a fresh devnet with WETH dumped into three different V2 pairs at three blocks, quiet blocks in
 * between. Every dump stays unarbitraged on the source chain, so later blocks keep (and add) opportunities:
 * real runs over it give cumulative P&L with several steps, several start tokens' routes and empty blocks.
 */
export async function plantMispricings(options: { gap?: number } = {}): Promise<PlantedChain> {
  const gap = `0x${(options.gap ?? 2).toString(16)}`
  const chain = await startAnvil()
  try {
    const manifest = await deployDevnet(chain)
    const from = (await chain.publicClient.getBlockNumber()) + 1n
    const planted: bigint[] = []
    await chain.request('anvil_mine', [gap])
    for (const [venue, symbol, weth] of [
      ['uniswap-v2', 'USDC', 400n],
      ['sushiswap', 'DAI', 250n],
      ['uniswap-v2', 'USDT', 150n],
    ] as const) {
      await dumpWethOnV2(chain, manifest, venue, symbol, weth * 10n ** 18n)
      planted.push(await chain.publicClient.getBlockNumber())
      await chain.request('anvil_mine', [gap])
    }
    const to = await chain.publicClient.getBlockNumber()
    return {
      chain,
      manifest,
      from,
      to,
      planted,
      source: () => createForkSource({ rpcUrl: chain.rpcUrl, manifest, from, to }),
      stop: () => chain.stop(),
    }
  } catch (e) {
    await chain.stop()
    throw e
  }
}
