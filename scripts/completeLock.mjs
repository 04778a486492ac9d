#!/usr/bin/env node
// Adds to package-lock.json the platform binaries of other systems (darwin, win32, arm64, musl, …) that
// npm left out because the registry it resolved against did not serve them. `npm ci` insists that every
// optional dependency be in the lock; these entries carry os/cpu/libc, so npm skips them on this platform
// and resolves them on the platforms they are for. Run after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs'

const path = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(path, 'utf8'))
const packages = lock.packages
const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openbsd', 'openharmony', 'sunos', 'aix']
const CPU = { arm64: 'arm64', amd64: 'x64', x64: 'x64', arm: 'arm', ia32: 'ia32', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x' }

function platformOf(name) {
  const parts = name.split('/').pop().split('-')
  const os = parts.find((p) => OS.includes(p))
  const cpu = parts.map((p) => CPU[p]).find(Boolean)
  if (!os || !cpu) return null
  const libc = parts.includes('musl') ? ['musl'] : os === 'linux' && (parts.includes('gnu') || name.startsWith('@duckdb/')) ? ['glibc'] : undefined
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) }
}

let added = 0
for (const [key, pkg] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const base = key === '' ? 'node_modules/' : `${key}/node_modules/`
    if (packages[`${base}${dep}`] || packages[`node_modules/${dep}`]) continue
    const platform = platformOf(dep)
    if (!platform) continue
    packages[`node_modules/${dep}`] = { version, ...platform, ...(pkg.dev ? { dev: true } : {}), optional: true }
    added++
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)))
lock.packages = sorted
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`package-lock.json: added ${added} platform entries`)
