import { encodeAbiParameters, getContractAddress, keccak256, type Address, type Hex } from 'viem'
import { sortTokens } from './computeV2PairAddress.js'

/** The pool init code hash Uniswap V3 periphery (QuoterV2, SwapRouter, NonfungiblePositionManager) hard-codes. */
export const POOL_INIT_CODE_HASH: Hex = '0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54'

/**
 * The address the Uniswap V3 factory gives a pool (CREATE2 with salt keccak256(abi.encode(token0, token1,
 * fee))), lower-case — what periphery's `PoolAddress.computeAddress` returns.
 *
 * @example
 * computeV3PoolAddress({ factory, tokenA: usdc, tokenB: weth, fee: 500 })
 */
export function computeV3PoolAddress(args: { factory: Address; tokenA: Address; tokenB: Address; fee: number }): Address {
  const [token0, token1] = sortTokens(args.tokenA, args.tokenB)
  return getContractAddress({
    opcode: 'CREATE2',
    from: args.factory,
    salt: keccak256(
      encodeAbiParameters([{ type: 'address' }, { type: 'address' }, { type: 'uint24' }], [token0, token1, args.fee]),
    ),
    bytecodeHash: POOL_INIT_CODE_HASH,
  }).toLowerCase() as Address
}
