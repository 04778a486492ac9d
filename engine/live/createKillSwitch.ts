import { existsSync } from 'node:fs'

export type KillSwitch = {
  /** True once the file exists or SIGUSR2 arrived; stays true (latched) until the process restarts. */
  active(): boolean
  /** What tripped it, for the alert. */
  reason(): string | undefined
  close(): void
}

/**
 * The kill switch: the existence of `file` (checked each call: one stat per block) or SIGUSR2 stops sending.
 * Latched, so removing the file does not resume trading; restart the engine for that.
 */
export function createKillSwitch(options: { file?: string; signal?: NodeJS.Signals | false } = {}): KillSwitch {
  let why: string | undefined
  const sig = options.signal === undefined ? 'SIGUSR2' : options.signal
  const onSignal = () => {
    why ??= `${sig} received`
  }
  if (sig) process.on(sig, onSignal)
  return {
    active() {
      if (!why && options.file && existsSync(options.file)) why = `kill file ${options.file} exists`
      return why !== undefined
    },
    reason: () => why,
    close() {
      if (sig) process.off(sig, onSignal)
    },
  }
}
