import { numberToHex, type Hex } from 'viem'
import { RpcResponseError, type RpcClient } from '../chain/createRpcClient.js'
import { decodeRevert } from './decodeRevert.js'

/** A call to simulate: the executor transaction without gas or fees. */
export type SimulatedCall = { from: Hex; to: Hex; data: Hex }

/** The block a simulation pretends to run in: the one after the state it reads (as the trade would be mined). */
export type NextBlock = { number: bigint; timestamp: bigint }

export type CallOutcome = { success: true; output: Hex; gasUsed: bigint } | { success: false; error: string }

export type CallSimulator = {
  /**
   * Runs `call` on the state at `blockTag` and returns its output and the gas it used, or the decoded revert.
   * With `next`, the call runs in that block's environment (number, timestamp), so the gas matches the mined
   * transaction's exactly (a V2 pair's oracle update, for one, depends on the timestamp).
   */
  simulate(call: SimulatedCall, blockTag: string, next?: NextBlock): Promise<CallOutcome>
  /** `trace` (one `debug_traceCall`) or `call+estimate` (`eth_call` and `eth_estimateGas`, for nodes without debug). */
  readonly method: 'trace' | 'call+estimate'
}

type CallFrame = { gasUsed: Hex; output?: Hex; error?: string; revertReason?: string }

/** Tracer options that run a call in `next`'s environment (nothing when there is none). */
export function blockOverrides(next: NextBlock | undefined): { blockOverrides?: { number: Hex; time: Hex } } {
  return next ? { blockOverrides: { number: numberToHex(next.number), time: numberToHex(next.timestamp) } } : {}
}

/**
 * Simulates executor calls on a node with one EVM execution each: `debug_traceCall` with the top-level
 * `callTracer` gives the output, the gas used and the revert data together, where `eth_call` plus
 * `eth_estimateGas` run the call about ten times (the estimate is a binary search). Nodes that do not serve
 * `debug_traceCall` (many hosted mainnet endpoints) are detected on the first call and get `eth_call` +
 * `eth_estimateGas` from then on. Transient failures (RpcError) are not answers and propagate.
 *
 * @example
 * const sim = createCallSimulator(createRpcClient(url))
 * const r = await sim.simulate({ from, to: executor, data }, '0x64', { number: 101n, timestamp })
 */
export function createCallSimulator(rpc: RpcClient): CallSimulator {
  let method: CallSimulator['method'] = 'trace'

  async function viaTrace(call: SimulatedCall, blockTag: string, next?: NextBlock): Promise<CallOutcome> {
    const options = { tracer: 'callTracer', tracerConfig: { onlyTopCall: true }, ...blockOverrides(next) }
    const frame = await rpc.request<CallFrame>('debug_traceCall', [call, blockTag, options])
    if (frame.error) return { success: false, error: decodeRevert(frame.output, frame.revertReason ?? frame.error) }
    return { success: true, output: frame.output ?? '0x', gasUsed: BigInt(frame.gasUsed) }
  }

  async function viaCall(call: SimulatedCall, blockTag: string): Promise<CallOutcome> {
    try {
      const [output, gas] = await rpc.batch<[Hex, Hex]>([
        { method: 'eth_call', params: [call, blockTag] },
        { method: 'eth_estimateGas', params: [call, blockTag] },
      ])
      return { success: true, output, gasUsed: BigInt(gas) }
    } catch (e) {
      if (!(e instanceof RpcResponseError)) throw e
      return { success: false, error: decodeRevert(e.data, e.shortMessage) }
    }
  }

  return {
    get method() {
      return method
    },
    async simulate(call, blockTag, next) {
      if (method === 'call+estimate') return viaCall(call, blockTag)
      try {
        return await viaTrace(call, blockTag, next)
      } catch (e) {
        // The node answered, but not with a trace: it does not serve debug_traceCall (or its tracer options).
        if (!(e instanceof RpcResponseError)) throw e
        method = 'call+estimate'
        return viaCall(call, blockTag)
      }
    },
  }
}
