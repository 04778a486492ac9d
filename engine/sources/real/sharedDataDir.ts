import { resolve } from 'node:path'
import { repoRoot } from '../../devnet/repoRoot.js'

/**
 * Folder of the shared, read-only mainnet data: `$ARB_SHARED_DATA` when set, else `../shared/data` next to
 * the repository. The data is read in place, never copied into the repository.
 */
export function sharedDataDir(): string {
  return process.env.ARB_SHARED_DATA ? resolve(process.env.ARB_SHARED_DATA) : resolve(repoRoot, '../shared/data')
}
