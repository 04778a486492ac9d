#!/usr/bin/env node
// Runs Forge from the @foundry-rs npm platform package (its install script may have been skipped by npm).
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const suffix = { 'linux-x64': 'linux-amd64', 'linux-arm64': 'linux-arm64', 'darwin-x64': 'darwin-amd64', 'darwin-arm64': 'darwin-arm64' }[
  `${process.platform}-${process.arch}`
]
if (!suffix) {
  console.error(`forge: unsupported platform ${process.platform}-${process.arch}`)
  process.exit(1)
}
const bin = join(dirname(require.resolve(`@foundry-rs/forge-${suffix}/package.json`)), 'bin', 'forge')
const r = spawnSync(bin, process.argv.slice(2), { stdio: 'inherit' })
process.exit(r.status ?? 1)
