import type { Address } from 'viem'
import type { TxSender } from './createTxSender.js'
import { loadArtifact } from './loadArtifact.js'

/** Deploys the real UniswapV2Factory (feeToSetter = the sender) and returns its address. */
export async function deployUniswapV2(tx: TxSender, label: string): Promise<Address> {
  return tx.deploy(`${label} factory`, { ...loadArtifact('UniswapV2Factory'), args: [tx.from] })
}
