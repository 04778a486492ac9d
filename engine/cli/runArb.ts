import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../../bin/arb.mjs', import.meta.url))

export type ArbProcess = {
  child: ChildProcess
  /** Resolves with the first stdout line matching `re`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>
  /** Resolves when the process exits, with its code and all output. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>
}

/**
 * Runs the `arb` CLI as a child process (for tests and scripts that drive it like a user would). `ownGroup`
 * starts it in its own process group, as a shell starts a foreground job, so a test can send the group
 * what a terminal's Ctrl-C sends: `process.kill(-child.pid, 'SIGINT')`.
 */
export function runArb(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; ownGroup?: boolean } = {}): ArbProcess {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownGroup ?? false,
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d) => (stdout += d))
  child.stderr!.on('data', (d) => (stderr += d))
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  )
  return {
    child,
    done,
    waitFor(re, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(stdout)
          if (m) {
            cleanup()
            resolve(m)
          }
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`timed out waiting for ${re}; stdout: ${stdout}; stderr: ${stderr}`))
        }, timeoutMs)
        const onExit = () => {
          cleanup()
          reject(new Error(`arb exited before ${re}; stdout: ${stdout}; stderr: ${stderr}`))
        }
        const cleanup = () => {
          clearTimeout(timer)
          child.stdout!.off('data', check)
          child.off('exit', onExit)
        }
        child.stdout!.on('data', check)
        child.once('exit', onExit)
        check()
      })
    },
  }
}
