import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { readScenarioRecord } from '../../sources/scenario/scenarioRecord.js'
import { runCli } from '../runCli.js'
import { historyGenerateCommand } from './history.js'

describe('arb history generate', () => {
  let dir: string
  let out: string[] = []
  let err: string[] = []
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'history-generate-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  const capture = () => {
    out = []
    err = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true))
  }
  afterEach(() => {
    vi.restoreAllMocks()
    process.exitCode = undefined
  })

  it('prints `head <number> <hash>` last and writes a record that matches it', async () => {
    const file = join(dir, 'calm.json')
    capture()
    await runCli(['history', 'generate', '--scenario', 'calm', '--blocks', '6', '--seed', '4', '--out', file], [historyGenerateCommand])
    vi.restoreAllMocks()
    expect(err.join('')).toBe('')
    const lines = out.join('').trim().split('\n')
    const last = lines.at(-1)!
    expect(last).toMatch(/^head \d+ 0x[0-9a-f]{64}$/)
    const record = await readScenarioRecord(file)
    expect(`head ${record.head.number} ${record.head.hash}`).toBe(last)
    expect(record).toMatchObject({ scenario: 'calm', seed: 4, blocks: 6 })
  })

  it('names a bad argument and exits with code 1', async () => {
    capture()
    await runCli(['history', 'generate', '--scenario', 'calm', '--blocks', '0'], [historyGenerateCommand])
    vi.restoreAllMocks()
    expect(process.exitCode).toBe(1)
    expect(err.join('')).toMatch(/Invalid blocks: expected an integer from 1/)
    capture()
    await runCli(['history', 'generate', '--scenario', 'meteor', '--blocks', '5'], [historyGenerateCommand])
    vi.restoreAllMocks()
    expect(err.join('')).toMatch(/scenario.*meteor/s)
  })
})
