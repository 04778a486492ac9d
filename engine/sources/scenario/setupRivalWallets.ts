import { encodeFunctionData, erc20Abi, maxUint256, type Address, type Hex } from 'viem'
import { mnemonicToAccount, type HDAccount } from 'viem/accounts'
import { testTokenAbi } from '../../abi/testToken.js'
import { weth9Abi } from '../../abi/weth9.js'
import type { RpcClient } from '../../chain/createRpcClient.js'
import { DEFAULT_MNEMONIC } from '../../chain/startAnvil.js'
import type { Manifest } from '../../devnet/manifest.js'
import { ScenarioError } from '../../errors/ScenarioError.js'
import { createBlockSender } from './createBlockSender.js'
import type { ScenarioContracts, TxRequest } from './encodeAction.js'

/** First DEFAULT_MNEMONIC index of the rival wallets (the scenario's actors use 1–5). */
export const RIVAL_WALLET_INDEX = 20
/** First DEFAULT_MNEMONIC index of the rivals' bundle signing keys (their X-Flashbots-Signature identities). */
export const RIVAL_SIGNER_INDEX = 100
/** Most pools a live scenario gives a rival wallet each. */
export const MAX_RIVAL_WALLETS = 64

const WALLET_ETHER = 10n ** 30n
const WALLET_WETH = 10n ** 28n
const WALLET_TOKENS_WHOLE = 10n ** 12n

/**
 * One rival searcher's hot wallet per scenario pool (DEFAULT_MNEMONIC index RIVAL_WALLET_INDEX + pool), each
 * signing its own backruns: a searcher's bundles then never wait on another's nonce, as two searchers' do not.
 * Derived from the public test mnemonic (dev keys, never real ones).
 */
export function rivalWallets(pools: number): HDAccount[] {
  return rivalKeys(pools, RIVAL_WALLET_INDEX)
}

/** Each rival's bundle signing key (DEFAULT_MNEMONIC index RIVAL_SIGNER_INDEX + pool): its own identity with the builder. */
export function rivalSigners(pools: number): HDAccount[] {
  return rivalKeys(pools, RIVAL_SIGNER_INDEX)
}

function rivalKeys(pools: number, first: number): HDAccount[] {
  if (!Number.isInteger(pools) || pools < 1 || pools > MAX_RIVAL_WALLETS) throw new ScenarioError(`A live scenario supports 1 to ${MAX_RIVAL_WALLETS} pools, not ${pools}`, { step: 'setup' })
  return Array.from({ length: pools }, (_, i) => mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: first + i }))
}

/**
 * Funds the rival wallets, as `setupActors` funds the actors: ether (anvil_setBalance), WETH wrapped from it,
 * TestTokens minted by the deployer, and approvals of both V2 routers, the SwapRouter, the Balancer Vault and the
 * V4Swapper, sent at once and mined
 * with `mine`. The wallets are impersonated only for these transactions. Checks every receipt.
 */
export async function setupRivalWallets(rpc: RpcClient, manifest: Manifest, contracts: ScenarioContracts, wallets: readonly HDAccount[], mine: () => Promise<void>): Promise<void> {
  const deployer = manifest.deployer
  if (!deployer) throw new ScenarioError('The devnet manifest has no deployer to mint tokens from', { step: 'setup' })
  const addresses = wallets.map((w) => w.address.toLowerCase() as Address)
  await rpc.batch(addresses.map((a) => ({ method: 'anvil_setBalance', params: [a, `0x${WALLET_ETHER.toString(16)}`] })))
  await rpc.batch(addresses.map((a) => ({ method: 'anvil_impersonateAccount', params: [a] })))
  try {
    const sender = { ...(await createBlockSender(rpc, [deployer, ...addresses])), mine }
    const spenders = [contracts.v2Routers['uniswap-v2'], contracts.v2Routers.sushiswap, contracts.v3Router, contracts.vault, contracts.v4Swapper]
    const txs: TxRequest[] = []
    for (const [symbol, token] of Object.entries(manifest.tokens)) {
      for (const wallet of addresses) {
        if (symbol === 'WETH') txs.push({ from: wallet, to: token.address, data: encodeFunctionData({ abi: weth9Abi, functionName: 'deposit' }), gas: 100_000n, value: WALLET_WETH })
        else {
          const amount = WALLET_TOKENS_WHOLE * 10n ** BigInt(token.decimals)
          txs.push({ from: deployer, to: token.address, data: encodeFunctionData({ abi: testTokenAbi, functionName: 'mint', args: [wallet, amount] }), gas: 100_000n })
        }
        for (const spender of spenders) {
          txs.push({ from: wallet, to: token.address, data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [spender, maxUint256] }), gas: 100_000n })
        }
      }
    }
    const latest = await rpc.request<{ baseFeePerGas: Hex }>('eth_getBlockByNumber', ['latest', false])
    const hashes = await sender.send(txs, 2n * BigInt(latest.baseFeePerGas) + 1n)
    await sender.mine()
    const receipts = await rpc.batch<({ status: Hex } | null)[]>(hashes.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })))
    const bad = receipts.findIndex((r) => !r || r.status !== '0x1')
    if (bad >= 0) throw new ScenarioError('Funding the rival wallets failed', { step: 'setup', details: `transaction ${hashes[bad]} ${receipts[bad] ? 'reverted' : 'was not mined'}` })
  } finally {
    await rpc.batch(addresses.map((a) => ({ method: 'anvil_stopImpersonatingAccount', params: [a] })))
  }
}
