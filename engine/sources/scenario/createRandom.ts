/**
 * A deterministic pseudo-random source for the scenario model (sfc32 seeded through splitmix32). Not for
 * anything secret; never touches `Math.random` or the clock, so a seed always yields the same sequence.
 */
export type Random = {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number
  /** True with probability `p`. */
  chance(p: number): boolean
  /** A standard normal draw (Box–Muller). */
  normal(): number
  /** A log-normal draw: exp(ln(median) + sigma·N(0,1)). */
  logNormal(median: number, sigma: number): number
  /** A Poisson draw with mean `lambda` (Knuth's method; fine for the small means used here). */
  poisson(lambda: number): number
  /** An index drawn with probability proportional to `weights`. */
  weighted(weights: readonly number[]): number
  /** A Gamma(shape, 1) draw, shape > 0 (Marsaglia–Tsang; shape < 1 boosted by U^(1/shape)). */
  gamma(shape: number): number
  /** A Beta draw in (0, 1) with this mean and concentration α+β (α = mean·concentration), from two gammas. */
  beta(mean: number, concentration: number): number
}

/**
 * Creates a random source from a seed and a stream name: the same (seed, stream) always gives the same
 * sequence, and different streams are independent, so adding draws to one part of the model (say, the
 * trades) never shifts another (the price path).
 *
 * @example
 * const rng = createRandom(7, 'price-path')
 * rng.normal()
 */
export function createRandom(seed: number, stream = ''): Random {
  let h = splitmix32((seed >>> 0) ^ 0x9e3779b9)
  for (let i = 0; i < stream.length; i++) h = splitmix32(h ^ stream.charCodeAt(i))
  let a = splitmix32(h ^ 0x243f6a88)
  let b = splitmix32(a ^ 0x85a308d3)
  let c = splitmix32(b ^ 0x13198a2e)
  let d = 1
  const next = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  // Warm-up: sfc32's first outputs are correlated with the seed words.
  for (let i = 0; i < 12; i++) next()

  const normal = () => {
    let u = next()
    while (u === 0) u = next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next())
  }
  const gamma = (shape: number): number => {
    if (shape < 1) {
      let u = next()
      while (u === 0) u = next()
      return gamma(shape + 1) * Math.pow(u, 1 / shape)
    }
    const d = shape - 1 / 3
    const c = 1 / Math.sqrt(9 * d)
    for (;;) {
      let x: number
      let v: number
      do {
        x = normal()
        v = 1 + c * x
      } while (v <= 0)
      v = v * v * v
      const u = next()
      if (u < 1 - 0.0331 * x * x * x * x) return d * v
      if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v
    }
  }
  return {
    next,
    gamma,
    beta(mean, concentration) {
      const a = gamma(mean * concentration)
      const b = gamma((1 - mean) * concentration)
      return a + b === 0 ? mean : a / (a + b)
    },
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    normal,
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    poisson(lambda) {
      const limit = Math.exp(-lambda)
      let k = 0
      let p = next()
      while (p > limit) {
        k++
        p *= next()
      }
      return k
    },
    weighted(weights) {
      let total = 0
      for (const w of weights) total += w
      let x = next() * total
      for (let i = 0; i < weights.length; i++) {
        x -= weights[i]!
        if (x < 0) return i
      }
      return weights.length - 1
    },
  }
}

function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}
