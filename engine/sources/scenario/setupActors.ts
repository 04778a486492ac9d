import { encodeAbiParameters, encodeFunctionData, erc20Abi, getContractAddress, maxUint256, type Address, type Hex } from 'viem'
import { testTokenAbi } from '../../abi/testToken.js'
import { weth9Abi } from '../../abi/weth9.js'
import type { RpcClient } from '../../chain/createRpcClient.js'
import type { Manifest } from '../../devnet/manifest.js'
import { loadArtifact } from '../../devnet/loadArtifact.js'
import { ScenarioError } from '../../errors/ScenarioError.js'
import type { BlockSender } from './createBlockSender.js'
import type { ScenarioContracts, TxRequest } from './encodeAction.js'
import { scenarioActors } from './scenarioActors.js'
import { v2RouterBytecode } from './v2Router.js'

/** Ether each actor gets (wei): enough to wrap its WETH and pay gas for any run. */
const ACTOR_ETHER = 10n ** 30n
/** WETH each actor wraps (wei), and whole units of each TestToken it is minted. */
const ACTOR_WETH = 10n ** 28n
const ACTOR_TOKENS_WHOLE = 10n ** 12n

/**
 * Prepares the scenario's actors in one block: deploys a UniswapV2Router02 per V2 venue and a V4Swapper (from
 * the devnet deployer), gives each actor ether (anvil_setBalance), WETH wrapped from it, TestTokens minted by the
 * deployer (their owner), and approvals of the V2 routers, the SwapRouter, the position manager, the Balancer
 * Vault and the V4Swapper; the LP also approves the V2 routers for every pair's LP token. Checks every receipt,
 * since a failed approval would make later trades revert. Returns the addresses the trades go to.
 */
export async function setupActors(rpc: RpcClient, sender: BlockSender, manifest: Manifest): Promise<ScenarioContracts> {
  const deployer = manifest.deployer
  const { router: v3Router, positionManager } = manifest.venues['uniswap-v3']
  if (!deployer) throw new ScenarioError('The devnet manifest has no deployer to mint tokens from', { step: 'setup' })
  if (!positionManager) throw new ScenarioError('The devnet manifest has no V3 position manager', { step: 'setup' })
  const actors = Object.values(scenarioActors)
  await rpc.batch(actors.map((a) => ({ method: 'anvil_setBalance', params: [a, `0x${ACTOR_ETHER.toString(16)}`] })))

  const txs: TxRequest[] = []
  const routerCode = v2RouterBytecode()
  const deploy = (bytecode: Hex, args: Hex): Address => {
    const address = getContractAddress({ from: deployer, nonce: sender.nonce(deployer) + BigInt(txs.filter((t) => t.from === deployer).length) })
    txs.push({ from: deployer, to: null, data: `${bytecode}${args.slice(2)}` as Hex, gas: 6_000_000n })
    return address.toLowerCase() as Address
  }
  const deployRouter = (factory: Address): Address =>
    deploy(routerCode, encodeAbiParameters([{ type: 'address' }, { type: 'address' }], [factory, manifest.tokens.WETH!.address]))
  const v2Routers = { 'uniswap-v2': deployRouter(manifest.venues['uniswap-v2'].factory), sushiswap: deployRouter(manifest.venues.sushiswap.factory) }
  const vault = manifest.venues['balancer-v2']?.vault
  const poolManager = manifest.venues['uniswap-v4']?.poolManager
  if (!vault || !poolManager) throw new ScenarioError('The devnet manifest has no Balancer Vault or V4 PoolManager', { step: 'setup' })
  const v4Swapper = deploy(loadArtifact('V4Swapper').bytecode, encodeAbiParameters([{ type: 'address' }], [poolManager]))
  const contracts: ScenarioContracts = { v2Routers, v3Router, positionManager, vault, v4Swapper }
  const spenders = [v2Routers['uniswap-v2'], v2Routers.sushiswap, v3Router, positionManager, vault, v4Swapper]
  const approve = (from: Address, token: Address, spender: Address): TxRequest => ({
    from,
    to: token,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [spender, maxUint256] }),
    gas: 100_000n,
  })
  for (const [symbol, token] of Object.entries(manifest.tokens)) {
    for (const actor of actors) {
      if (symbol === 'WETH') {
        const data = encodeFunctionData({ abi: weth9Abi, functionName: 'deposit' })
        txs.push({ from: actor, to: token.address, data, gas: 100_000n, value: ACTOR_WETH })
      } else {
        const amount = ACTOR_TOKENS_WHOLE * 10n ** BigInt(token.decimals)
        const data = encodeFunctionData({ abi: testTokenAbi, functionName: 'mint', args: [actor, amount] })
        txs.push({ from: deployer, to: token.address, data, gas: 100_000n })
      }
      for (const spender of spenders) txs.push(approve(actor, token.address, spender))
    }
  }
  for (const pool of manifest.pools) {
    if (pool.venue === 'uniswap-v2' || pool.venue === 'sushiswap') txs.push(approve(scenarioActors.lp, pool.address, contracts.v2Routers[pool.venue]))
  }

  const latest = await rpc.request<{ baseFeePerGas: Hex }>('eth_getBlockByNumber', ['latest', false])
  const hashes = await sender.send(txs, 2n * BigInt(latest.baseFeePerGas) + 1n)
  await sender.mine()
  const receipts = await rpc.batch<({ status: Hex } | null)[]>(hashes.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })))
  const bad = receipts.findIndex((r) => !r || r.status !== '0x1')
  if (bad >= 0) {
    throw new ScenarioError('Preparing the scenario actors failed', {
      step: 'setup',
      details: `transaction ${hashes[bad]} ${receipts[bad] ? 'reverted' : 'was not mined'}`,
    })
  }
  return contracts
}
