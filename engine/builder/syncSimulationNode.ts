import type { Address, Hex } from 'viem'
import { nextBaseFee } from '../chain/nextBaseFee.js'
import type { BuildNodes } from './BuildNodes.js'

/** The head of the chain and the environment of the block built on it. */
export type NextBlockEnv = {
  readonly parentNumber: bigint
  readonly parentTimestamp: bigint
  /** Base fee of the next block (EIP-1559 from the parent), set explicitly on both nodes before mining. */
  readonly baseFee: bigint
  readonly coinbase: Address
}

type RpcBlock = { number: Hex; timestamp: Hex; baseFeePerGas?: Hex; gasUsed: Hex; gasLimit: Hex }

/**
 * Reads the chain's head and fee recipient, and re-forks the simulation node at that head with the same fee
 * recipient, so a block mined on it is the block the chain would mine.
 */
export async function syncSimulationNode(nodes: BuildNodes): Promise<NextBlockEnv> {
  const [parent, coinbase] = await nodes.chain.batch<[RpcBlock, Address]>([
    { method: 'eth_getBlockByNumber', params: ['latest', false] },
    { method: 'eth_coinbase' },
  ])
  const parentNumber = BigInt(parent.number)
  await nodes.resetSim(parentNumber)
  await nodes.sim.request('anvil_setCoinbase', [coinbase])
  await nodes.sim.request('evm_setAutomine', [false])
  return {
    parentNumber,
    parentTimestamp: BigInt(parent.timestamp),
    baseFee: nextBaseFee({ baseFee: BigInt(parent.baseFeePerGas ?? '0x0'), gasUsed: BigInt(parent.gasUsed), gasLimit: BigInt(parent.gasLimit) }),
    coinbase,
  }
}
