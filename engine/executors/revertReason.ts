import { BaseError } from '../errors/BaseError.js'
import { decodeRevert } from './decodeRevert.js'

/** The revert reason inside a JSON-RPC error (custom errors decoded with the executor's ABI). */
export function revertReason(e: unknown): string {
  const details = e instanceof BaseError ? e.details : undefined
  let data: unknown
  try {
    data = details ? JSON.parse(details) : undefined
  } catch {}
  const msg = e instanceof BaseError ? e.shortMessage : e instanceof Error ? e.message : String(e)
  return decodeRevert(data, msg)
}
