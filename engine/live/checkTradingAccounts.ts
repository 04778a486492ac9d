import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import { arbExecutorAbi } from '../abi/arbExecutor.js'
import type { RpcClient } from '../chain/createRpcClient.js'
import { LiveError } from '../errors/LiveError.js'
import type { Address } from '../market/types.js'

export type CheckTradingAccountsOptions = {
  rpc: RpcClient
  /** Our ArbExecutor. */
  executor: Address
  /** The keys given: ARB_PRIVATE_KEY (or --keystore) first, then ARB_TRADER_KEYS (or --trader-keystore). */
  accounts: readonly PrivateKeyAccount[]
  /** How many accounts trade (execution.bundleAccounts; 1 for public transactions). */
  required: number
}

/**
 * Live mode's preflight of its trading accounts, before the first head: refuses (LiveError naming the account by
 * position and address, never its key) when fewer keys than `required` were given, when two are the same, when one
 * is neither the executor's owner nor an allowed executor (`executors(addr)`, set with `setExecutor`), or when one
 * holds no ETH to pay gas. Answers the accounts that trade: the first `required` (later ones are not used).
 *
 * @example
 * const traders = await checkTradingAccounts({ rpc, executor: manifest.executor, accounts: [account, ...extra], required: config.execution.bundleAccounts ?? 1 })
 */
export async function checkTradingAccounts(options: CheckTradingAccountsOptions): Promise<PrivateKeyAccount[]> {
  const { rpc, executor, required } = options
  if (options.accounts.length < required) {
    throw new LiveError('no-key', `execution.bundleAccounts is ${required} but ${options.accounts.length} trading key${options.accounts.length === 1 ? ' was' : 's were'} given`, {
      details: `the first comes from ARB_PRIVATE_KEY (or --keystore), the other ${required - 1} from ARB_TRADER_KEYS (comma-separated) or --trader-keystore files`,
    })
  }
  const accounts = options.accounts.slice(0, required)
  const seen = new Map<string, number>()
  for (const [i, a] of accounts.entries()) {
    const first = seen.get(a.address.toLowerCase())
    if (first !== undefined) throw new LiveError('no-key', `Trading accounts ${first + 1} and ${i + 1} are the same address ${a.address}`, { details: 'each bundle account needs its own key (its own nonce)' })
    seen.set(a.address.toLowerCase(), i)
  }
  const call = async <T>(functionName: 'owner' | 'executors', args?: readonly [Address]): Promise<T> =>
    decodeFunctionResult({
      abi: arbExecutorAbi,
      functionName,
      data: await rpc.request<Hex>('eth_call', [{ to: executor, data: encodeFunctionData({ abi: arbExecutorAbi, functionName, ...(args ? { args } : {}) } as Parameters<typeof encodeFunctionData>[0]) }, 'latest']),
    }) as T
  const owner = (await call<string>('owner')).toLowerCase()
  for (const [i, a] of accounts.entries()) {
    const address = a.address.toLowerCase() as Address
    if (address !== owner && !(await call<boolean>('executors', [address]))) {
      throw new LiveError('not-executor', `Trading account ${i + 1} (${a.address}) is neither the owner of the executor ${executor} (owner ${owner}) nor an allowed executor`, {
        details: `the owner allows it with setExecutor(${a.address}, true)`,
      })
    }
    const balance = BigInt(await rpc.request<Hex>('eth_getBalance', [a.address, 'latest']))
    if (balance === 0n) throw new LiveError('no-eth', `Trading account ${i + 1} (${a.address}) holds no ETH to pay gas`)
  }
  return accounts
}
