import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadArtifact } from '../engine/devnet/loadArtifact.js'
import { repoRoot } from '../engine/devnet/repoRoot.js'
import { abiFiles, keptItems, renderAbis } from './genAbis.js'

/** Every TypeScript file of the repository outside node_modules and the generated folder. */
function sourceFiles(dir = repoRoot): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name)
    if (d.isDirectory()) return d.name === 'node_modules' || d.name.startsWith('.') || path === join(repoRoot, 'engine/abi') ? [] : sourceFiles(path)
    return d.name.endsWith('.ts') ? [path] : []
  })
}

describe('genAbis', () => {
  it('regenerates engine/abi byte for byte (the committed ABIs match the artifacts), and nothing else is there', () => {
    const rendered = renderAbis()
    for (const { path, text } of rendered) {
      expect(existsSync(path), `${path} is missing: run npx tsx scripts/genAbis.ts`).toBe(true)
      expect(readFileSync(path, 'utf8'), `${path} drifted: run npx tsx scripts/genAbis.ts`).toBe(text)
    }
    expect(readdirSync(join(repoRoot, 'engine/abi')).sort()).toEqual(abiFiles.map((e) => e.file).sort())
    expect(readFileSync(join(repoRoot, '.gitattributes'), 'utf8')).toMatch(/^engine\/abi\/\*\* linguist-generated$/m)
  })

  it('lists exactly the functions the code names, per contract (a call to a left-out function would not typecheck)', () => {
    const files = sourceFiles().map((path) => ({ path, text: readFileSync(path, 'utf8') }))
    for (const entry of abiFiles) {
      const importers = files.filter((f) => f.text.includes(`abi/${entry.file.replace(/\.ts$/, '.js')}'`))
      const literals = new Set(importers.flatMap((f) => [...f.text.matchAll(/['"`]([A-Za-z_$][\w$]*)['"`]/g)].map((m) => m[1]!)))
      const functions = loadArtifact(entry.artifact).abi.flatMap((i) => (i.type === 'function' ? [i.name] : []))
      const named = [...new Set(functions.filter((n) => literals.has(n)))].sort()
      expect([...entry.functions].sort(), `${entry.file}, imported by ${importers.map((f) => relative(repoRoot, f.path)).join(', ')}`).toEqual(named)
    }
  })

  it('keeps every event, error and the constructor, so logs and reverts decode as with the full ABI', () => {
    for (const entry of abiFiles) {
      const full = loadArtifact(entry.artifact).abi
      const kept = keptItems(full, entry)
      expect(kept.filter((i) => i.type !== 'function'), entry.file).toEqual(full.filter((i) => i.type !== 'function'))
    }
    expect(() => keptItems(loadArtifact('QuoterV2').abi, { ...abiFiles[0]!, artifact: 'QuoterV2', functions: ['nope'] })).toThrow(/QuoterV2 has no function nope/)
  })

  it('leaves the ERC-20 ABI to viem: no code imports a copy', () => {
    const copies = sourceFiles().filter((path) => /abi\/erc20\.js'/.test(readFileSync(path, 'utf8')))
    expect(copies.map((p) => relative(repoRoot, p))).toEqual([])
  })
})
