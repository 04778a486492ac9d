import { afterAll, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AnvilError } from '../errors/AnvilError.js'
import { startAnvil, type Anvil } from './startAnvil.js'

const started: Anvil[] = []
const track = (a: Anvil) => (started.push(a), a)
afterAll(async () => {
  await Promise.all(started.map((a) => a.stop()))
})

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('startAnvil', () => {
  it('starts, mines, forks another Anvil at a past block, moves the fork with anvil_reset, and stops', async () => {
    const origin = track(await startAnvil())
    await origin.request('anvil_mine', ['0x14']) // 20 blocks
    expect(await origin.publicClient.getBlockNumber()).toBe(20n)
    const b10 = await origin.publicClient.getBlock({ blockNumber: 10n })

    const fork = track(await startAnvil({ forkUrl: origin.rpcUrl, forkBlockNumber: 10n }))
    expect(await fork.publicClient.getBlockNumber()).toBe(10n)
    const forked10 = await fork.publicClient.getBlock({ blockNumber: 10n })
    expect(forked10.hash).toBe(b10.hash)

    await fork.reset({ blockNumber: 15n })
    expect(await fork.publicClient.getBlockNumber()).toBe(15n)

    const pid = fork.pid
    await fork.stop()
    expect(fork.isRunning()).toBe(false)
    expect(alive(pid)).toBe(false)
    await fork.stop() // idempotent
  })

  it('snapshots and reverts state', async () => {
    const anvil = track(await startAnvil())
    const [account] = await anvil.walletClient.getAddresses()
    const snap = await anvil.snapshot()
    await anvil.testClient.setBalance({ address: account!, value: 1n })
    expect(await anvil.publicClient.getBalance({ address: account! })).toBe(1n)
    await anvil.revert(snap)
    expect(await anvil.publicClient.getBalance({ address: account! })).toBe(10_000n * 10n ** 18n)
    await expect(anvil.revert(snap)).rejects.toThrow(/evm_revert/)
  })

  it('reports a crash with pid, port and log tail instead of hanging', async () => {
    const anvil = track(await startAnvil())
    process.kill(anvil.pid, 'SIGKILL')
    const err = await anvil.request('eth_blockNumber').then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(AnvilError)
    const e = err as AnvilError
    expect(e.pid).toBe(anvil.pid)
    expect(e.port).toBe(anvil.port)
    expect(e.message).toMatch(/Anvil exited/)
    expect(e.message).toContain(`port ${anvil.port}`)
    expect(e.logTail).toMatch(/Listening on/)
  })

  it('refuses a port that is in use with a clear error', async () => {
    const srv = createServer()
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()))
    const port = (srv.address() as { port: number }).port
    try {
      await expect(startAnvil({ port })).rejects.toThrow(`Port ${port} is already in use`)
    } finally {
      srv.close()
    }
  })

  it('fails with the log tail when Anvil cannot start (bad fork URL)', async () => {
    const err = await startAnvil({ forkUrl: 'http://127.0.0.1:1', startTimeoutMs: 20_000 }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(AnvilError)
    expect((err as AnvilError).message).toMatch(/exited|did not answer/)
  })

  it('persists historical states in its private folder, not ~/.foundry/anvil/tmp, and removes it at stop (issue 12 #16)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'arb-anvil-home-'))
    try {
      const anvil = track(await startAnvil({ env: { HOME: home } }))
      const args = readFileSync(`/proc/${anvil.pid}/cmdline`, 'utf8').split('\0')
      const cache = args[args.indexOf('--cache-path') + 1]!
      await anvil.request('anvil_mine', ['0x300']) // beyond the 500 states Anvil keeps in memory
      const end = Date.now() + 10_000
      while (Date.now() < end && !(existsSync(cache) && readdirSync(cache).length > 0)) await new Promise((r) => setTimeout(r, 100))
      expect(readdirSync(cache).length).toBeGreaterThan(0)
      await anvil.stop()
      expect(existsSync(join(cache, '..'))).toBe(false)
      expect(existsSync(join(home, '.foundry', 'anvil', 'tmp')) ? readdirSync(join(home, '.foundry', 'anvil', 'tmp')) : []).toEqual([])
    } finally {
      rmSync(home, { recursive: true, force: true })
    }
  })

  it('fails at once, leaving nothing, when the Anvil binary cannot run', async () => {
    const ownedHere = (n: string) => {
      try {
        return readFileSync(join(tmpdir(), n, 'owner.json'), 'utf8').includes(`"ownerPid":${process.pid},`)
      } catch {
        return false // another process's folder, being created or removed
      }
    }
    const ours = () => readdirSync(tmpdir()).filter((n) => n.startsWith('alphapulse-anvil-node-') && ownedHere(n))
    const before = ours()
    process.env.ALPHAPULSE_ANVIL_BIN = '/nonexistent/anvil'
    try {
      await expect(startAnvil()).rejects.toThrow(/Anvil could not be started: spawn \/nonexistent\/anvil ENOENT/)
    } finally {
      delete process.env.ALPHAPULSE_ANVIL_BIN
    }
    expect(ours().filter((n) => !before.includes(n))).toEqual([])
  })
})
