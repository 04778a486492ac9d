import { encodeFunctionData, maxUint128, maxUint256, parseAbi, zeroAddress, type Address, type Hex } from 'viem'
import { nonfungiblePositionManagerAbi } from '../../abi/nonfungiblePositionManager.js'
import { swapRouterAbi } from '../../abi/swapRouter.js'
import { actionGas } from './actionGas.js'
import { scenarioActors } from './scenarioActors.js'
import type { Action, ScenarioPool } from './scenarioTypes.js'
import { v2RouterAbi } from './v2Router.js'

const v4SwapperAbi = parseAbi([
  'struct PoolKey { address currency0; address currency1; uint24 fee; int24 tickSpacing; address hooks; }',
  'function swap(PoolKey key, bool zeroForOne, uint256 amountIn, uint160 sqrtPriceLimitX96, address recipient) returns (uint256 paid, uint256 received)',
])
const balancerVaultSwapAbi = parseAbi([
  'struct SingleSwap { bytes32 poolId; uint8 kind; address assetIn; address assetOut; uint256 amount; bytes userData; }',
  'struct FundManagement { address sender; bool fromInternalBalance; address recipient; bool toInternalBalance; }',
  'function swap(SingleSwap singleSwap, FundManagement funds, uint256 limit, uint256 deadline) payable returns (uint256)',
])

/**
 * A transaction to send from an unlocked account (`to` null: a contract creation); nonce and fees are added by
 * the sender, except a rival's bid: `priorityFee` in wei per gas (see `createBlockSender`).
 */
export type TxRequest = { from: Address; to: Address | null; data: Hex; gas: bigint; value?: bigint; priorityFee?: bigint }

/**
 * Where the scenario's transactions go: a V2 router per V2 venue, the V3 SwapRouter and position manager, the
 * Balancer Vault and the scenario's V4Swapper.
 */
export type ScenarioContracts = {
  v2Routers: Record<'uniswap-v2' | 'sushiswap', Address>
  v3Router: Address
  positionManager: Address
  vault: Address
  v4Swapper: Address
}

/** TickMath's bounds plus/minus one: the price limit of a V4 swap planned without one. */
const MIN_SQRT_RATIO_PLUS_ONE = 4295128740n
const MAX_SQRT_RATIO_MINUS_ONE = 1461446703485210103287273052203988822378723970341n

/**
 * Turns a planned action into its transaction: V2 swaps and liquidity go through the venue's
 * UniswapV2Router02 (`swapExactTokensForTokens` with the planned output as the minimum, or on a pair of a taxed
 * token `swapExactTokensForTokensSupportingFeeOnTransferTokens`, whose minimum is what the trader receives; `addLiquidity`,
 * `removeLiquidity`); a V3 swap is one `SwapRouter.exactInputSingle`; V3 liquidity goes through the
 * position manager (`mint`, or `decreaseLiquidity` + `collect` in one `multicall`); a V4 swap is one
 * `V4Swapper.swap` (exact input, stopped at its price limit); a Balancer swap is one GIVEN_IN `Vault.swap` with
 * the planned output as its limit. `sender`: who sends it and receives its output (default: the actor of its role;
 * a rival wallet behind the builder signs its own backruns).
 */
export function encodeAction(action: Action, pools: readonly ScenarioPool[], contracts: ScenarioContracts, sender?: Address): TxRequest {
  const p = pools[action.pool]!
  const v2Router = p.venue === 'uniswap-v2' || p.venue === 'sushiswap' ? contracts.v2Routers[p.venue] : null
  switch (action.type) {
    case 'v2-swap': {
      const from = sender ?? scenarioActors[action.role]
      const path = action.zeroForOne ? [p.token0, p.token1] : [p.token1, p.token0]
      const data = encodeFunctionData({
        abi: v2RouterAbi,
        functionName: p.transferTaxBps ? 'swapExactTokensForTokensSupportingFeeOnTransferTokens' : 'swapExactTokensForTokens',
        args: [action.amountIn, action.amountOut, path, from, maxUint256],
      })
      return { from, to: v2Router, data, gas: actionGas(action) }
    }
    case 'v3-swap': {
      const from = sender ?? scenarioActors[action.role]
      const data = encodeFunctionData({
        abi: swapRouterAbi,
        functionName: 'exactInputSingle',
        args: [
          {
            tokenIn: action.zeroForOne ? p.token0 : p.token1,
            tokenOut: action.zeroForOne ? p.token1 : p.token0,
            fee: p.fee,
            recipient: from,
            deadline: maxUint256,
            amountIn: action.amountIn,
            amountOutMinimum: 0n,
            sqrtPriceLimitX96: action.sqrtPriceLimitX96,
          },
        ],
      })
      return { from, to: contracts.v3Router, data, gas: actionGas(action) }
    }
    case 'v4-swap': {
      const from = sender ?? scenarioActors[action.role]
      const key = { currency0: p.token0, currency1: p.token1, fee: p.fee, tickSpacing: p.tickSpacing!, hooks: zeroAddress }
      const limit = action.sqrtPriceLimitX96 !== 0n ? action.sqrtPriceLimitX96 : action.zeroForOne ? MIN_SQRT_RATIO_PLUS_ONE : MAX_SQRT_RATIO_MINUS_ONE
      const data = encodeFunctionData({ abi: v4SwapperAbi, functionName: 'swap', args: [key, action.zeroForOne, action.amountIn, limit, from] })
      return { from, to: contracts.v4Swapper, data, gas: actionGas(action) }
    }
    case 'balancer-swap': {
      const from = sender ?? scenarioActors[action.role]
      const data = encodeFunctionData({
        abi: balancerVaultSwapAbi,
        functionName: 'swap',
        args: [
          {
            poolId: p.id!,
            kind: 0, // GIVEN_IN
            assetIn: action.zeroForOne ? p.token0 : p.token1,
            assetOut: action.zeroForOne ? p.token1 : p.token0,
            amount: action.amountIn,
            userData: '0x',
          },
          { sender: from, fromInternalBalance: false, recipient: from, toInternalBalance: false },
          action.amountOut,
          maxUint256,
        ],
      })
      return { from, to: contracts.vault, data, gas: actionGas(action) }
    }
    case 'v2-add': {
      const lp = scenarioActors.lp
      const data = encodeFunctionData({
        abi: v2RouterAbi,
        functionName: 'addLiquidity',
        args: [p.token0, p.token1, action.amount0, action.amount1, 0n, 0n, lp, maxUint256],
      })
      return { from: lp, to: v2Router, data, gas: actionGas(action) }
    }
    case 'v2-remove': {
      const lp = scenarioActors.lp
      const data = encodeFunctionData({
        abi: v2RouterAbi,
        functionName: 'removeLiquidity',
        args: [p.token0, p.token1, action.liquidity, 0n, 0n, lp, maxUint256],
      })
      return { from: lp, to: v2Router, data, gas: actionGas(action) }
    }
    case 'v3-add': {
      const lp = scenarioActors.lp
      const data = encodeFunctionData({
        abi: nonfungiblePositionManagerAbi,
        functionName: 'mint',
        args: [
          {
            token0: p.token0,
            token1: p.token1,
            fee: p.fee,
            tickLower: action.tickLower,
            tickUpper: action.tickUpper,
            amount0Desired: action.amount0,
            amount1Desired: action.amount1,
            amount0Min: 0n,
            amount1Min: 0n,
            recipient: lp,
            deadline: maxUint256,
          },
        ],
      })
      return { from: lp, to: contracts.positionManager, data, gas: actionGas(action) }
    }
    case 'v3-remove': {
      const lp = scenarioActors.lp
      const decrease = encodeFunctionData({
        abi: nonfungiblePositionManagerAbi,
        functionName: 'decreaseLiquidity',
        args: [{ tokenId: action.tokenId, liquidity: action.liquidity, amount0Min: 0n, amount1Min: 0n, deadline: maxUint256 }],
      })
      const collect = encodeFunctionData({
        abi: nonfungiblePositionManagerAbi,
        functionName: 'collect',
        args: [{ tokenId: action.tokenId, recipient: lp, amount0Max: maxUint128, amount1Max: maxUint128 }],
      })
      const data = encodeFunctionData({ abi: nonfungiblePositionManagerAbi, functionName: 'multicall', args: [[decrease, collect]] })
      return { from: lp, to: contracts.positionManager, data, gas: actionGas(action) }
    }
  }
}
