import type { Address } from 'viem'
import type { Manifest } from './manifest.js'

const a = (checksummed: string) => checksummed.toLowerCase() as Address

const WETH = a('0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2')
const USDC = a('0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48')
const USDT = a('0xdAC17F958D2ee523a2206206994597C13D831ec7')
const DAI = a('0x6B175474E89094C44Da98b954EedeAC495271d0F')
const WBTC = a('0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599')

const sorted = (x: Address, y: Address): [Address, Address] => (x < y ? [x, y] : [y, x])
const pool = (address: string, venue: Manifest['pools'][number]['venue'], fee: number, x: Address, y: Address) => {
  const [token0, token1] = sorted(x, y)
  return { address: a(address), venue, fee, token0, token1 }
}

/**
 * Ethereum mainnet in the manifest format, for forked replays: the real Uniswap V2, SushiSwap, Uniswap V3
 * and Aave V3 contracts and a few deep pools. Every Uniswap V2/V3 pool address here is checked by
 * `mainnetProfile.test.ts` against its CREATE2 derivation from the factory and the npm init code hash.
 * There is no executor: users deploy their own ArbExecutor on a fork.
 */
export const mainnetProfile: Manifest = {
  chainId: 1,
  deployer: null,
  createdAt: null,
  tokens: {
    WETH: { address: WETH, decimals: 18 },
    USDC: { address: USDC, decimals: 6 },
    USDT: { address: USDT, decimals: 6 },
    DAI: { address: DAI, decimals: 18 },
    WBTC: { address: WBTC, decimals: 8 },
  },
  venues: {
    'uniswap-v2': { factory: a('0x5C69bEe701ef814a2B6a3EDD4B1652CB9cc5aA6f'), feeBps: 30 },
    sushiswap: { factory: a('0xC0AEe478e3658e2610c5F7A4D2E1777cE9e4f2Ac'), feeBps: 30 },
    'uniswap-v3': {
      factory: a('0x1F98431c8aD98523631AE4a59f267346ea31F984'),
      quoter: a('0x61fFE014bA17989E743c5F6cB21bF9697530B21e'),
      router: a('0xE592427A0AEce4641b4Ef0D39FC06F3aF8d0e2f6'),
      positionManager: a('0xC36442b4a4522E871399CD717aBDD847Ab11FE88'),
    },
    'uniswap-v4': { poolManager: a('0x000000000004444c5dc75cB358380D2e3dE08A90') },
    'balancer-v2': { vault: a('0xBA12222222228d8Ba445958a75a0704d566BF2C8') },
  },
  aave: {
    pool: a('0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2'),
    addressesProvider: a('0x2f39d218133AFaB8F2B819B1066c7E434Ad94E9e'),
  },
  executor: null,
  pools: [
    pool('0xB4e16d0168e52d35CaCD2c6185b44281Ec28C9Dc', 'uniswap-v2', 3000, USDC, WETH),
    pool('0xA478c2975Ab1Ea89e8196811F51A7B7Ade33eB11', 'uniswap-v2', 3000, DAI, WETH),
    pool('0x0d4a11d5EEaaC28EC3F61d100daF4d40471f1852', 'uniswap-v2', 3000, WETH, USDT),
    pool('0xBb2b8038a1640196FbE3e38816F3e67Cba72D940', 'uniswap-v2', 3000, WBTC, WETH),
    pool('0x3041CbD36888bECc7bbCBc0045E3B1f144466f5f', 'uniswap-v2', 3000, USDC, USDT),
    pool('0xAE461cA67B15dc8dc81CE7615e0320dA1A9aB8D5', 'uniswap-v2', 3000, DAI, USDC),
    pool('0x397FF1542f962076d0BFE58eA045FfA2d347ACa0', 'sushiswap', 3000, USDC, WETH),
    pool('0x88e6A0c2dDD26FEEb64F039a2c41296FcB3f5640', 'uniswap-v3', 500, USDC, WETH),
    pool('0x8ad599c3A0ff1De082011EFDDc58f1908eb6e6D8', 'uniswap-v3', 3000, USDC, WETH),
    pool('0x7BeA39867e4169DBe237d55C8242a8f2fcDcc387', 'uniswap-v3', 10000, USDC, WETH),
    pool('0x11b815efB8f581194ae79006d24E0d814B7697F6', 'uniswap-v3', 500, WETH, USDT),
    pool('0x4e68Ccd3E89f51C3074ca5072bbAC773960dFa36', 'uniswap-v3', 3000, WETH, USDT),
    pool('0xC2e9F25Be6257c210d7Adf0D4Cd6E3E881ba25f8', 'uniswap-v3', 3000, DAI, WETH),
    pool('0x4585FE77225b41b697C938B018E2Ac67Ac5a20c0', 'uniswap-v3', 500, WBTC, WETH),
    pool('0xCBCdF9626bC03E24f779434178A73a0B4bad62eD', 'uniswap-v3', 3000, WBTC, WETH),
    pool('0x3416cF6C708Da44DB2624D63ea0AAef7113527C6', 'uniswap-v3', 100, USDC, USDT),
    pool('0x5777d92f208679DB4b9778590Fa3CAB3aC9e2168', 'uniswap-v3', 100, DAI, USDC),
  ],
  note:
    'Ethereum mainnet. No executor: deploy your own ArbExecutor on a fork. SushiSwap lists only its USDC/WETH pair, whose ' +
    'address is known; its other pairs derive from the factory with its own init code hash.',
}
