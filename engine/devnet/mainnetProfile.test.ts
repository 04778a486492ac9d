import { keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { computeV2PairAddress, UNISWAP_V2_PAIR_INIT_CODE_HASH } from './computeV2PairAddress.js'
import { computeV3PoolAddress, POOL_INIT_CODE_HASH } from './computeV3PoolAddress.js'
import { loadArtifact } from './loadArtifact.js'
import { mainnetProfile as m } from './mainnetProfile.js'
import { parseManifest } from './manifest.js'

describe('mainnetProfile', () => {
  it('is a valid manifest', () => {
    expect(parseManifest(m)).toEqual(m)
  })

  it('the npm pool creation codes hash to the init code hashes mainnet uses', () => {
    expect(keccak256(loadArtifact('UniswapV3Pool').bytecode)).toBe(POOL_INIT_CODE_HASH)
    expect(keccak256(loadArtifact('UniswapV2Pair').bytecode)).toBe(UNISWAP_V2_PAIR_INIT_CODE_HASH)
  })

  it('every Uniswap V2/V3 pool address is the CREATE2 address of its tokens and fee', () => {
    for (const p of m.pools) {
      if (p.venue === 'sushiswap') continue // SushiSwap's pair code differs; its one pair is the brief's known address
      const expected =
        p.venue === 'uniswap-v3'
          ? computeV3PoolAddress({ factory: m.venues['uniswap-v3'].factory, tokenA: p.token0, tokenB: p.token1, fee: p.fee })
          : computeV2PairAddress({ factory: m.venues['uniswap-v2'].factory, tokenA: p.token0, tokenB: p.token1 })
      expect(p.address, `${p.venue} ${p.fee}`).toBe(expected)
    }
  })
})
