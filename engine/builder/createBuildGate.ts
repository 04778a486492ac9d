/** Lets JSON-RPC traffic flow to the node except while a block is being built on it. */
export type BuildGate = {
  /** Runs `fn` alongside other shared work, but never during exclusive work. */
  shared<T>(fn: () => Promise<T>): Promise<T>
  /** Runs `fn` alone: waits for shared work in flight to end, and holds new work until it is done. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>
}

/**
 * A readers-writer lock with writer preference. Building a block mines trial blocks and reverts them, so a
 * read forwarded meanwhile could see a block that never was; reads wait for the build instead, and a build
 * waits for the reads already sent.
 */
export function createBuildGate(): BuildGate {
  let inflight = 0
  let writer: Promise<unknown> | undefined
  let writersWaiting = 0
  let drained: (() => void) | undefined
  let tail: Promise<unknown> = Promise.resolve()

  return {
    async shared(fn) {
      while (writer !== undefined || writersWaiting > 0) await (writer ?? tail).catch(() => undefined)
      inflight++
      try {
        return await fn()
      } finally {
        inflight--
        if (inflight === 0) drained?.()
      }
    },
    exclusive(fn) {
      writersWaiting++
      const run = tail.catch(() => undefined).then(async () => {
        if (inflight > 0) await new Promise<void>((resolve) => (drained = resolve))
        drained = undefined
        writersWaiting--
        const p = fn()
        writer = p
        try {
          return await p
        } finally {
          writer = undefined
        }
      })
      tail = run
      return run
    },
  }
}
