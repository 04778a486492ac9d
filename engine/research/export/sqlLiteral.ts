/** A SQL string literal (for the statements DuckDB cannot parameterize, such as COPY's target). */
export function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}
