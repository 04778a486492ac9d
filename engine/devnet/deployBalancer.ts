import { decodeFunctionResult, encodeFunctionData, type Address } from 'viem'
import type { TxSender } from './createTxSender.js'
import { loadArtifact } from './loadArtifact.js'

/** The Balancer V2 contracts of the devnet. */
export type BalancerDeployment = { vault: Address; weightedPoolFactory: Address; protocolFeesCollector: Address }

/**
 * Deploys Balancer V2 from `@balancer-labs/v2-deployments`' artifacts: an Authorizer administered by the
 * sender, the Vault (which creates its ProtocolFeesCollector; flash-loan fee 0, as on mainnet), a
 * ProtocolFeePercentagesProvider and the 2023 WeightedPoolFactory (weighted pools v3).
 */
export async function deployBalancer(tx: TxSender, weth: Address): Promise<BalancerDeployment> {
  const authorizer = await tx.deploy('Balancer Authorizer', { ...loadArtifact('BalancerAuthorizer'), args: [tx.from] })
  const vaultArtifact = loadArtifact('BalancerVault')
  // No pause window: the devnet Vault can never be paused.
  const vault = await tx.deploy('Balancer Vault', { ...vaultArtifact, args: [authorizer, weth, 0n, 0n] })
  const provider = await tx.deploy('Balancer ProtocolFeePercentagesProvider', {
    ...loadArtifact('BalancerProtocolFeePercentagesProvider'),
    args: [vault, 10n ** 18n, 10n ** 18n],
  })
  const factoryVersion = JSON.stringify({ name: 'WeightedPoolFactory', version: 3, deployment: 'alphapulse-devnet' })
  const poolVersion = JSON.stringify({ name: 'WeightedPool', version: 3, deployment: 'alphapulse-devnet' })
  const weightedPoolFactory = await tx.deploy('Balancer WeightedPoolFactory', {
    ...loadArtifact('BalancerWeightedPoolFactory'),
    args: [vault, provider, factoryVersion, poolVersion],
  })
  const raw = await tx.read(vault, encodeFunctionData({ abi: vaultArtifact.abi, functionName: 'getProtocolFeesCollector' }))
  const protocolFeesCollector = (decodeFunctionResult({ abi: vaultArtifact.abi, functionName: 'getProtocolFeesCollector', data: raw }) as Address).toLowerCase() as Address
  return { vault: vault.toLowerCase() as Address, weightedPoolFactory: weightedPoolFactory.toLowerCase() as Address, protocolFeesCollector }
}
