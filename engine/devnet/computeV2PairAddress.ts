import { encodePacked, getContractAddress, keccak256, type Address, type Hex } from 'viem'

/** keccak256 of the Uniswap V2 pair creation code from @uniswap/v2-core (the same as mainnet's). */
export const UNISWAP_V2_PAIR_INIT_CODE_HASH: Hex = '0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f'

/**
 * The address a Uniswap V2-style factory gives the pair of two tokens (CREATE2 with salt
 * keccak256(token0 ++ token1)), lower-case. Forks such as SushiSwap pass their own `initCodeHash`.
 *
 * @example
 * computeV2PairAddress({ factory, tokenA: usdc, tokenB: weth })
 */
export function computeV2PairAddress(args: { factory: Address; tokenA: Address; tokenB: Address; initCodeHash?: Hex }): Address {
  const [token0, token1] = sortTokens(args.tokenA, args.tokenB)
  return getContractAddress({
    opcode: 'CREATE2',
    from: args.factory,
    salt: keccak256(encodePacked(['address', 'address'], [token0, token1])),
    bytecodeHash: args.initCodeHash ?? UNISWAP_V2_PAIR_INIT_CODE_HASH,
  }).toLowerCase() as Address
}

/** The two tokens in pool order (token0 < token1), lower-case. */
export function sortTokens(a: Address, b: Address): [Address, Address] {
  const x = a.toLowerCase() as Address
  const y = b.toLowerCase() as Address
  return x < y ? [x, y] : [y, x]
}
