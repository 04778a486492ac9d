import { dirname, join, resolve } from 'node:path'
import type { Hex } from 'viem'
import { createRpcClient } from '../chain/createRpcClient.js'
import { mainnetProfile } from '../devnet/mainnetProfile.js'
import { readManifest, writeManifest } from '../devnet/manifest.js'
import { ConfigError } from '../errors/ConfigError.js'
import type { Store } from '../store/openStore.js'
import { readUniverse } from './readUniverse.js'
import { universeManifest } from './universeManifest.js'

/**
 * `arb backtest --universe`: writes a manifest of the discovered universe of the RPC's chain (tradable pools of `store`) next to the database, as `universe-<chainId>-<fromBlock>.json`, and returns its path,
 * which the run's source records, so `--resume` trades the same pools. Venues, Aave and executor come from
 * `basePath` (default: the mainnet profile on chain 1).
 */
export async function writeUniverseManifest(store: Store, rpcUrl: string, basePath: string | undefined, dbPath: string, fromBlock: number): Promise<string> {
  const chainId = Number(BigInt(await createRpcClient(rpcUrl, { retries: 3 }).request<Hex>('eth_chainId')))
  if (!basePath && chainId !== 1) throw new ConfigError('--manifest', `a manifest of chain ${chainId} to take venues and Aave from (only chain 1 has a built-in profile)`)
  const base = basePath ? await readManifest(basePath) : mainnetProfile
  const universe = await readUniverse(store, chainId)
  if (universe.tradable.length === 0) {
    throw new ConfigError('--universe', `discovered pools of chain ${chainId} in this database (run \`arb pools discover --rpc-url … --from N\` first)`)
  }
  const path = join(dbPath === ':memory:' ? resolve('data') : dirname(resolve(dbPath)), `universe-${chainId}-${fromBlock}.json`)
  await writeManifest(path, universeManifest(base, universe))
  return path
}
