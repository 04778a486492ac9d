/**
 * Aave V3 flash-loan premium for `amount` at `premiumBps` (FLASHLOAN_PREMIUM_TOTAL, e.g. 9 = 0.09%), rounded
 * half up exactly as Aave's `PercentageMath.percentMul` does in `FlashLoanLogic.executeFlashLoanSimple`.
 */
export function flashPremium(amount: bigint, premiumBps: bigint): bigint {
  // percentMul(value, percentage) = (value * percentage + HALF_PERCENTAGE_FACTOR) / PERCENTAGE_FACTOR, 100.00% = 10000
  return (amount * premiumBps + 5_000n) / 10_000n
}
