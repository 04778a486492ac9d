import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type Anvil } from './startAnvil.js'
import { ReceiptTimeoutError, waitForReceipt, waitForReceipts } from './waitForReceipt.js'

let anvil: Anvil
let from: Hex
beforeAll(async () => {
  anvil = await startAnvil({ noMining: true, accounts: 2 })
  from = (await anvil.request<Hex[]>('eth_accounts'))[0]!
})
afterAll(async () => {
  await anvil?.stop()
})

const send = (nonce: number, tipGwei: number) =>
  anvil.request<Hex>('eth_sendTransaction', [
    { from, to: from, value: '0x1', nonce: `0x${nonce.toString(16)}`, gas: '0x5208', maxFeePerGas: `0x${(BigInt(tipGwei) * 100n * 10n ** 9n).toString(16)}`, maxPriorityFeePerGas: `0x${(BigInt(tipGwei) * 10n ** 9n).toString(16)}` },
  ])

describe('waitForReceipt', () => {
  it('returns the receipt of whichever version of a replaced transaction was mined', async () => {
    const nonce = Number(BigInt(await anvil.request<Hex>('eth_getTransactionCount', [from, 'latest'])))
    const original = await send(nonce, 1)
    const replacement = await send(nonce, 3) // same nonce, higher fees: replaces it in the pool
    const waiting = waitForReceipt(anvil, [original, replacement], { timeoutMs: 10_000 })
    await new Promise((r) => setTimeout(r, 20))
    await anvil.request('evm_mine')
    const receipt = await waiting
    expect(receipt.transactionHash).toBe(replacement)
    expect(receipt.status).toBe('0x1')
  })

  it('fails at the deadline with a retryable error naming the hashes', async () => {
    const nonce = Number(BigInt(await anvil.request<Hex>('eth_getTransactionCount', [from, 'latest'])))
    const pending = await send(nonce, 1)
    const err = await waitForReceipt(anvil, pending, { deadline: Date.now() + 150 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ReceiptTimeoutError)
    expect((err as ReceiptTimeoutError).retryable).toBe(true)
    expect((err as ReceiptTimeoutError).message).toContain(pending)
    await anvil.request('evm_mine')
  })

  it('waitForReceipts waits for all, in order', async () => {
    const nonce = Number(BigInt(await anvil.request<Hex>('eth_getTransactionCount', [from, 'latest'])))
    const hashes = [await send(nonce, 1), await send(nonce + 1, 1), await send(nonce + 2, 1)]
    const waiting = waitForReceipts(anvil, hashes, { timeoutMs: 10_000 })
    await anvil.request('evm_mine')
    expect((await waiting).map((r) => r.transactionHash)).toEqual(hashes)
  })
})
