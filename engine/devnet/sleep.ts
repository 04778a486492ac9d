/**
 * Resolves after `ms`, or at once when `signal` aborts; leaves no listener behind either way.
 *
 * @example await sleep(12_000, stopping.signal) // one block time, cut short by Ctrl-C
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const onAbort = () => (clearTimeout(timer), resolve())
    const timer = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
