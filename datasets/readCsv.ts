import { readFile } from 'node:fs/promises'
import { DatasetError } from '../engine/errors/DatasetError.js'

/** One data row of a CSV file: its 1-based line number and typed accessors that name the cell on error. */
export type CsvRow = {
  readonly line: number
  /** The raw text of a column (quotes removed); empty string when the cell is empty. */
  text(column: string): string
  /** The cell as an integer; a DatasetError naming file, line and column when it is not one. */
  int(column: string, options?: { allowEmpty?: false }): bigint
  /** The cell as an integer, or undefined when empty. */
  optionalInt(column: string): bigint | undefined
}

/** A parsed CSV file: its header and rows, each row able to report errors at its own line and column. */
export type CsvFile = { path: string; header: string[]; rows: CsvRow[] }

/**
 * Reads a comma-separated file with a header line, checking that every `required` column is present.
 * Quoted cells (with `""` escapes) are unquoted; a row with a different number of cells than the header,
 * an empty file, or a missing column is a DatasetError naming the file, line and column.
 *
 * @example
 * const csv = await readCsv('reserves.csv', ['blockNumber', 'reserve0', 'reserve1'])
 * for (const row of csv.rows) row.int('reserve0')
 */
export async function readCsv(path: string, required: string[]): Promise<CsvFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new DatasetError('cannot read the file', { file: path, details: (cause as Error).message, cause })
  }
  const lines = text.split(/\r?\n/)
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  if (lines.length === 0 || lines[0]!.trim() === '') {
    throw new DatasetError(`the file is empty; expected a header line with ${required.join(',')}`, { file: path, line: 1 })
  }
  const header = splitCsvLine(lines[0]!, path, 1).map((h) => h.trim())
  for (const column of required) {
    if (!header.includes(column)) {
      throw new DatasetError(`column "${column}" is missing from the header`, {
        file: path,
        line: 1,
        column,
        details: `header has: ${header.join(', ')}`,
      })
    }
  }
  if (lines.length === 1) throw new DatasetError('the file has a header but no data rows', { file: path, line: 2 })
  const index = new Map(header.map((h, i) => [h, i]))
  const rows: CsvRow[] = []
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1
    if (lines[i]!.trim() === '') throw new DatasetError('empty line inside the data', { file: path, line })
    const cells = splitCsvLine(lines[i]!, path, line)
    if (cells.length !== header.length) {
      throw new DatasetError(`expected ${header.length} cells as in the header, found ${cells.length}`, { file: path, line })
    }
    rows.push(createRow(path, line, cells, index))
  }
  return { path, header, rows }
}

function createRow(file: string, line: number, cells: string[], index: Map<string, number>): CsvRow {
  const text = (column: string) => {
    const i = index.get(column)
    if (i === undefined) throw new DatasetError(`column "${column}" is missing from the header`, { file, line: 1, column })
    return cells[i]!.trim()
  }
  const int = (column: string): bigint => {
    const value = text(column)
    const parsed = parseInteger(value)
    if (parsed === undefined) throw new DatasetError('expected an integer', { file, line, column, value })
    return parsed
  }
  return {
    line,
    text,
    int,
    optionalInt: (column) => (text(column) === '' ? undefined : int(column)),
  }
}

/** Integers as written by pandas too: `123`, `-5`, `199045.0` (a float column holding whole numbers). */
function parseInteger(value: string): bigint | undefined {
  const m = /^(-?\d+)(?:\.0+)?$/.exec(value)
  return m ? BigInt(m[1]!) : undefined
}

function splitCsvLine(line: string, file: string, lineNumber: number): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      cells.push(cell)
      cell = ''
    } else cell += c
  }
  if (quoted) throw new DatasetError('unterminated quoted cell (quoted line breaks are not supported)', { file, line: lineNumber })
  cells.push(cell)
  return cells
}
