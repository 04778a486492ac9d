import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { accessSync, constants, existsSync } from 'node:fs'

/** util-linux `setpriv`, which sets a parent-death signal before it execs the command (Linux). */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => process.platform === 'linux' && existsSync(p))

/**
 * Spawns a long-lived child (an Anvil node) that cannot outlive this process and is not hit by the
 * terminal's signals:
 * - its own process group (`detached`), so Ctrl-C in the terminal reaches only this process, which then
 *   stops the child itself (after the current block, say) instead of the child dying mid-request;
 * - a parent-death signal (`setpriv --pdeathsig KILL`, which execs the command in place, so the PID is the
 *   command's): when this process dies in any way, `kill -9` included, the kernel kills the child.
 * Where setpriv is missing, the process registry's exit hooks and the sweep of private folders remain.
 * The kernel sends the parent-death signal when the spawning *thread* exits: spawn from the main thread.
 */
export function spawnChild(command: string, args: string[], options: Omit<SpawnOptions, 'detached'> = {}): ChildProcess {
  // A command that cannot run is left to spawn itself, whose 'error' event says so, rather than to setpriv.
  const child = SETPRIV && runnable(command)
    ? spawn(SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args], { ...options, detached: true })
    : spawn(command, args, { ...options, detached: true })
  return child
}

/** Sends `signal` to the child's process group (the child and anything it started), else to the child. */
export function signalChild(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    try {
      child.kill(signal)
    } catch {}
  }
}

function runnable(command: string): boolean {
  if (!command.includes('/')) return true
  try {
    accessSync(command, constants.X_OK)
    return true
  } catch {
    return false
  }
}
