import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseAbi, type Hex } from 'viem'
import { repoRoot } from '../../devnet/repoRoot.js'
import { ScenarioError } from '../../errors/ScenarioError.js'

/**
 * The UniswapV2Router02 functions the scenario's traders and LP call (the router finds pairs through
 * the init code hash 0x96e8…845f, which the devnet's npm pair bytecode has).
 */
export const v2RouterAbi = parseAbi([
  'function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[] amounts)',
  'function swapExactTokensForTokensSupportingFeeOnTransferTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline)',
  'function addLiquidity(address tokenA, address tokenB, uint256 amountADesired, uint256 amountBDesired, uint256 amountAMin, uint256 amountBMin, address to, uint256 deadline) returns (uint256 amountA, uint256 amountB, uint256 liquidity)',
  'function removeLiquidity(address tokenA, address tokenB, uint256 liquidity, uint256 amountAMin, uint256 amountBMin, address to, uint256 deadline) returns (uint256 amountA, uint256 amountB)',
])

const ROUTER_PATH = 'node_modules/@uniswap/v2-periphery/build/UniswapV2Router02.json'

/** Creation code of the npm UniswapV2Router02 (constructor: factory, WETH). */
export function v2RouterBytecode(): Hex {
  let json: { bytecode?: string; evm?: { bytecode?: { object?: string } } }
  try {
    json = JSON.parse(readFileSync(join(repoRoot, ROUTER_PATH), 'utf8')) as typeof json
  } catch (cause) {
    throw new ScenarioError(`Cannot read ${ROUTER_PATH}`, { step: 'setup', cause, details: 'is @uniswap/v2-periphery installed?' })
  }
  const code = json.evm?.bytecode?.object ?? json.bytecode
  if (!code) throw new ScenarioError(`${ROUTER_PATH} has no bytecode`, { step: 'setup' })
  return (code.startsWith('0x') ? code : `0x${code}`) as Hex
}
