import { createRpcClient } from '../chain/createRpcClient.js'
import { DevnetError } from '../errors/DevnetError.js'
import { redactUrl } from '../errors/redactUrl.js'
import { RpcError } from '../errors/RpcError.js'
import { deployDevnet, type DeployDevnetOptions } from './deployDevnet.js'
import type { Manifest } from './manifest.js'

/**
 * Deploys the devnet onto a node that is already running (`arb devnet up --rpc URL`). The node must be
 * Anvil (checked with `web3_clientVersion`), because the deployment impersonates the deployer and sets
 * its balance; anything else fails with a DevnetError before a transaction is sent. On a node whose
 * deployer nonce is not 0 the addresses differ from a fresh devnet's; the manifest has the real ones.
 *
 * @example
 * const manifest = await deployDevnetTo('http://127.0.0.1:8545', { seed: 1 })
 */
export async function deployDevnetTo(rpcUrl: string, options: DeployDevnetOptions = {}): Promise<Manifest> {
  // Not retried: a deployment's sends are not idempotent, and a node that is not there should say so at once.
  const client = createRpcClient(rpcUrl, { retries: 0 })
  const rpc = { rpcUrl, request: client.request, batch: client.batch }
  let version: unknown
  try {
    version = await rpc.request('web3_clientVersion')
  } catch (cause) {
    throw new DevnetError(`Cannot deploy the devnet: ${redactUrl(rpcUrl)} did not answer web3_clientVersion`, {
      step: 'check-node',
      cause,
      details: 'is the node running, and is this its JSON-RPC URL?',
      retryable: cause instanceof RpcError && cause.retryable,
    })
  }
  if (typeof version !== 'string' || !/anvil/i.test(version)) {
    throw new DevnetError(
      `Cannot deploy the devnet: ${redactUrl(rpcUrl)} is not an Anvil node (web3_clientVersion: ${JSON.stringify(version)})`,
      {
        step: 'check-node',
        details: 'the devnet is deployed with Anvil-only methods (anvil_impersonateAccount, anvil_setBalance); start one with `arb devnet up`',
      },
    )
  }
  return deployDevnet(rpc, options)
}
