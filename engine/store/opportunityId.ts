import { BaseError } from '../errors/BaseError.js'

/**
 * The `opportunity_id` of the `index`-th opportunity of a block: `${blockNumber}-${index}`. `generation`
 * counts how many blocks of this height the chain dropped before (live and paper runs re-process a height
 * after a reorg); from the first re-processing on, the id gets the suffix `-r${generation}` so it stays
 * unique within the run. Backtests never reorg: their ids have no suffix. Which block a row belongs to is the
 * `block_hash` column, never a piece of the id.
 *
 * @example
 * opportunityId(19_000_000n, 2)    // '19000000-2'
 * opportunityId(19_000_000n, 2, 1) // '19000000-2-r1' (the height came again after one reorg)
 */
export function opportunityId(blockNumber: bigint, index: number, generation = 0): string {
  if (blockNumber < 0n) throw new BaseError(`Invalid blockNumber: ${blockNumber}`, { details: 'expected a block number >= 0' })
  if (!Number.isSafeInteger(index) || index < 0) throw new BaseError(`Invalid index: ${index}`, { details: 'expected an integer >= 0' })
  if (!Number.isSafeInteger(generation) || generation < 0) throw new BaseError(`Invalid generation: ${generation}`, { details: 'expected an integer >= 0' })
  return generation === 0 ? `${blockNumber}-${index}` : `${blockNumber}-${index}-r${generation}`
}
