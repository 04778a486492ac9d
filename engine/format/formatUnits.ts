/**
 * A token amount in base units as display text: `1,234.5678` from 1234567800n at 6 decimals, trimmed to
 * `digits` fractional digits (rounded toward zero). Display only: money stays bigint until here.
 */
export function formatUnits(amount: bigint, decimals: number, digits = 6): string {
  const neg = amount < 0n
  const abs = neg ? -amount : amount
  const base = 10n ** BigInt(decimals)
  const whole = abs / base
  let frac = (abs % base).toString().padStart(decimals, '0').slice(0, Math.min(digits, decimals)).replace(/0+$/, '')
  if (decimals === 0) frac = ''
  return `${neg ? '-' : ''}${whole.toLocaleString('en-US')}${frac ? `.${frac}` : ''}`
}
