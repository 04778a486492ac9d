import { describe, expect, it } from 'vitest'
import { getFreePort } from '../chain/getFreePort.js'
import { ConfigError } from '../errors/ConfigError.js'
import { QueueError } from '../errors/QueueError.js'
import { checkRedis, redisConnection } from './redisConnection.js'

describe('redisConnection', () => {
  it('reads host, port, database, user, password and TLS from the URL', () => {
    expect(redisConnection('redis://queue-host:6380/2')).toEqual({ host: 'queue-host', port: 6380, db: 2, maxRetriesPerRequest: null })
    expect(redisConnection('rediss://worker:s%40cret@10.0.0.5')).toEqual({ host: '10.0.0.5', port: 6379, db: 0, username: 'worker', password: 's@cret', tls: {}, maxRetriesPerRequest: null })
  })

  it('refuses anything but a Redis URL, naming --queue, without showing the password', () => {
    for (const bad of ['http://host:6379', 'queue-host:6379', 'redis://host:6379/x']) {
      expect(() => redisConnection(bad)).toThrow(ConfigError)
      expect(() => redisConnection(bad)).toThrow(/^Invalid --queue: expected a Redis URL/)
    }
    expect(() => redisConnection('http://user:hunter2hunter2@host')).toThrow(/got "http:\/\/\*\*\*@host\/"/)
  })
})

describe('checkRedis', () => {
  it('fails fast, with a QueueError naming the redacted URL, when nothing listens', async () => {
    const port = await getFreePort()
    const error = await checkRedis(`redis://:hunter2hunter2@127.0.0.1:${port}`, 2_000).catch((e) => e)
    expect(error).toBeInstanceOf(QueueError)
    expect(error.message).toMatch(new RegExp(`^Cannot reach Redis \\(queue redis://\\*\\*\\*@127\\.0\\.0\\.1:${port}\\)`))
    expect(error.message).not.toContain('hunter2')
  })
})
