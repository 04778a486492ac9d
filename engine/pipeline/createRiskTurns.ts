/** One block's place in the order of risk decisions: wait before the first decision, done once outcomes are recorded. */
export type RiskTurn = { wait(): Promise<void>; done(): void }

/**
 * Orders what depends on outcomes when blocks are processed in parallel: turns are handed out in block order,
 * and a block's `wait()` resolves once every earlier block has called `done()`. Simulations still run in
 * parallel; only risk decisions and the executions they allow follow block order, so limits fed by realized
 * outcomes (daily loss, consecutive failures) decide exactly as in a one-worker replay.
 *
 * @example
 * const turns = createRiskTurns()
 * const turn = turns.next() // for the next block dispatched
 */
export function createRiskTurns(): { next(): RiskTurn } {
  let previous: Promise<void> = Promise.resolve()
  return {
    next() {
      const before = previous
      let done!: () => void
      previous = new Promise<void>((resolve) => (done = resolve))
      return { wait: () => before, done }
    },
  }
}
