import { readFileSync, readdirSync } from 'node:fs'

/** A process and all its descendants, from /proc (Linux); processes that exit meanwhile are skipped. */
function processTree(pid: number): number[] {
  const out: number[] = []
  const stack = [pid]
  while (stack.length) {
    const p = stack.pop()!
    try {
      for (const tid of readdirSync(`/proc/${p}/task`)) {
        for (const c of readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim().split(/\s+/)) if (c) stack.push(Number(c))
      }
      out.push(p)
    } catch {}
  }
  return out
}

/** Resident memory (bytes) of a process and all its descendants. */
export function treeRss(pid: number): number {
  let total = 0
  for (const p of processTree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))
      if (m) total += Number(m[1]) * 1024
    } catch {}
  }
  return total
}

/** Samples treeRss every `ms` until stopped; returns the peak. */
export function watchPeakRss(pid: number, ms = 200): { stop(): number } {
  let peak = treeRss(pid)
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRss(pid))
  }, ms)
  return {
    stop() {
      clearInterval(timer)
      return Math.max(peak, treeRss(pid))
    },
  }
}

/** CPU time (user + system, ms) of a process and its descendants, by process name (`node`, `anvil`). */
export function treeCpuMs(pid: number): { total: number; byName: Record<string, number> } {
  const tick = 10 // USER_HZ = 100 on Linux
  const byName: Record<string, number> = {}
  let total = 0
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8')
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const ms = (Number(f[11]) + Number(f[12])) * tick
      byName[name] = (byName[name] ?? 0) + ms
      total += ms
    } catch {}
  }
  return { total, byName }
}
