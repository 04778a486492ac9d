import { describe, expect, it } from 'vitest'
import { isLoopbackUrl } from './isLoopbackUrl.js'

describe('isLoopbackUrl', () => {
  it.each([
    ['http://127.0.0.1:8545', true],
    ['http://localhost:8545/', true],
    ['http://127.1.2.3:1', true],
    ['http://[::1]:8545', true],
    ['https://127.0.0.1:8545', false], // TLS: keep the system certificates
    ['http://10.0.0.5:8545', false],
    ['https://eth-mainnet.example.com/v2/KEY', false],
    ['http://localhost.example.com:8545', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected)
  })
})
