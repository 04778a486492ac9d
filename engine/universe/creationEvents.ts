import { parseAbiItem, toEventSelector } from 'viem'

/** Uniswap V2 (and forks such as SushiSwap): `UniswapV2Factory.createPair`. */
export const pairCreatedEvent = parseAbiItem('event PairCreated(address indexed token0, address indexed token1, address pair, uint256 allPairsLength)')
/** Uniswap V3: `UniswapV3Factory.createPool`. */
export const poolCreatedEvent = parseAbiItem(
  'event PoolCreated(address indexed token0, address indexed token1, uint24 indexed fee, int24 tickSpacing, address pool)',
)
/** Uniswap V4: `PoolManager.initialize` (a V4 pool is an id inside the singleton, created when initialized). */
export const initializeEvent = parseAbiItem(
  'event Initialize(bytes32 indexed id, address indexed currency0, address indexed currency1, uint24 fee, int24 tickSpacing, address hooks, uint160 sqrtPriceX96, int24 tick)',
)
/** Balancer V2: `Vault.registerPool`; the tokens follow in `TokensRegistered` of the same pool id. */
export const poolRegisteredEvent = parseAbiItem('event PoolRegistered(bytes32 indexed poolId, address indexed poolAddress, uint8 specialization)')
export const tokensRegisteredEvent = parseAbiItem('event TokensRegistered(bytes32 indexed poolId, address[] tokens, address[] assetManagers)')

export const PAIR_CREATED = toEventSelector(pairCreatedEvent)
export const POOL_CREATED = toEventSelector(poolCreatedEvent)
export const INITIALIZE = toEventSelector(initializeEvent)
export const POOL_REGISTERED = toEventSelector(poolRegisteredEvent)
export const TOKENS_REGISTERED = toEventSelector(tokensRegisteredEvent)

/** V4's fee value that marks a pool whose hook sets the fee per swap (LPFeeLibrary.DYNAMIC_FEE_FLAG). */
export const V4_DYNAMIC_FEE_FLAG = 0x800000
