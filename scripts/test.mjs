#!/usr/bin/env node
// The test command: compiles the contracts, runs vitest and `forge test`, and ends with one line
// `N passed, N failed` summing both, so a run that ran no test is visible.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const forge = ['scripts/forge.mjs']

function run(cmd, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] })
    let out = ''
    if (capture) {
      child.stdout.on('data', (d) => {
        out += d
        process.stdout.write(d)
      })
    }
    child.on('exit', (code) => resolve({ code: code ?? 1, out }))
  })
}

const extra = process.argv.slice(2)
let passed = 0
let failed = 0

const build = await run(process.execPath, [...forge, 'build'])
if (build.code !== 0) {
  console.log('\nforge build failed')
  console.log(`0 passed, 1 failed`)
  process.exit(1)
}

const dir = mkdtempSync(join(tmpdir(), 'arb-test-'))
const report = join(dir, 'vitest.json')
const vitest = await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra])
try {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests
  // A file that failed to load counts as a failure even if it declared no test.
  failed += r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length
} catch {
  failed += 1
  console.log('vitest wrote no report')
}
rmSync(dir, { recursive: true, force: true })

const sol = await run(process.execPath, [...forge, 'test'], { capture: true })
const m = /(\d+) tests passed, (\d+) failed/.exec(sol.out)
if (m) {
  passed += Number(m[1])
  failed += Number(m[2])
} else if (sol.code !== 0) failed += 1

console.log(`\n${passed} passed, ${failed} failed`)
process.exit(vitest.code !== 0 || sol.code !== 0 || failed > 0 ? 1 : 0)
