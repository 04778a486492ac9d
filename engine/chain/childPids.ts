import { readdirSync, readFileSync } from 'node:fs'

/**
 * PIDs of the direct children of `pid` (Linux /proc), for tests that kill a process with SIGKILL — which no
 * handler can catch — and must then stop the Anvil nodes it had started, by PID.
 */
export function childPids(pid: number): number[] {
  const out: number[] = []
  let tasks: string[]
  try {
    tasks = readdirSync(`/proc/${pid}/task`)
  } catch {
    return out
  }
  for (const tid of tasks) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/)) if (c) out.push(Number(c))
    } catch {}
  }
  return out
}
