import { encodeFunctionData, erc20Abi, maxUint256, type Address, type Hex } from 'viem'
import { testTokenAbi } from '../../abi/testToken.js'
import { weth9Abi } from '../../abi/weth9.js'
import type { DevnetRpc } from '../../devnet/createTxSender.js'
import type { Manifest } from '../../devnet/manifest.js'
import { sendTransaction } from './sendTransaction.js'

/**
 * Test helper: gives the devnet deployer (owner of every TestToken) `amount` more of each token (TestTokens
 * minted, WETH wrapped from ether it is topped up with) and approves each of `spenders` for all of them.
 */
export async function fundDeployer(rpc: DevnetRpc, manifest: Manifest, amount: bigint, spenders: Address[] = []): Promise<void> {
  const me = manifest.deployer!
  const balance = BigInt(await rpc.request<Hex>('eth_getBalance', [me, 'latest']))
  await rpc.request('anvil_setBalance', [me, `0x${(balance + amount).toString(16)}`])
  for (const [symbol, token] of Object.entries(manifest.tokens)) {
    const data =
      symbol === 'WETH'
        ? encodeFunctionData({ abi: weth9Abi, functionName: 'deposit' })
        : encodeFunctionData({ abi: testTokenAbi, functionName: 'mint', args: [me, amount] })
    await sendTransaction(rpc, { label: `fund ${symbol}`, from: me, to: token.address, data, value: symbol === 'WETH' ? amount : undefined })
    for (const spender of spenders) {
      const approve = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [spender, maxUint256] })
      await sendTransaction(rpc, { label: `approve ${symbol}`, from: me, to: token.address, data: approve })
    }
  }
}
