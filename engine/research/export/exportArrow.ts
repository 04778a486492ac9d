import { writeFile } from 'node:fs/promises'
import * as Arrow from 'apache-arrow'
import type { Store } from '../../store/openStore.js'
import type { TableColumn } from './runTables.js'
import { toArrowVector } from './toArrowVector.js'

/** Writes one table's rows of a run as an Arrow IPC file (`.arrow`, the random-access file format). */
export async function exportArrow(store: Store, options: { table: string; columns: readonly TableColumn[]; runId: string; file: string }): Promise<number> {
  const rows = await store.query<Record<string, unknown>>(`SELECT * FROM "${options.table}" WHERE run_id = ?`, [options.runId])
  const vectors: Record<string, Arrow.Vector> = {}
  for (const c of options.columns) vectors[c.name] = toArrowVector(c, rows.map((r) => r[c.name] ?? null))
  // An empty table still records its schema.
  const table = rows.length > 0 ? new Arrow.Table(vectors) : new Arrow.Table(new Arrow.Schema(options.columns.map((c) => new Arrow.Field(c.name, vectors[c.name]!.type, true))))
  await writeFile(options.file, Arrow.tableToIPC(table, 'file'))
  return rows.length
}
