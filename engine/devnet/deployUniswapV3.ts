import { keccak256, stringToHex, type Address } from 'viem'
import { DevnetError } from '../errors/DevnetError.js'
import { POOL_INIT_CODE_HASH } from './computeV3PoolAddress.js'
import type { TxSender } from './createTxSender.js'
import { linkBytecode } from './linkBytecode.js'
import { loadArtifact } from './loadArtifact.js'

/** Addresses of the Uniswap V3 deployment. */
export type UniswapV3Deployment = { factory: Address; quoter: Address; router: Address; positionManager: Address }

/**
 * Deploys the real Uniswap V3 factory and periphery (QuoterV2, SwapRouter, NonfungiblePositionManager
 * with its token descriptor). Periphery finds pools through a hard-coded init code hash, so this first
 * checks that the npm pool creation code hashes to it.
 */
export async function deployUniswapV3(tx: TxSender, weth: Address): Promise<UniswapV3Deployment> {
  const poolCodeHash = keccak256(loadArtifact('UniswapV3Pool').bytecode)
  if (poolCodeHash !== POOL_INIT_CODE_HASH) {
    throw new DevnetError('The npm UniswapV3Pool creation code does not hash to periphery POOL_INIT_CODE_HASH', {
      step: 'uniswap-v3',
      details: `keccak256(bytecode) = ${poolCodeHash}, periphery expects ${POOL_INIT_CODE_HASH}; the Quoter and router would not find the pools`,
    })
  }
  const factory = await tx.deploy('UniswapV3Factory', { ...loadArtifact('UniswapV3Factory'), gas: 8_000_000n })
  const nftDescriptorLib = await tx.deploy('NFTDescriptor', loadArtifact('NFTDescriptor'))
  const descriptorArtifact = loadArtifact('NonfungibleTokenPositionDescriptor')
  const descriptor = await tx.deploy('NonfungibleTokenPositionDescriptor', {
    abi: descriptorArtifact.abi,
    bytecode: linkBytecode(descriptorArtifact, { NFTDescriptor: nftDescriptorLib }),
    args: [weth, stringToHex('ETH', { size: 32 })],
  })
  const positionManager = await tx.deploy('NonfungiblePositionManager', {
    ...loadArtifact('NonfungiblePositionManager'),
    args: [factory, weth, descriptor],
  })
  const quoter = await tx.deploy('QuoterV2', { ...loadArtifact('QuoterV2'), args: [factory, weth] })
  const router = await tx.deploy('SwapRouter', { ...loadArtifact('SwapRouter'), args: [factory, weth] })
  return { factory, quoter, router, positionManager }
}

