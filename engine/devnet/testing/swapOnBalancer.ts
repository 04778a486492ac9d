import { encodeFunctionData, erc20Abi, maxUint256, parseAbi, type Address, type Hex } from 'viem'
import { weth9Abi } from '../../abi/weth9.js'
import { waitForReceipt } from '../../chain/waitForReceipt.js'
import type { DevnetRpc } from '../createTxSender.js'
import type { ManifestPool } from '../manifest.js'
import { TRADER } from './dumpOnV2.js'

const vaultAbi = parseAbi([
  'struct SingleSwap { bytes32 poolId; uint8 kind; address assetIn; address assetOut; uint256 amount; bytes userData; }',
  'struct FundManagement { address sender; bool fromInternalBalance; address recipient; bool toInternalBalance; }',
  'function swap(SingleSwap singleSwap, FundManagement funds, uint256 limit, uint256 deadline) payable returns (uint256)',
])

/**
 * Sells `wethIn` WETH (wrapped from the trader's ETH) for `tokenOut` in a Balancer weighted pool with one GIVEN_IN
 * `Vault.swap`, making WETH cheap against `tokenOut` there: the planted mispricing tests look for.
 */
export async function dumpWethOnBalancer(rpc: Pick<DevnetRpc, 'request' | 'batch'>, vault: Address, pool: ManifestPool, weth: Address, tokenOut: Address, wethIn: bigint): Promise<void> {
  const swap = encodeFunctionData({
    abi: vaultAbi,
    functionName: 'swap',
    args: [{ poolId: pool.id as Hex, kind: 0, assetIn: weth, assetOut: tokenOut, amount: wethIn, userData: '0x' }, { sender: TRADER, fromInternalBalance: false, recipient: TRADER, toInternalBalance: false }, 1n, maxUint256],
  })
  const txs: { to: Address; data: Hex; value?: bigint }[] = [
    { to: weth, data: encodeFunctionData({ abi: weth9Abi, functionName: 'deposit' }), value: wethIn },
    { to: weth, data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [vault, wethIn] }) },
    { to: vault, data: swap },
  ]
  for (const tx of txs) {
    const hash = await rpc.request<Hex>('eth_sendTransaction', [{ from: TRADER, to: tx.to, data: tx.data, value: `0x${(tx.value ?? 0n).toString(16)}`, gas: '0x4c4b40' }])
    if ((await waitForReceipt(rpc, hash)).status !== '0x1') throw new Error(`trader tx ${hash} failed`)
  }
}
