import { concatHex, encodeAbiParameters, type Hex } from 'viem'
import type { RpcClient } from '../chain/createRpcClient.js'
import { loadArtifact } from '../devnet/loadArtifact.js'
import { BaseError } from '../errors/BaseError.js'
import { lensCall } from '../market/lensCall.js'
import type { Address } from '../market/types.js'

/** One read: `data` sent to `to` with a staticcall. */
export type StaticCall = { to: Address; data: Hex }
/** Its outcome: `ok` false when it reverted, ran out of gas or `to` has no code; `data` is cut at `maxReturn`. */
export type StaticCallResult = { ok: boolean; data: Hex }

const MAX_WORDS = 768
/** Calls per JSON-RPC batch: each is one deployless lens `eth_call`. */
const CALLS_PER_BATCH = 20

/**
 * Runs many read-only calls at `block` through the deployless StaticCallLens (contracts/src/lens/): each lens
 * call makes up to 767 words of answers' worth of staticcalls and reports every outcome, so a reverting token
 * or pool fails only its own read. Lens calls are grouped into JSON-RPC batches. `maxReturn` (bytes, default 96)
 * caps each answer; `gasPerCall` (default 300,000) caps each call.
 *
 * @example
 * const [symbol] = await staticCalls(rpc, [{ to: token, data: encodeFunctionData({ abi: erc20Abi, functionName: 'symbol' }) }], { block: 'latest', maxReturn: 160 })
 */
export async function staticCalls(
  rpc: RpcClient,
  calls: readonly StaticCall[],
  options: { block: Hex | 'latest'; maxReturn?: number; gasPerCall?: number },
): Promise<StaticCallResult[]> {
  const maxReturn = options.maxReturn ?? 96
  const perLens = Math.floor(MAX_WORDS / (1 + Math.ceil(maxReturn / 32)))
  if (perLens < 1) throw new BaseError(`staticCalls: maxReturn ${maxReturn} leaves no room for one answer in a lens call`)
  const bytecode = loadArtifact('StaticCallLens').bytecode
  const chunks: StaticCall[][] = []
  for (let i = 0; i < calls.length; i += perLens) chunks.push(calls.slice(i, i + perLens))
  const out: StaticCallResult[] = []
  for (let b = 0; b < chunks.length; b += CALLS_PER_BATCH) {
    const group = chunks.slice(b, b + CALLS_PER_BATCH)
    const requests = group.map((chunk) => lensCall(encodeStaticCallLens(bytecode, chunk, maxReturn, options.gasPerCall ?? 300_000), options.block as Hex))
    const answers = await rpc.batch<Hex[]>(requests)
    answers.forEach((answer, k) => out.push(...decodeStaticCallLens(answer, group[k]!.length)))
  }
  return out
}

/** The creation code + arguments of one StaticCallLens call (at most 767 words of answers; see `staticCalls`). */
export function encodeStaticCallLens(bytecode: Hex, calls: readonly StaticCall[], maxReturn: number, gasPerCall: number): Hex {
  const args = encodeAbiParameters(
    [{ type: 'address[]' }, { type: 'bytes[]' }, { type: 'uint256' }, { type: 'uint256' }],
    [calls.map((c) => c.to), calls.map((c) => c.data), BigInt(maxReturn), BigInt(gasPerCall)],
  )
  return concatHex([bytecode, args])
}

/** Decodes one StaticCallLens output of `n` calls (see the output format in StaticCallLens.sol). */
export function decodeStaticCallLens(output: Hex, n: number): StaticCallResult[] {
  if (typeof output !== 'string' || !/^0x(?:[0-9a-fA-F]{64})*$/.test(output)) {
    throw new BaseError(`StaticCallLens answered ${String(output).slice(0, 80)}, not whole 32-byte words`)
  }
  const hex = output.slice(2)
  const results: StaticCallResult[] = []
  let p = 0
  for (let i = 0; i < n; i++) {
    if (p + 64 > hex.length) throw new BaseError(`StaticCallLens answered ${hex.length / 2} bytes, too few for ${n} calls`)
    const header = BigInt(`0x${hex.slice(p, p + 64)}`)
    p += 64
    const length = Number(header & 0xffffffffffffffffn)
    const words = Math.ceil(length / 32)
    if (p + 64 * words > hex.length) throw new BaseError(`StaticCallLens answer ${i} claims ${length} bytes past the end of the output`)
    results.push({ ok: header >> 255n === 1n, data: `0x${hex.slice(p, p + 2 * length)}` })
    p += 64 * words
  }
  if (p !== hex.length) throw new BaseError(`StaticCallLens answered ${(hex.length - p) / 2} bytes more than ${n} calls take`)
  return results
}
