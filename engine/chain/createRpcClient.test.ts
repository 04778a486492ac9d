import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RpcError } from '../errors/RpcError.js'
import { createRateLimiter } from './createRateLimiter.js'
import { createRpcClient, RpcResponseError } from './createRpcClient.js'
import { startAnvil, type Anvil } from './startAnvil.js'
import { startFlakyProxy, type FlakyProxy } from './testing/startFlakyProxy.js'

let anvil: Anvil
let proxy: FlakyProxy
const others: { close(): Promise<void> }[] = []
beforeAll(async () => {
  anvil = await startAnvil()
  await anvil.request('anvil_mine', ['0x40'])
  proxy = await startFlakyProxy(anvil.rpcUrl, { seed: 3, dropRate: 0.3, delayRate: 0.2, maxDelayMs: 30, dropAs: 'reset' })
})
afterAll(async () => {
  await Promise.all(others.map((o) => o.close()))
  await proxy?.close()
  await anvil?.stop()
})

const headers = (from: number, n: number) => Array.from({ length: n }, (_, k) => ({ method: 'eth_getBlockByNumber', params: [`0x${(from + k).toString(16)}`, false] }))
const numbers = (blocks: { number: string }[]) => blocks.map((b) => Number(b.number))
const range = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k)

describe('createRpcClient', () => {
  it('retries dropped connections and returns every answer in order', async () => {
    const rpc = createRpcClient(proxy.url, { backoffMs: 5 })
    for (let i = 0; i < 20; i++) expect(numbers(await rpc.batch<{ number: string }[]>(headers(i, 8)))).toEqual(range(i, 8))
    expect(proxy.stats.dropped).toBeGreaterThan(0)
    expect(rpc.usage.retries).toBeGreaterThan(0)
  })

  it('does not retry an error the node answers, and names the method', async () => {
    const rpc = createRpcClient(anvil.rpcUrl)
    await expect(rpc.request('eth_noSuchMethod')).rejects.toBeInstanceOf(RpcResponseError)
    await expect(rpc.request('eth_noSuchMethod')).rejects.toThrow(/eth_noSuchMethod failed/)
    const err = await rpc.request('eth_noSuchMethod').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RpcError) // one error type for the transport
    expect((err as RpcError).retryable).toBe(false)
    expect(rpc.usage.requests).toBe(3)
  })

  it('exchange relays every answer, errors included, in order', async () => {
    const rpc = createRpcClient(anvil.rpcUrl)
    const answers = await rpc.exchange([{ method: 'eth_chainId' }, { method: 'eth_noSuchMethod' }, { method: 'eth_blockNumber' }])
    expect(answers[0]).toEqual({ result: '0x7a69' })
    expect(answers[1]!.error?.code).toBeTypeOf('number')
    expect(answers[2]!.result).toBe('0x40')
  })

  it('splits batches at maxBatchSize and halves them when the node refuses a batch as too large', async () => {
    const capped = createRpcClient(anvil.rpcUrl, { maxBatchSize: 10 })
    expect(numbers(await capped.batch<{ number: string }[]>(headers(0, 35)))).toEqual(range(0, 35))
    expect(capped.usage.requests).toBe(4)
    expect(capped.usage.calls).toBe(35)
    for (const as of ['http-413', 'rpc-error'] as const) {
      const strict = await startFlakyProxy(anvil.rpcUrl, { dropRate: 0, delayRate: 0, maxBatch: { calls: 6, as } })
      others.push(strict)
      const rpc = createRpcClient(strict.url)
      expect(numbers(await rpc.batch<{ number: string }[]>(headers(3, 40)))).toEqual(range(3, 40))
      expect(strict.stats.refusedBatches).toBeGreaterThan(0)
      const refused = strict.stats.refusedBatches
      // The client keeps the size that worked.
      expect(numbers(await rpc.batch<{ number: string }[]>(headers(0, 20)))).toEqual(range(0, 20))
      expect(strict.stats.refusedBatches).toBe(refused)
    }
  })

  it('waits out HTTP 429 answers and counts them', async () => {
    const limited = await startFlakyProxy(anvil.rpcUrl, { seed: 7, dropRate: 0.4, delayRate: 0, dropAs: 'http-429' })
    others.push(limited)
    const rpc = createRpcClient(limited.url)
    for (let i = 0; i < 10; i++) expect(numbers(await rpc.batch<{ number: string }[]>(headers(i, 4)))).toEqual(range(i, 4))
    expect(rpc.usage.rateLimited).toBe(limited.stats.dropped)
    expect(rpc.usage.rateLimited).toBeGreaterThan(0)
  })

  it('names the rate limit when the node keeps refusing', async () => {
    const server: Server = createServer((_req, res) => res.writeHead(429, { 'retry-after': '0' }).end())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    others.push({ close: () => new Promise<void>((r) => server.close(() => r())) })
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    const rpc = createRpcClient(url, { rateLimitRetries: 2, rateLimiter: createRateLimiter(1000) })
    const err = (await rpc.request('eth_chainId').catch((e: unknown) => e)) as RpcError
    expect(err).toBeInstanceOf(RpcError)
    expect(err.retryable).toBe(true)
    expect(err.message).toMatch(/rate-limited by the node 3 times in a row \(HTTP 429\); the client sends at most 1000 calls\/s \(lower --rpc-rate\)/)
  })

  it('does not retry an HTTP error that a retry cannot fix', async () => {
    const server: Server = createServer((_req, res) => res.writeHead(401).end())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    others.push({ close: () => new Promise<void>((r) => server.close(() => r())) })
    const rpc = createRpcClient(`http://127.0.0.1:${(server.address() as { port: number }).port}`)
    const err = (await rpc.request('eth_chainId').catch((e: unknown) => e)) as RpcError
    expect(err.retryable).toBe(false)
    expect(err.message).toMatch(/HTTP 401 \(is the key in the URL right\?\)/)
    expect(rpc.usage.requests).toBe(1)
  })

  it('gives up on an unreachable node with an RpcError naming the method and the redacted URL', async () => {
    const rpc = createRpcClient('http://127.0.0.1:9/v3/0123456789abcdef0123456789abcdef', { retries: 1, backoffMs: 1 })
    const err = await rpc.request('eth_chainId').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RpcError)
    expect((err as RpcError).message).toMatch(/RPC eth_chainId to http:\/\/127\.0\.0\.1:9\/v3\/\*\*\* failed/)
    expect((err as RpcError).message).not.toContain('0123456789abcdef0123456789abcdef')
  })
})

describe('createRateLimiter', () => {
  it('spaces calls beyond the burst to the rate', async () => {
    const limiter = createRateLimiter(20)
    const started = performance.now()
    await limiter.take(20) // the burst
    await limiter.take(10) // half a second's worth
    expect(performance.now() - started).toBeGreaterThanOrEqual(450)
  })

  it('refuses a rate that is not a positive number', () => {
    expect(() => createRateLimiter(0)).toThrow(/calls per second > 0/)
  })
})
