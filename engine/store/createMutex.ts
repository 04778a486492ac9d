/** Runs async functions one at a time, in call order. */
export type Mutex = {
  run<T>(fn: () => Promise<T>): Promise<T>
}

/**
 * A FIFO lock over async work: each `run` starts after every earlier one has settled (resolved or thrown).
 *
 * @example
 * const lock = createMutex()
 * await Promise.all([lock.run(a), lock.run(b)]) // b starts after a settles
 */
export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve()
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const result = tail.then(fn, fn)
      tail = result.catch(() => undefined)
      return result
    },
  }
}
