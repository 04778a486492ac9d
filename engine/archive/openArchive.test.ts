import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { childPids } from '../chain/childPids.js'
import { createRpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { startRpcProxy, type RpcProxy } from '../chain/testing/startRpcProxy.js'
import { ConfigError } from '../errors/ConfigError.js'
import { openArchive } from './openArchive.js'

const ACCOUNT = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'
const dir = mkdtempSync(join(tmpdir(), 'arb-archive-'))
let origin: Anvil
let upstream: RpcProxy
let secretUrl: string
beforeAll(async () => {
  origin = await startAnvil()
  await origin.request('anvil_mine', ['0x64']) // 100 blocks
  upstream = await startRpcProxy(origin.rpcUrl, { log: true })
  // Anvil ignores user info and query strings, so this reaches the same node through the counting proxy.
  secretUrl = upstream.url.replace('http://', 'http://alice:secretpw0@') + '/?apikey=secretkey0123456789abcdef'
})
afterAll(async () => {
  await upstream?.close()
  await origin?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const H = (n: number) => `0x${n.toString(16)}`
/** Reads a replay makes: pinned to final blocks (cacheable), pinned to a block within the finality depth, and latest. */
const reads = [
  { method: 'eth_getBlockByNumber', params: [H(32), false] },
  { method: 'eth_getBalance', params: [ACCOUNT, H(32)] },
  { method: 'eth_call', params: [{ to: ACCOUNT, data: '0x' }, H(40)] },
  { method: 'eth_getLogs', params: [{ fromBlock: H(33), toBlock: H(40) }] },
  { method: 'eth_getBlockByNumber', params: [H(95), false] },
  { method: 'eth_getBalance', params: [ACCOUNT, 'latest'] },
]

/** Pinned reads at a block at most `final` that reached the upstream node. */
const pinnedUpstream = (from: number, final: number) =>
  upstream.calls.slice(from).filter((c) => {
    const tag = c.method === 'eth_getLogs' ? (c.params[0] as { toBlock: string }).toBlock : c.params.find((p) => typeof p === 'string' && /^0x[0-9a-f]{1,8}$/.test(p))
    return typeof tag === 'string' && /^0x/.test(tag) && Number(tag) <= final
  })

describe('openArchive', () => {
  it('answers reads pinned to final blocks from its cache on the next open, for the engine and its Anvil forks, never latest ones', async () => {
    const options = { cache: dir, finalityDepth: 10, checkBlock: 50n }
    const replay = async () => {
      const archive = await openArchive(secretUrl, options)
      try {
        const rpc = createRpcClient(archive.url)
        const answers = await rpc.exchange(reads)
        const fork = await startAnvil({ forkUrl: archive.url, forkBlockNumber: 30n, accounts: 1 })
        const balance = await fork.request('eth_getBalance', [ACCOUNT, 'latest'])
        await fork.reset({ blockNumber: 31n })
        await fork.stop()
        return { answers, balance, usage: archive.usage() }
      } finally {
        await archive.close()
      }
    }
    const first = await replay()
    expect(pinnedUpstream(0, 90).length).toBeGreaterThan(5)
    const mark = upstream.calls.length
    const second = await replay()
    expect(second.answers).toEqual(first.answers)
    expect(second.balance).toBe(first.balance)
    // Only the probe's check of block 50 reaches the node at a final block; the rest is served locally.
    expect(pinnedUpstream(mark, 90).map((c) => `${c.method} ${JSON.stringify(c.params)}`)).toEqual([`eth_getBlockByNumber ["0x32",false]`])
    const after = upstream.calls.slice(mark).map((c) => c.method)
    expect(after.filter((m) => m === 'eth_getBalance').length).toBe(1) // the latest one
    expect(second.usage.cacheHits).toBeGreaterThanOrEqual(10)
    expect(second.usage.calls).toBeLessThan(first.usage.calls)
  })

  it('refuses a cache filled from another chain with the same chain id', async () => {
    const other = await startAnvil()
    try {
      await other.request('anvil_setBalance', [ACCOUNT, '0x1'])
      await other.request('anvil_mine', ['0x64'])
      const err = await openArchive(other.rpcUrl, { cache: dir, finalityDepth: 10, checkBlock: 50n }).catch((e: unknown) => e)
      if (!(err instanceof Error)) await (err as { close(): Promise<void> }).close()
      expect(err).toBeInstanceOf(ConfigError)
      expect((err as ConfigError).field).toBe('--cache')
      expect((err as ConfigError).message).toMatch(/another chain with the same chain id/)
    } finally {
      await other.stop()
    }
  })

  it('keeps the URL’s secrets out of every spawned process’s command line', async () => {
    const anvil = await startAnvil({ forkUrl: secretUrl, forkBlockNumber: 30n, accounts: 1 })
    try {
      expect(BigInt(await anvil.request<string>('eth_blockNumber'))).toBe(30n)
      const pids = childPids(process.pid)
      expect(pids).toContain(anvil.pid)
      for (const pid of pids) {
        let argv = ''
        try {
          argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
        } catch {
          continue // exited meanwhile
        }
        expect(argv).not.toMatch(/secretpw0|secretkey0123|alice/)
      }
      expect(readFileSync(`/proc/${anvil.pid}/cmdline`, 'utf8')).toMatch(/--fork-url\0http:\/\/127\.0\.0\.1:\d+\0/)
    } finally {
      await anvil.stop()
    }
  })
})
