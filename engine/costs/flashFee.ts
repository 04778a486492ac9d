import type { FlashLender } from '../market/flashLenders.js'
import { mulUp } from '../math/balancer/fixedPoint.js'
import { flashPremium } from './flashPremium.js'

/**
 * The fee `lender` charges to lend `amount`, exactly as it computes it: Aave's premium (percentMul, half up),
 * Balancer's `amount.mulUp(flashLoanFeePercentage)` (FlashLoans.sol), nothing for V4's flash accounting.
 */
export function flashFee(lender: Pick<FlashLender, 'source' | 'feeRate'>, amount: bigint): bigint {
  if (lender.source === 'aave-v3') return flashPremium(amount, lender.feeRate)
  if (lender.source === 'balancer-v2') return mulUp(amount, lender.feeRate)
  return 0n
}
