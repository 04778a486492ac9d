import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createArchiveCache } from './createArchiveCache.js'

const root = mkdtempSync(join(tmpdir(), 'arb-cache-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const key = (s: string) => createHash('sha256').update(s).digest()
const value = (prefix: string, i: number) => `value of ${prefix}${i} `.repeat(1 + (i % 7))
let n = 0
const fresh = () => join(root, `c${n++}`)

describe('createArchiveCache', () => {
  it('keeps entries across reopening, and a second instance sees the first one’s new entries', async () => {
    const dir = fresh()
    const a = createArchiveCache(dir)
    a.put(key('x'), Buffer.from('{"result":"0x1"}'))
    expect(a.get(key('x'))?.toString()).toBe('{"result":"0x1"}')
    expect(a.get(key('y'))).toBeUndefined()
    const b = createArchiveCache(dir)
    expect(b.get(key('x'))?.toString()).toBe('{"result":"0x1"}')
    a.put(key('z'), Buffer.from('zz'))
    await new Promise((r) => setTimeout(r, 550)) // b looks for others' entries at most every 500 ms, after a miss
    expect(b.get(key('z'))?.toString()).toBe('zz')
    a.close()
    b.close()
    const c = createArchiveCache(dir)
    expect(c.stats().entries).toBe(2)
    c.close()
  })

  it('never answers from a damaged record: a torn tail or a flipped byte is a miss', () => {
    const dir = fresh()
    const a = createArchiveCache(dir)
    for (let i = 0; i < 10; i++) a.put(key(`k${i}`), Buffer.from(value('k', i)))
    a.close()
    const data = readdirSync(dir).find((f) => f.endsWith('.dat'))!
    const bytes = readFileSync(join(dir, data))
    bytes[bytes.length - 3]! ^= 0xff // inside the last record’s value
    writeFileSync(join(dir, data), bytes)
    const b = createArchiveCache(dir)
    expect(b.get(key('k9'))).toBeUndefined()
    expect(b.get(key('k8'))?.toString()).toBe(value('k', 8))
    b.close()
    truncateSync(join(dir, data), statSync(join(dir, data)).size - 40) // a crash mid-write of the last records
    const c = createArchiveCache(dir)
    expect(c.get(key('k9'))).toBeUndefined()
    expect(c.get(key('k0'))?.toString()).toBe(value('k', 0))
    c.close()
  })

  it('stays under its bound by deleting the oldest segments', () => {
    const dir = fresh()
    const a = createArchiveCache(dir, { maxBytes: 200_000, segmentBytes: 20_000 })
    for (let i = 0; i < 2_000; i++) a.put(key(`b${i}`), Buffer.from(value('b', i)))
    expect(a.stats().bytes).toBeLessThanOrEqual(200_000 + 20_000 + 2_000)
    expect(a.get(key('b0'))).toBeUndefined() // evicted
    expect(a.get(key('b1999'))?.toString()).toBe(value('b', 1999))
    a.close()
  })

  it('is safe with writers in several processes, one of them killed mid-write', async () => {
    const dir = fresh()
    const script = join(import.meta.dirname, 'testing', 'writeCacheEntries.ts')
    const run = (prefix: string, count: number) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, dir, prefix, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] })
      return Object.assign(child, { exited: new Promise<number | null>((r) => child.on('exit', r)) })
    }
    const whole = run('p', 600)
    const killed = run('q', 100_000)
    await new Promise<void>((resolve) => {
      killed.stdout!.on('data', (d: Buffer) => {
        if (/wrote [1-9]\d{3}/.test(d.toString())) resolve()
      })
    })
    killed.kill('SIGKILL')
    const [code] = await Promise.all([whole.exited, killed.exited])
    expect(code).toBe(0)
    const c = createArchiveCache(dir)
    for (let i = 0; i < 600; i++) expect(c.get(key(`p${i}`))?.toString()).toBe(value('p', i))
    let found = 0
    for (let i = 0; i < 3_000; i++) {
      const got = c.get(key(`q${i}`))
      if (got) {
        expect(got.toString()).toBe(value('q', i))
        found++
      }
    }
    expect(found).toBeGreaterThanOrEqual(1_000)
    c.close()
  })
})
