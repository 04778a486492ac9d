import { decodeErrorResult, type Hex } from 'viem'
import { arbExecutorAbi } from '../abi/arbExecutor.js'

/**
 * Turns revert data into a short reason: an ArbExecutor custom error with its arguments
 * (`Unprofitable(1000, 990, 1)`), `Error(string)`, or the raw selector.
 */
export function decodeRevert(data: unknown, fallback: string): string {
  if (typeof data !== 'string' || !data.startsWith('0x') || data.length < 10) return fallback
  try {
    const e = decodeErrorResult({ abi: arbExecutorAbi, data: data as Hex })
    return `${e.errorName}(${(e.args ?? []).map(String).join(', ')})`
  } catch {
    if (data.startsWith('0x08c379a0')) {
      try {
        const e = decodeErrorResult({ abi: [{ type: 'error', name: 'Error', inputs: [{ name: 'reason', type: 'string' }] }], data: data as Hex })
        return String(e.args[0])
      } catch {}
    }
    return `revert ${data.slice(0, 10)}`
  }
}
