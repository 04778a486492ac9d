import { isLoopbackUrl } from '../chain/isLoopbackUrl.js'
import { localForkEnv } from '../chain/localForkEnv.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'

/**
 * Starts the long-lived Anvil a fork executor moves from block to block, forking `sourceRpcUrl`, with quick
 * retries of failed fetches (Anvil retries HTTP 429/5xx and timeouts with backoff). Its first fetch happens at
 * startup, so a start that fails on a dropped request is retried.
 *
 * First-in first-out mempool (`--order fifo`): a replayed block's transactions are mined in the order they are
 * sent, so the inclusion models decide where ours lands. One dev account (the executor's owner on the devnet; Anvil fetches every dev account from the source at
 * each reset), no automine (the executor mines each trade with `evm_mine`). A loopback source gets no disk
 * cache (`~/.foundry/cache/rpc` would keep a copy of every block reset to, for no gain) and a minimal
 * certificate store (`localForkEnv`).
 */
export async function startForkNode(sourceRpcUrl: string, chainId: number, forkBlockNumber?: bigint): Promise<Anvil> {
  const local = isLoopbackUrl(sourceRpcUrl)
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAnvil({
        forkUrl: sourceRpcUrl,
        chainId,
        accounts: 1,
        noMining: true,
        ...(forkBlockNumber !== undefined ? { forkBlockNumber } : {}),
        extraArgs: ['--fork-retry-backoff', '50', '--retries', '8', '--silent', '--order', 'fifo', ...(local ? ['--no-storage-caching'] : [])],
        ...(local ? { env: localForkEnv() } : {}),
      })
    } catch (e) {
      if (attempt >= 5) throw e
      await new Promise((r) => setTimeout(r, 100 * attempt))
    }
  }
}
