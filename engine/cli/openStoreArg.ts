import { DEFAULT_DB_PATH, openStore, type Store } from '../store/openStore.js'

/** The `--db` option shared by every command that reads or writes runs. */
export const dbOption = { type: 'string', default: DEFAULT_DB_PATH, describe: 'DuckDB file' } as const

/**
 * Opens the store named by `--db`, read-only when the command only reads. A reader of a file a run is
 * writing sees what the run has committed (a snapshot), and is told so on stderr.
 */
export async function openStoreArg(path: string, readOnly = false): Promise<Store> {
  const store = await openStore({ path, readOnly })
  if (store.snapshot) {
    const writer = store.snapshot.writerPid === undefined ? 'another process' : `process ${store.snapshot.writerPid}`
    process.stderr.write(`note: a run in ${writer} is writing ${path}; showing what it had committed at ${store.snapshot.takenAt.toISOString().slice(11, 19)} UTC\n`)
  }
  return store
}
