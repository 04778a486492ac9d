/** Integer square root: the greatest r with r * r <= n, for n >= 0 (Newton's method on bigint). */
export function sqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('sqrt of a negative bigint')
  if (n < 2n) return n
  // Start above the root: 2^ceil(bits/2).
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2))
  for (;;) {
    const y = (x + n / x) >> 1n
    if (y >= x) return x
    x = y
  }
}
