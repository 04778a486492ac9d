import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { copyFile } from 'node:fs/promises'

/**
 * Readers while a run writes. DuckDB lets one process hold a database file; while `arb backtest` writes,
 * `arb runs` or `arb show` in another shell cannot open it, even read-only. So a reader that finds the file
 * held asks the writer for a snapshot (it touches `<db>.snapshot-request`); the writer, between two of its
 * transactions, checkpoints and copies the file to `<db>.snapshot`, which the reader opens read-only. It
 * costs the writer nothing while nobody asks, and the reader sees every committed row.
 */
export function snapshotFiles(db: string): { snapshot: string; request: string; answered: string } {
  return { snapshot: `${db}.snapshot`, request: `${db}.snapshot-request`, answered: `${db}.snapshot-answered` }
}

/** A request's text: `<ms since the epoch> <pid> <random>`. Its time says which snapshots are fresh enough for it. */
const requestTime = (text: string): number => Number(text.split(' ')[0])

/** How often a writer looks for a request. */
const POLL_MS = 200

/**
 * Writer side: answers snapshot requests with `publish(target)`, which must write a consistent copy of the
 * database to `target` (the store runs it between transactions). Returns a function that stops answering
 * and removes the snapshot files.
 */
export function startSnapshotPublisher(db: string, publish: (target: string) => Promise<void>): () => void {
  const { snapshot, request, answered } = snapshotFiles(db)
  // Files a crashed writer left are stale.
  for (const f of [snapshot, request, answered]) rmSync(f, { force: true })
  let last = ''
  let busy = false
  const timer = setInterval(() => {
    if (busy) return
    let asked: string
    try {
      asked = readFileSync(request, 'utf8').trim()
    } catch {
      return
    }
    if (asked === last) return
    busy = true
    const tmp = `${snapshot}.${process.pid}.tmp`
    publish(tmp)
      .then(() => {
        renameSync(tmp, snapshot)
        // Which request this snapshot answers: every reader that asked at or before that request's time is served.
        writeFileSync(answered, asked)
        last = asked
      })
      .catch(() => rmSync(tmp, { force: true }))
      .finally(() => (busy = false))
  }, POLL_MS)
  timer.unref()
  return () => {
    clearInterval(timer)
    for (const f of [snapshot, request, answered]) rmSync(f, { force: true })
  }
}

/** Writer side: the checkpointed database file copied to `target` (call with no statement running). */
export async function copyCheckpointed(db: string, target: string, checkpoint: () => Promise<void>): Promise<void> {
  await checkpoint()
  await copyFile(db, target)
}

/**
 * Reader side: asks the writer of `db` for a snapshot and waits up to `timeoutMs` for one taken after the
 * request. Returns its path and time, or undefined when the writer did not answer (an older version, or a
 * long transaction).
 */
export async function requestSnapshot(db: string, timeoutMs = 10_000): Promise<{ path: string; takenAt: Date } | undefined> {
  const { snapshot, request, answered } = snapshotFiles(db)
  const asked = Date.now()
  try {
    writeFileSync(request, `${asked} ${process.pid} ${randomBytes(4).toString('hex')}\n`)
  } catch {
    return undefined
  }
  const deadline = asked + timeoutMs
  while (Date.now() < deadline) {
    try {
      // A snapshot answers this reader once it answers a request made no earlier than this one: its copy began after
      // this reader asked, so it holds everything committed before.
      const served = requestTime(readFileSync(answered, 'utf8'))
      if (served >= asked && existsSync(snapshot)) return { path: snapshot, takenAt: new Date(served) }
    } catch {}
    await new Promise((r) => setTimeout(r, 50))
  }
  return undefined
}
