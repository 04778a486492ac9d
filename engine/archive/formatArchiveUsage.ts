import type { ArchiveUsage } from './openArchive.js'

/** Blocks in a month of Ethereum mainnet (12-second slots), for a cost estimate. */
const MONTH = 216_000

/**
 * One line for `arb backtest`: what the run cost its archive per block and in all, and what a month at that
 * rate would cost, so a user can price a long replay from a short one.
 *
 * @example
 * formatArchiveUsage(usage, 201) // 'archive: 1.28 requests/block (257 requests, 660 calls, 1.6 MB), 5 cache hits; a month (216,000 blocks) ≈ 276,000 requests'
 */
export function formatArchiveUsage(usage: ArchiveUsage, blocks: number): string {
  const perBlock = blocks > 0 ? usage.requests / blocks : 0
  const mb = (usage.bytes / 1e6).toFixed(1)
  const month = Math.round((perBlock * MONTH) / 1000) * 1000
  return (
    `archive: ${perBlock.toFixed(2)} requests/block (${usage.requests.toLocaleString('en-US')} requests, ${usage.calls.toLocaleString('en-US')} calls, ${mb} MB), ` +
    `${usage.cacheHits.toLocaleString('en-US')} cache hits${usage.rateLimited ? `, ${usage.rateLimited} rate-limited` : ''}; ` +
    `a month (${MONTH.toLocaleString('en-US')} blocks) ≈ ${month.toLocaleString('en-US')} requests at this rate`
  )
}
