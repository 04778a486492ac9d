import { encodeFunctionData, erc20Abi, maxUint256, type Address } from 'viem'
import type { TxSender } from './createTxSender.js'

/** Approves `spender` for the maximum amount of each token, from the sender. */
export async function approveAll(tx: TxSender, tokens: Address[], spender: Address, label: string): Promise<void> {
  const data = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [spender, maxUint256] })
  for (const token of tokens) await tx.send(`approve ${label}`, token, data, { gas: 100_000n })
}
