/**
 * Converts a model USD size into token base units (bigint) at a model USD price. The model works in floats;
 * the result, which goes on chain, is an exact integer (micro-dollar and 1e-12 price resolution).
 *
 * @example usdToAmount(3_000, 3_000, 18) // 10n ** 18n
 */
export function usdToAmount(usd: number, priceUsd: number, decimals: number): bigint {
  const micros = BigInt(Math.max(0, Math.round(usd * 1e6)))
  const price12 = BigInt(Math.max(1, Math.round(priceUsd * 1e12)))
  return (micros * 10n ** BigInt(decimals) * 10n ** 6n) / price12
}
