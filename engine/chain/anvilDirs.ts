import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Prefix of the private folder of every Anvil the engine starts, in the system temp folder. */
const PREFIX = 'alphapulse-anvil-node-'
/** A folder without its owner file yet is being created; only older ones are debris. */
const CREATING_GRACE_MS = 60_000

/** Who owns a private Anvil folder: the Node process that started the node, and the node itself. */
type Owner = { ownerPid: number; ownerStart: string | null; anvilPid?: number }

/**
 * Creates the private folder of one Anvil (its `--config-out` file and its `--cache-path`, where Anvil
 * persists historical states that would otherwise pile up in ~/.foundry/anvil/tmp), owned by this process.
 * Remove it with `removeAnvilDir` once the node has exited; `sweepAnvilDirs` removes those of dead owners.
 */
export function createAnvilDir(): string {
  const dir = mkdtempSync(join(tmpdir(), PREFIX))
  writeOwner(dir, { ownerPid: process.pid, ownerStart: processStart(process.pid) })
  return dir
}

/** Records the node's PID, so that a sweep after this process died can stop a node that survived it. */
export function recordAnvilPid(dir: string, anvilPid: number): void {
  writeOwner(dir, { ownerPid: process.pid, ownerStart: processStart(process.pid), anvilPid })
}

export function removeAnvilDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
}

/**
 * Removes the private folders whose owner process is gone (a crash or `kill -9` left them), first killing
 * their node if it still runs (checked by its command line naming the folder, so a reused PID is never
 * hit). Folders of live owners, in this or other processes, are left alone. Returns the folders removed.
 */
export function sweepAnvilDirs(): string[] {
  const removed: string[] = []
  let names: string[]
  try {
    names = readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX))
  } catch {
    return removed
  }
  for (const name of names) {
    const dir = join(tmpdir(), name)
    try {
      const owner = readOwner(dir)
      if (!owner) {
        if (Date.now() - statSync(dir).mtimeMs < CREATING_GRACE_MS) continue
      } else {
        if (isAlive(owner.ownerPid, owner.ownerStart)) continue
        if (owner.anvilPid !== undefined && commandLine(owner.anvilPid).includes(dir)) {
          try {
            process.kill(owner.anvilPid, 'SIGKILL')
          } catch {}
          // Wait (briefly) until it is gone, so the port it held is free for the start that swept it.
          for (let i = 0; i < 100 && isAlive(owner.anvilPid, null); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)
        }
      }
      removeAnvilDir(dir)
      removed.push(dir)
    } catch {
      // Another process swept it first, or it is not ours to read.
    }
  }
  return removed
}

function writeOwner(dir: string, owner: Owner): void {
  const tmp = join(dir, 'owner.json.tmp')
  writeFileSync(tmp, JSON.stringify(owner))
  renameSync(tmp, join(dir, 'owner.json'))
}

function readOwner(dir: string): Owner | undefined {
  const file = join(dir, 'owner.json')
  if (!existsSync(file)) return undefined
  return JSON.parse(readFileSync(file, 'utf8')) as Owner
}

/** A process's start time in clock ticks since boot (Linux), to tell it from a later process with its PID. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
  } catch {
    return null
  }
}

function isAlive(pid: number, start: string | null): boolean {
  try {
    process.kill(pid, 0)
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
  return start === null || processStart(pid) === null || processStart(pid) === start
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
  } catch {
    return ''
  }
}
