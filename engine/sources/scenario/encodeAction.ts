import { encodeFunctionData, maxUint128, maxUint256, type Address, type Hex } from 'viem'
import { nonfungiblePositionManagerAbi } from '../../abi/nonfungiblePositionManager.js'
import { swapRouterAbi } from '../../abi/swapRouter.js'
import { actionGas } from './actionGas.js'
import { scenarioActors } from './scenarioActors.js'
import type { Action, ScenarioPool } from './scenarioTypes.js'
import { v2RouterAbi } from './v2Router.js'

/**
 * A transaction to send from an unlocked account (`to` null: a contract creation); nonce and fees are added by
 * the sender, except a rival's bid: `priorityFee` in wei per gas (see `createBlockSender`).
 */
export type TxRequest = { from: Address; to: Address | null; data: Hex; gas: bigint; value?: bigint; priorityFee?: bigint }

/** Where the scenario's transactions go: a V2 router per V2 venue, the V3 SwapRouter and position manager. */
export type ScenarioContracts = {
  v2Routers: Record<'uniswap-v2' | 'sushiswap', Address>
  v3Router: Address
  positionManager: Address
}

/**
 * Turns a planned action into its transaction: V2 swaps and liquidity go through the venue's
 * UniswapV2Router02 (`swapExactTokensForTokens` with the planned output as the minimum, `addLiquidity`,
 * `removeLiquidity`); a V3 swap is one `SwapRouter.exactInputSingle`; V3 liquidity goes through the
 * position manager (`mint`, or `decreaseLiquidity` + `collect` in one `multicall`).
 */
export function encodeAction(action: Action, pools: readonly ScenarioPool[], contracts: ScenarioContracts): TxRequest {
  const p = pools[action.pool]!
  const v2Router = p.venue === 'uniswap-v3' ? null : contracts.v2Routers[p.venue]
  switch (action.type) {
    case 'v2-swap': {
      const from = scenarioActors[action.role]
      const path = action.zeroForOne ? [p.token0, p.token1] : [p.token1, p.token0]
      const data = encodeFunctionData({
        abi: v2RouterAbi,
        functionName: 'swapExactTokensForTokens',
        args: [action.amountIn, action.amountOut, path, from, maxUint256],
      })
      return { from, to: v2Router, data, gas: actionGas(action) }
    }
    case 'v3-swap': {
      const from = scenarioActors[action.role]
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
