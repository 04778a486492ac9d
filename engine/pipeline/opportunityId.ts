/**
 * An opportunity's id within its run: `<block>-<index>` (index = rank in the block, best first). A live run that
 * processes a height again after a reorg numbers that block's opportunities `<block>-<index>r<generation>`
 * (generation 1 for the first replacement, …): ids stay unique in the run, and the block hash is a column
 * (`opportunities.block_hash`), never part of the id.
 */
export function opportunityId(blockNumber: bigint, index: number, generation = 0): string {
  return generation === 0 ? `${blockNumber}-${index}` : `${blockNumber}-${index}r${generation}`
}
