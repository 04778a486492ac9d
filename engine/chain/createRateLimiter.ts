import { BaseError } from '../errors/BaseError.js'

/** Spaces JSON-RPC calls to a provider's rate: a token bucket shared by every client that holds it. */
export type RateLimiter = {
  /** Calls per second allowed. */
  readonly rate: number
  /** Resolves when `calls` calls may be sent (a batch of n calls takes n tokens). */
  take(calls: number): Promise<void>
}

/**
 * A token bucket of `callsPerSecond` tokens a second, holding at most one second's worth (bursts up to the
 * rate). Waiters are served first come, first served, so a big batch is not starved by small calls.
 *
 * @example
 * const limiter = createRateLimiter(25) // --rpc-rate 25
 * await limiter.take(10)
 */
export function createRateLimiter(callsPerSecond: number): RateLimiter {
  if (!(callsPerSecond > 0) || !Number.isFinite(callsPerSecond)) {
    throw new BaseError(`RPC rate: expected a number of calls per second > 0 (got ${callsPerSecond})`)
  }
  const capacity = Math.max(1, callsPerSecond)
  let tokens = capacity
  let refilled = performance.now()
  let queue = Promise.resolve()
  const refill = () => {
    const now = performance.now()
    tokens = Math.min(capacity, tokens + ((now - refilled) / 1000) * callsPerSecond)
    refilled = now
  }
  return {
    rate: callsPerSecond,
    take(calls) {
      const turn = queue.then(async () => {
        refill()
        // A batch larger than the bucket waits until the debt is paid off, then goes (tokens go negative).
        const need = Math.min(calls, capacity)
        if (tokens < need) await new Promise((r) => setTimeout(r, Math.ceil(((need - tokens) / callsPerSecond) * 1000)))
        refill()
        tokens -= calls
      })
      queue = turn
      return turn
    },
  }
}
