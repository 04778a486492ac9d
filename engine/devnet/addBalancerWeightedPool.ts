import { decodeFunctionResult, encodeAbiParameters, encodeFunctionData, zeroAddress, type Address, type Hex } from 'viem'
import type { TxSender } from './createTxSender.js'
import { loadArtifact } from './loadArtifact.js'

/**
 * Creates a weighted pool on the devnet's WeightedPoolFactory and seeds it with an INIT join through the Vault
 * (the sender must have approved the Vault for the tokens). `tokens` must be sorted ascending, `weights` are
 * 18-decimal and sum to 1e18, `swapFee` is 18-decimal (3e15 = 0.3%). Returns the pool's address and id.
 */
export async function addBalancerWeightedPool(
  tx: TxSender,
  args: { label: string; vault: Address; factory: Address; tokens: Address[]; weights: bigint[]; amounts: bigint[]; swapFee: bigint },
): Promise<{ address: Address; poolId: Hex }> {
  const factoryAbi = loadArtifact('BalancerWeightedPoolFactory').abi
  const poolAbi = loadArtifact('BalancerWeightedPool').abi
  const vaultAbi = loadArtifact('BalancerVault').abi
  const create = encodeFunctionData({
    abi: factoryAbi,
    functionName: 'create',
    args: [`AlphaPulse ${args.label}`, `APW-${args.label.replace(/\W+/g, '-')}`, args.tokens, args.weights, args.tokens.map(() => zeroAddress), args.swapFee, tx.from],
  })
  // The factory deploys with CREATE, so the address the call returns now is the one the transaction gets.
  const address = (decodeFunctionResult({ abi: factoryAbi, functionName: 'create', data: await tx.read(args.factory, create) }) as Address).toLowerCase() as Address
  await tx.send(`balancer-v2 ${args.label} create`, args.factory, create, { gas: 8_000_000n })
  const poolId = decodeFunctionResult({ abi: poolAbi, functionName: 'getPoolId', data: await tx.read(address, encodeFunctionData({ abi: poolAbi, functionName: 'getPoolId' })) }) as Hex
  const userData = encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256[]' }], [0n, args.amounts]) // JoinKind.INIT
  const join = encodeFunctionData({
    abi: vaultAbi,
    functionName: 'joinPool',
    args: [poolId, tx.from, tx.from, { assets: args.tokens, maxAmountsIn: args.amounts, userData, fromInternalBalance: false }],
  })
  await tx.send(`balancer-v2 ${args.label} join`, args.vault, join, { gas: 1_000_000n })
  return { address, poolId: poolId.toLowerCase() as Hex }
}
