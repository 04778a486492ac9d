import type { ChildProcess } from 'node:child_process'
import { signalChild } from './spawnChild.js'

/**
 * Every child process this Node process started (Anvil nodes), so that none outlives its owner: they are
 * killed by PID (their process group) on normal exit, on SIGINT/SIGTERM/SIGHUP without a handler of the
 * owner's, and on an uncaught exception; then their `cleanup` (their private folder) runs. A `kill -9` of
 * the owner runs none of this: the children's parent-death signal (spawnChild) covers that case.
 */
const children = new Map<ChildProcess, (() => void) | undefined>()
let installed = false

function killAll(): void {
  for (const [child, cleanup] of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid) signalChild(child, 'SIGKILL')
    try {
      cleanup?.()
    } catch {}
  }
  children.clear()
}

function install(): void {
  if (installed) return
  installed = true
  process.once('exit', killAll)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      // An owner with its own handler (graceful shutdown) exits later; the 'exit' hook cleans up then.
      if (process.listenerCount(signal) > 0) return
      killAll()
      process.kill(process.pid, signal)
    }
    // First in line, so the owner's handlers (often `once`, removed as they run) are still counted when it looks.
    process.prependOnceListener(signal, onSignal)
  }
}

/**
 * Registers a child for cleanup on exit; `cleanup` runs after it is killed there. Returns a function that
 * unregisters it (call it once the child has exited and been cleaned up).
 */
export function registerChild(child: ChildProcess, cleanup?: () => void): () => void {
  install()
  children.set(child, cleanup)
  return () => children.delete(child)
}
