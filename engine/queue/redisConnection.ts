import { Redis } from 'ioredis'
import type { RedisOptions } from 'bullmq'
import { ConfigError } from '../errors/ConfigError.js'
import { QueueError } from '../errors/QueueError.js'
import { redactUrl } from '../errors/redactUrl.js'

/**
 * BullMQ connection options from a `redis://[user:password@]HOST:PORT[/DB]` (or `rediss://` for TLS) URL.
 * A malformed URL is a ConfigError naming `field`; the password never appears in it.
 */
export function redisConnection(url: string, field = '--queue'): RedisOptions {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new ConfigError(field, 'a Redis URL like redis://HOST:PORT', redactUrl(url))
  }
  if ((u.protocol !== 'redis:' && u.protocol !== 'rediss:') || !u.hostname) throw new ConfigError(field, 'a Redis URL like redis://HOST:PORT', redactUrl(url))
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0
  if (!Number.isInteger(db) || db < 0) throw new ConfigError(field, 'a Redis URL whose path is a database number (redis://HOST:PORT/0)', redactUrl(url))
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 6379,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    // Workers block on Redis; BullMQ needs commands to wait for a reconnect rather than fail.
    maxRetriesPerRequest: null,
  }
}

/** Pings Redis once within `timeoutMs`, so a wrong `--queue` fails fast instead of retrying forever. */
export async function checkRedis(url: string, timeoutMs = 5_000): Promise<void> {
  const client = new Redis({ ...redisConnection(url), lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.ping()
  } catch (cause) {
    throw new QueueError('Cannot reach Redis', url, { cause, details: `${(cause as Error).message.replace(/\.$/, '')}. Start one with \`redis-server --port PORT\` (see README: Sweeps on many machines)` })
  } finally {
    client.disconnect()
  }
}
