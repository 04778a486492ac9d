import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isPortInUse } from '../chain/isPortInUse.js'
import { runArb } from './runArb.js'

const dir = mkdtempSync(join(tmpdir(), 'arb-devnet-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('arb devnet up', () => {
  it('prints ready <rpcUrl> <manifest>, serves the devnet, and stops Anvil on SIGINT', async () => {
    const manifestPath = join(dir, 'manifest.json')
    const arb = runArb(['devnet', 'up', '--manifest', manifestPath, '--seed', '3'])
    try {
      const [, rpcUrl, path] = await arb.waitFor(/^ready (http:\/\/127\.0\.0\.1:(?:\d+)) (\S+)$/m)
      expect(path).toBe(manifestPath)
      const manifest = JSON.parse(readFileSync(path!, 'utf8'))
      expect(manifest.chainId).toBe(31337)
      const code = await fetch(rpcUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getCode', params: [manifest.executor, 'latest'] }),
      }).then((r) => r.json() as Promise<{ result: string }>)
      expect(code.result.length).toBeGreaterThan(100)
      const port = Number(new URL(rpcUrl!).port)
      arb.child.kill('SIGINT')
      const result = await arb.done
      expect(result.code).toBe(0)
      expect(await isPortInUse(port)).toBe(false)
    } finally {
      arb.child.kill('SIGKILL')
    }
  })

  it('fails clearly on a port in use, without a stack trace', async () => {
    const srv = createServer()
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()))
    const port = (srv.address() as { port: number }).port
    try {
      const result = await runArb(['devnet', 'up', '--port', String(port), '--manifest', join(dir, 'x.json')]).done
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(`Port ${port} is already in use`)
      expect(result.stderr).not.toMatch(/\n\s+at /)
    } finally {
      srv.close()
    }
  })

  it('rejects a bad --port naming the argument', async () => {
    const result = await runArb(['devnet', 'up', '--port', '70000']).done
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/--port: expected an integer from 1 to 65535/)
  })
})
