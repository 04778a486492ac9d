import { readFileSync, readdirSync } from 'node:fs'

/** Resident memory (bytes) of a process and all its descendants, from /proc (Linux). */
export function treeRss(pid: number): number {
  let total = 0
  const stack = [pid]
  while (stack.length) {
    const p = stack.pop()!
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8')
      const m = /VmRSS:\s+(\d+) kB/.exec(status)
      if (m) total += Number(m[1]) * 1024
      for (const tid of readdirSync(`/proc/${p}/task`)) {
        for (const c of readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim().split(/\s+/)) if (c) stack.push(Number(c))
      }
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
