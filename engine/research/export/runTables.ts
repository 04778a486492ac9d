import type { Store } from '../../store/openStore.js'

export type TableColumn = { name: string; type: string }

/** The tables keyed by `run_id` that an export writes, in this order, when they exist in the database. */
export const RUN_TABLES = ['runs', 'blocks', 'opportunities', 'simulations', 'executions', 'rejections', 'gate_results', 'reorged_blocks', 'reorged_opportunities'] as const

/** Each run table present in the store with its columns (DuckDB type names), in table order. */
export async function runTables(store: Store): Promise<{ table: string; columns: TableColumn[] }[]> {
  const rows = await store.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`,
  )
  return RUN_TABLES.flatMap((table) => {
    const columns = rows.filter((r) => r.table_name === table).map((r) => ({ name: r.column_name, type: r.data_type }))
    return columns.some((c) => c.name === 'run_id') ? [{ table, columns }] : []
  })
}
