import { getContractAddress, type Address } from 'viem'
import { devnetTokenSymbols } from '../../devnet/devnetPlan.js'
import { DevnetError } from '../../errors/DevnetError.js'

/**
 * The nonce the devnet deployer should start from so that every required token pair sorts as on the
 * source chain (e.g. USDC < WETH as on mainnet; a fresh devnet puts WETH first). deployDevnet deploys the
 * tokens first, in `devnetTokenSymbols` order, one nonce each, so their addresses follow from the start
 * nonce. Returns the smallest nonce (from 0) that satisfies every `[token0, token1]` pair.
 *
 * @example
 * chooseDeployerNonce(deployer, [['USDC', 'WETH']]) // 1
 */
export function chooseDeployerNonce(deployer: Address, pairs: [string, string][], maxNonce = 10_000): number {
  const index = (symbol: string) => {
    const i = (devnetTokenSymbols as readonly string[]).indexOf(symbol)
    if (i < 0) throw new DevnetError(`The devnet has no token ${symbol}`, { step: 'token-order', details: `devnet tokens: ${devnetTokenSymbols.join(', ')}` })
    return i
  }
  const wanted = pairs.map(([a, b]) => [index(a), index(b)] as const)
  for (let start = 0; start <= maxNonce; start++) {
    const address = (i: number) => getContractAddress({ from: deployer, nonce: BigInt(start + i) }).toLowerCase()
    if (wanted.every(([a, b]) => address(a) < address(b))) return start
  }
  throw new DevnetError('No deployer nonce gives the devnet tokens the order the history needs', {
    step: 'token-order',
    details: pairs.map((p) => p.join('<')).join(', '),
  })
}
