import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { copyFile } from 'node:fs/promises'

/**
 * Readers while a run writes. DuckDB lets one process hold a database file; while `arb backtest` writes,
 * `arb runs` or `arb show` in another shell cannot open it, even read-only. So a reader that finds the file
 * held asks the writer for a snapshot (it touches `<db>.snapshot-request`); the writer, between two of its
 * transactions, checkpoints and copies the file to `<db>.snapshot`, which the reader opens read-only. It
 * costs the writer nothing while nobody asks, and the reader sees every committed row.
 */
export function snapshotFiles(db: string): { snapshot: string; request: string } {
  return { snapshot: `${db}.snapshot`, request: `${db}.snapshot-request` }
}

/** How often a writer looks for a request. */
const POLL_MS = 200

/**
 * Writer side: answers snapshot requests with `publish(target)`, which must write a consistent copy of the
 * database to `target` (the store runs it between transactions). Returns a function that stops answering
 * and removes the snapshot files.
 */
export function startSnapshotPublisher(db: string, publish: (target: string) => Promise<void>): () => void {
  const { snapshot, request } = snapshotFiles(db)
  // Files a crashed writer left are stale.
  rmSync(snapshot, { force: true })
  rmSync(request, { force: true })
  let answered = 0
  let busy = false
  const timer = setInterval(() => {
    if (busy) return
    let asked: number
    try {
      asked = statSync(request).mtimeMs
    } catch {
      return
    }
    if (asked < answered) return
    busy = true
    answered = Date.now()
    const tmp = `${snapshot}.${process.pid}.tmp`
    publish(tmp)
      .then(() => renameSync(tmp, snapshot))
      .catch(() => rmSync(tmp, { force: true }))
      .finally(() => (busy = false))
  }, POLL_MS)
  timer.unref()
  return () => {
    clearInterval(timer)
    rmSync(snapshot, { force: true })
    rmSync(request, { force: true })
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
  const { snapshot, request } = snapshotFiles(db)
  const asked = Date.now()
  try {
    writeFileSync(request, `${process.pid}\n`)
  } catch {
    return undefined
  }
  const deadline = asked + timeoutMs
  while (Date.now() < deadline) {
    if (existsSync(snapshot)) {
      try {
        const taken = statSync(snapshot).mtimeMs
        if (taken >= asked - 5) return { path: snapshot, takenAt: new Date(taken) }
      } catch {}
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return undefined
}
