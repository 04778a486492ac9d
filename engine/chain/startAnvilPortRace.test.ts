import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

// The race: a port found free is taken by another process before Anvil binds it. Reproduced by handing
// startAnvil a port that a server here already holds, then the real picker's answer.
const picks: number[] = []
vi.mock('./getFreePort.js', async (original) => {
  const real = (await original()) as typeof import('./getFreePort.js')
  return { getFreePort: async () => picks.shift() ?? real.getFreePort() }
})
const { startAnvil } = await import('./startAnvil.js')

let taken: Server
let takenPort: number
beforeAll(async () => {
  taken = createServer()
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r))
  takenPort = (taken.address() as { port: number }).port
})
afterAll(() => new Promise<void>((r) => taken.close(() => r())))

describe('startAnvil on a port taken after it was found free', () => {
  it('starts on another port', async () => {
    picks.push(takenPort)
    const anvil = await startAnvil()
    try {
      expect(anvil.port).not.toBe(takenPort)
      expect(await anvil.request('eth_chainId')).toBe('0x7a69')
    } finally {
      await anvil.stop()
    }
  })

  it('still refuses a port the caller named when it is taken', async () => {
    await expect(startAnvil({ port: takenPort })).rejects.toThrow(`Port ${takenPort} is already in use`)
  })
})
