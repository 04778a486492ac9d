import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { StoreError } from '../errors/StoreError.js'
import { openStore } from './openStore.js'
import { snapshotFiles } from './readerSnapshot.js'

const dir = mkdtempSync(join(tmpdir(), 'arb-snapshot-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const openStorePath = fileURLToPath(new URL('./openStore.ts', import.meta.url))

let child: ChildProcess | undefined
afterEach(async () => {
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child!.once('exit', r))
    process.kill(child.pid, 'SIGKILL')
    await exited
  }
  child = undefined
})

/** Another process that opens the store for writing, appends runs on stdin's "add", and closes on "close". */
function writer(path: string): Promise<{ send(line: string): Promise<void> }> {
  const script = `
    const { openStore } = await import(${JSON.stringify(openStorePath)})
    const store = await openStore({ path: process.argv[1] })
    let n = 0
    const add = () => store.append('runs', [{ run_id: 'run-' + ++n, started_at: new Date(0), mode: 'backtest', strategies: '[]', config_json: '{}', config_hash: 'h', source: 's', chain_id: 1n, from_block: 1n, to_block: 2n, next_block: 1n, status: 'running' }])
    process.stdin.setEncoding('utf8')
    process.stdin.on('data', async (d) => {
      for (const line of d.split('\\n').filter(Boolean)) {
        if (line === 'add') await add()
        if (line === 'hold') store.transaction(() => new Promise(() => {}))
        if (line === 'close') { await store.close(); process.stdout.write('closed\\n'); process.exit(0) }
        process.stdout.write('ok ' + line + '\\n')
      }
    })
    process.stdout.write('ready\\n')
    const parent = Number(process.argv[2])
    setInterval(() => { try { process.kill(parent, 0) } catch { process.exit(0) } }, 200)
  `
  child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, path, String(process.pid)], { stdio: ['pipe', 'pipe', 'inherit'] })
  let out = ''
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.includes(text) && (child!.stdout!.off('data', onData), resolve())
      const onData = (d: Buffer) => ((out += d), check())
      child!.stdout!.on('data', onData)
      child!.once('exit', (code) => reject(new Error(`writer exited (${code}): ${out}`)))
      check()
    })
  return waitFor('ready').then(() => ({
    send: (line: string) => {
      // Only what the writer says after this line counts: an earlier "ok add" must not answer a later "add".
      out = ''
      child!.stdin!.write(`${line}\n`)
      return waitFor(line === 'close' ? 'closed' : `ok ${line}`)
    },
  }))
}

describe('readers while another process writes (issue 12 #15)', () => {
  it('see what the writer has committed, through a snapshot it publishes on request, and the files go with the writer', async () => {
    const path = join(dir, 'busy.duckdb')
    const w = await writer(path)
    await w.send('add')
    await w.send('add')
    const reader = await openStore({ path, readOnly: true })
    expect(reader.snapshot?.takenAt).toBeInstanceOf(Date)
    expect(reader.snapshot?.writerPid).toBe(child!.pid)
    expect(await reader.query('SELECT run_id FROM runs ORDER BY run_id')).toEqual([{ run_id: 'run-1' }, { run_id: 'run-2' }])
    await reader.close()
    await w.send('add')
    const again = await openStore({ path, readOnly: true })
    expect(await again.query('SELECT count(*) AS n FROM runs')).toEqual([{ n: 3n }])
    await again.close()
    await w.send('close')
    expect(existsSync(snapshotFiles(path).snapshot)).toBe(false)
    expect(existsSync(snapshotFiles(path).request)).toBe(false)
    const after = await openStore({ path, readOnly: true })
    expect(after.snapshot).toBeUndefined()
    await after.close()
  })

  it('get a clear error, without "for writing", when the writer does not answer', async () => {
    const path = join(dir, 'stuck.duckdb')
    const w = await writer(path)
    await w.send('add')
    await w.send('hold') // a transaction that never ends: no snapshot can be taken
    const error = await openStore({ path, readOnly: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect(error).toMatchObject({ code: 'locked', holderPid: child!.pid })
    expect((error as StoreError).message).toContain(`in use by another process (PID ${child!.pid})`)
    expect((error as StoreError).message).not.toMatch(/for writing/)
  }, 30_000)
})
