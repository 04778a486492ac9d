import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RpcError } from '../errors/RpcError.js'
import { createRpcClient, RpcResponseError } from './createRpcClient.js'
import { startAnvil, type Anvil } from './startAnvil.js'
import { startFlakyProxy, type FlakyProxy } from './testing/startFlakyProxy.js'

let anvil: Anvil
let proxy: FlakyProxy
beforeAll(async () => {
  anvil = await startAnvil()
  await anvil.request('anvil_mine', ['0x40'])
  proxy = await startFlakyProxy(anvil.rpcUrl, { seed: 3, dropRate: 0.3, delayRate: 0.2, maxDelayMs: 30, dropAs: 'reset' })
})
afterAll(async () => {
  await proxy?.close()
  await anvil?.stop()
})

describe('createRpcClient', () => {
  it('retries dropped connections and returns every answer in order', async () => {
    const rpc = createRpcClient(proxy.url, { backoffMs: 5 })
    for (let i = 0; i < 20; i++) {
      const blocks = await rpc.batch<{ number: string }[]>(Array.from({ length: 8 }, (_, k) => ({ method: 'eth_getBlockByNumber', params: [`0x${(i + k).toString(16)}`, false] })))
      expect(blocks.map((b) => Number(b.number))).toEqual(Array.from({ length: 8 }, (_, k) => i + k))
    }
    expect(proxy.stats.dropped).toBeGreaterThan(0)
  })

  it('does not retry an error the node answers, and names the method', async () => {
    const rpc = createRpcClient(anvil.rpcUrl)
    await expect(rpc.request('eth_noSuchMethod')).rejects.toBeInstanceOf(RpcResponseError)
    await expect(rpc.request('eth_noSuchMethod')).rejects.toThrow(/eth_noSuchMethod failed/)
  })

  it('gives up on an unreachable node with an RpcError naming the method and the redacted URL', async () => {
    const rpc = createRpcClient('http://127.0.0.1:9/v3/0123456789abcdef0123456789abcdef', { retries: 1, backoffMs: 1 })
    const err = await rpc.request('eth_chainId').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RpcError)
    expect((err as RpcError).message).toMatch(/RPC eth_chainId to http:\/\/127\.0\.0\.1:9\/v3\/\*\*\* failed/)
    expect((err as RpcError).message).not.toContain('0123456789abcdef0123456789abcdef')
  })
})
