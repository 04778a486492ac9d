import { DEFAULT_DB_PATH, openStore, type Store } from '../store/openStore.js'

/** The `--db` option shared by every command that reads or writes runs. */
export const dbOption = { type: 'string', default: DEFAULT_DB_PATH, describe: 'DuckDB file' } as const

/** Opens the store named by `--db`, read-only when the command only reads. */
export function openStoreArg(path: string, readOnly = false): Promise<Store> {
  return openStore({ path, readOnly })
}
