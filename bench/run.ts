// `npm run bench`: runs every benchmark in bench/ one after the other (each writes bench/results/<name>.json).
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Modules the benchmarks import, not benchmarks themselves. */
const HELPERS = ['run.ts', 'writeResult.ts', 'treeRss.ts', 'replayBench.ts']
const only = process.argv.slice(2)
const dir = import.meta.dirname
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !HELPERS.includes(f) && !f.endsWith('.test.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort()
let failed = 0
for (const f of files) {
  console.log(`\n=== bench/${f}`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, f)], { stdio: 'inherit' })
  if (r.status !== 0) failed++
}
console.log(`\n${files.length - failed} benchmarks ran, ${failed} failed; results in bench/results/`)
process.exit(failed ? 1 : 0)
