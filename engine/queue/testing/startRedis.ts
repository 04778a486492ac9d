import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { getFreePort } from '../../chain/getFreePort.js'
import { BaseError } from '../../errors/BaseError.js'

export type RedisServer = {
  url: string
  port: number
  pid: number
  /** Stops the server (by PID) and starts a fresh one on the same port: what a Redis restart without persistence does. */
  restart(): Promise<void>
  /** Stops the server by PID and removes its folder. */
  stop(): Promise<void>
}

/**
 * Starts Debian's `redis-server` on a free loopback port for tests and benchmarks, with no persistence
 * (no RDB snapshot, no AOF) and its working folder in a temp dir that `stop` removes. Stopped by PID.
 */
export async function startRedis(): Promise<RedisServer> {
  const port = await getFreePort()
  const dir = mkdtempSync(join(tmpdir(), 'arb-redis-'))
  let child: ChildProcess | undefined
  const launch = async () => {
    const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    c.stderr!.on('data', (d) => (stderr += d))
    const spawned = await new Promise<boolean>((resolve) => {
      c.once('spawn', () => resolve(true))
      c.once('error', () => resolve(false))
    })
    if (!spawned) throw new BaseError('redis-server could not be started', { details: 'install it: apt-get install -y redis-server' })
    child = c
    for (let i = 0; i < 100; i++) {
      if (c.exitCode !== null) throw new BaseError(`redis-server exited with code ${c.exitCode}`, { details: stderr.trim() })
      const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
      client.on('error', () => {})
      try {
        await client.connect()
        await client.ping()
        return
      } catch {
        await new Promise((r) => setTimeout(r, 50))
      } finally {
        client.disconnect()
      }
    }
    throw new BaseError(`redis-server did not answer on port ${port}`, { details: stderr.trim() })
  }
  const kill = async () => {
    const c = child
    if (!c || c.exitCode !== null || c.signalCode !== null) return
    const exited = new Promise((r) => c.once('exit', r))
    c.kill('SIGKILL')
    await exited
  }
  // If this process exits without stop() (a test runner giving up on a slow hook), take the server along.
  const onExit = () => {
    child?.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', onExit)
  try {
    await launch()
  } catch (e) {
    await kill()
    process.off('exit', onExit)
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child!.pid!
    },
    async restart() {
      await kill()
      await launch()
    },
    async stop() {
      await kill()
      process.off('exit', onExit)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
