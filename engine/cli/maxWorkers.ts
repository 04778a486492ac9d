import { availableParallelism, totalmem } from 'node:os'

/** Fork Anvils allowed per CPU core: blocks wait mostly on round trips, so a few per core still pay. */
const WORKERS_PER_CORE = 4
/** Memory one fork Anvil may take on a long replay (its in-memory states). */
const BYTES_PER_WORKER = 512 * 1024 * 1024

/**
 * The most fork workers (`--workers`) this machine runs: 4 per CPU core, fewer if 512 MiB each would not fit
 * in its memory; at least 1. Beyond a few per core, more forks only add processes, memory and temp folders.
 */
export function maxWorkers(): number {
  return Math.max(1, Math.min(WORKERS_PER_CORE * availableParallelism(), Math.floor(totalmem() / BYTES_PER_WORKER)))
}

/** How the limit is explained in errors. */
export function maxWorkersReason(): string {
  return `${WORKERS_PER_CORE} per CPU core on this machine (${availableParallelism()} cores)`
}
