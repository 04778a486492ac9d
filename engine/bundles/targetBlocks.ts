import { ConfigError } from '../errors/ConfigError.js'

/**
 * The blocks a bundle is sent for: N+1 … N+K after the current head N (a Flashbots bundle is valid for one
 * block only, so it is sent once per target).
 *
 * @example targetBlocks(100n, 3) // [101n, 102n, 103n]
 */
export function targetBlocks(head: bigint, count: number): bigint[] {
  if (!Number.isInteger(count) || count < 1) throw new ConfigError('execution.bundleBlocks', 'an integer >= 1', count)
  return Array.from({ length: count }, (_, i) => head + 1n + BigInt(i))
}
