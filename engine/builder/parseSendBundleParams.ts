import { isHex, keccak256, parseTransaction, type Address, type Hex } from 'viem'
import { computeBundleHash } from '../bundles/computeBundleHash.js'
import { invalidParam } from '../errors/BuilderError.js'
import type { Bundle } from './Bundle.js'
import { parseQuantity } from './parseQuantity.js'

/** At most this many transactions per bundle, as on the Flashbots relay. */
export const MAX_BUNDLE_TXS = 100

const KNOWN = new Set(['txs', 'blockNumber', 'minTimestamp', 'maxTimestamp', 'revertingTxHashes', 'replacementUuid', 'builders'])

/**
 * Validates the params of `eth_sendBundle` (Flashbots format: `[{ txs, blockNumber, minTimestamp?,
 * maxTimestamp?, revertingTxHashes?, replacementUuid?, builders? }]`) into a Bundle. `builders` (which other
 * builders to share with) is accepted and ignored; any other field is refused by name, so a client relying on
 * refunds or dropping semantics this builder does not implement learns it at once. Timestamps of 0 mean
 * "no bound", as in the Flashbots specification.
 */
export function parseSendBundleParams(params: unknown, signer: Address, seq: number): Bundle {
  const p = firstParamObject(params, 'eth_sendBundle')
  for (const key of Object.keys(p)) {
    if (!KNOWN.has(key)) throw invalidParam(`params[0].${key}`, `one of the fields ${[...KNOWN].join(', ')}`, key)
  }
  const txs = parseSignedTxs(p.txs, 'params[0].txs')
  if (p.blockNumber === undefined) throw invalidParam('params[0].blockNumber', 'the hex block number the bundle targets')
  const blockNumber = parseQuantity(p.blockNumber, 'params[0].blockNumber')
  const minTimestamp = optionalBound(p.minTimestamp, 'params[0].minTimestamp')
  const maxTimestamp = optionalBound(p.maxTimestamp, 'params[0].maxTimestamp')
  if (minTimestamp !== undefined && maxTimestamp !== undefined && maxTimestamp < minTimestamp) {
    throw invalidParam('params[0].maxTimestamp', `a timestamp >= minTimestamp (${minTimestamp})`, Number(maxTimestamp))
  }
  const reverting = new Set<string>()
  if (p.revertingTxHashes !== undefined) {
    if (!Array.isArray(p.revertingTxHashes)) throw invalidParam('params[0].revertingTxHashes', 'an array of 32-byte transaction hashes', p.revertingTxHashes)
    p.revertingTxHashes.forEach((h, i) => {
      if (typeof h !== 'string' || !isHex(h) || h.length !== 66) throw invalidParam(`params[0].revertingTxHashes[${i}]`, 'a 0x-prefixed 32-byte transaction hash', h)
      reverting.add(h.toLowerCase())
    })
  }
  let replacementUuid: string | undefined
  if (p.replacementUuid !== undefined && p.replacementUuid !== null && p.replacementUuid !== '') {
    if (typeof p.replacementUuid !== 'string' || p.replacementUuid.length > 128) {
      throw invalidParam('params[0].replacementUuid', 'a string of at most 128 characters (a UUID v4)', p.replacementUuid)
    }
    replacementUuid = p.replacementUuid
  }
  if (p.builders !== undefined && !(Array.isArray(p.builders) && p.builders.every((b) => typeof b === 'string'))) {
    throw invalidParam('params[0].builders', 'an array of builder names', p.builders)
  }
  return {
    bundleHash: computeBundleHash(txs),
    txs,
    txHashes: txs.map((tx) => keccak256(tx)),
    blockNumber,
    ...(minTimestamp !== undefined ? { minTimestamp } : {}),
    ...(maxTimestamp !== undefined ? { maxTimestamp } : {}),
    revertingTxHashes: reverting,
    ...(replacementUuid !== undefined ? { replacementUuid } : {}),
    signer,
    seq,
  }
}

/** `params` must be `[ { … } ]`. */
export function firstParamObject(params: unknown, method: string): Record<string, unknown> {
  if (!Array.isArray(params) || params.length !== 1 || typeof params[0] !== 'object' || params[0] === null || Array.isArray(params[0])) {
    throw invalidParam('params', `[ { … } ]: one object, as ${method} takes`, params)
  }
  return params[0] as Record<string, unknown>
}

/** A non-empty array of signed transactions (hex), at most MAX_BUNDLE_TXS. */
export function parseSignedTxs(value: unknown, field: string): Hex[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_BUNDLE_TXS) {
    throw invalidParam(field, `an array of 1 to ${MAX_BUNDLE_TXS} signed transactions (0x hex)`, value)
  }
  return value.map((tx, i) => {
    if (typeof tx !== 'string' || !isHex(tx) || tx.length < 4 || tx.length % 2 !== 0) throw invalidParam(`${field}[${i}]`, 'a signed transaction as 0x hex', tx)
    let signed = false
    try {
      const parsed = parseTransaction(tx)
      signed = parsed.r !== undefined && parsed.s !== undefined
    } catch {
      signed = false
    }
    if (!signed) throw invalidParam(`${field}[${i}]`, 'a signed, RLP-encoded transaction (what eth_sendRawTransaction takes)', tx)
    return tx.toLowerCase() as Hex
  })
}

function optionalBound(value: unknown, field: string): bigint | undefined {
  if (value === undefined || value === null) return undefined
  const v = parseQuantity(value, field)
  return v === 0n ? undefined : v
}
