import type { ChildProcess } from 'node:child_process'

/**
 * Every child process this Node process started (Anvil nodes), so that none outlives its owner: they are
 * killed by PID on normal exit, on SIGINT/SIGTERM and on an uncaught exception.
 */
const children = new Set<ChildProcess>()
let installed = false

function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(child.pid, 'SIGKILL')
      } catch {}
    }
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
    process.once(signal, onSignal)
  }
}

/** Registers a child for cleanup on exit; returns a function that unregisters it. */
export function registerChild(child: ChildProcess): () => void {
  install()
  children.add(child)
  return () => children.delete(child)
}
