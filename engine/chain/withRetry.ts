import { BaseError } from '../errors/BaseError.js'

export type RetryOptions = {
  /** Attempts after the first. */
  retries: number
  /** First delay in ms, doubled each attempt (with ±25% jitter so parallel workers spread out), capped at `maxBackoffMs`. */
  backoffMs: number
  maxBackoffMs?: number
  /** Whether a failure may succeed later. Default: a BaseError with `retryable: true`. */
  retryable?: (e: unknown) => boolean
  /** A wait the failure asked for (e.g. HTTP Retry-After), in ms, instead of the computed backoff. */
  waitFor?: (e: unknown) => number | undefined
}

/** The delay before retry `attempt` (1-based): exponential from `backoffMs`, jittered, capped. */
export function backoffDelay(attempt: number, backoffMs: number, maxBackoffMs = 10_000): number {
  return Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5)
}

/**
 * Runs `fn` until it succeeds, retrying transient failures only (never a user's mistake) with exponential
 * backoff. The last failure is rethrown as is; `fn` gets the attempt number (0 first).
 *
 * @example
 * const headers = await withRetry((attempt) => fetchAndValidate(start, end), { retries: 3, backoffMs: 100 })
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const retryable = options.retryable ?? ((e: unknown) => e instanceof BaseError && e.retryable)
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (e) {
      if (attempt >= options.retries || !retryable(e)) throw e
      const wait = options.waitFor?.(e) ?? backoffDelay(attempt + 1, options.backoffMs, options.maxBackoffMs)
      await new Promise((r) => setTimeout(r, wait))
    }
  }
}
