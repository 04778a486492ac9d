import { createServer, type Server } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AnvilError } from '../errors/AnvilError.js'
import { DevnetError } from '../errors/DevnetError.js'
import { deployDevnetTo } from './deployDevnetTo.js'
import { readManifest } from './manifest.js'
import { runDevnet } from './runDevnet.js'

/** A tiny JSON-RPC server that answers like Geth, not Anvil. */
let server: Server
let fakeUrl: string
let fakePort: number
let tmp: string
const methodsSeen: string[] = []

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'devnet-'))
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const { id, method } = JSON.parse(body) as { id: number; method: string }
      methodsSeen.push(method)
      const answer =
        method === 'web3_clientVersion'
          ? { jsonrpc: '2.0', id, result: 'Geth/v1.14.11-stable/linux-amd64/go1.22.7' }
          : { jsonrpc: '2.0', id, error: { code: -32601, message: `the method ${method} does not exist/is not available` } }
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(answer))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  fakePort = (server.address() as { port: number }).port
  fakeUrl = `http://127.0.0.1:${fakePort}`
})
afterAll(async () => {
  await new Promise((r) => server.close(r))
  await rm(tmp, { recursive: true, force: true })
})

describe('deployDevnetTo / runDevnet', () => {
  it('refuses a node that is not Anvil, before sending anything', async () => {
    const err = await deployDevnetTo(fakeUrl).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DevnetError)
    expect((err as DevnetError).step).toBe('check-node')
    expect((err as DevnetError).shortMessage).toMatch(/is not an Anvil node \(web3_clientVersion: "Geth\/v1\.14\.11/)
    expect(methodsSeen).toEqual(['web3_clientVersion'])
  })

  it('reports a node that does not answer', async () => {
    await new Promise<void>((r) => {
      const s = createServer()
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port
        s.close(async () => {
          const err = await deployDevnetTo(`http://127.0.0.1:${port}`).catch((e: unknown) => e)
          expect(err).toBeInstanceOf(DevnetError)
          expect((err as DevnetError).shortMessage).toMatch(/did not answer web3_clientVersion/)
          r()
        })
      })
    })
  })

  it('runDevnet fails with AnvilError on a port in use', async () => {
    const err = await runDevnet({ port: fakePort, manifestPath: join(tmp, 'never.json') }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AnvilError)
    expect((err as AnvilError).shortMessage).toBe(`Port ${fakePort} is already in use`)
  })

  it('runDevnet starts Anvil, deploys and writes a manifest; deployDevnetTo deploys again onto that Anvil', async () => {
    const path = join(tmp, 'sub', 'manifest.json')
    const { anvil, manifest, manifestPath } = await runDevnet({ manifestPath: path, seed: 3 })
    try {
      expect(manifestPath).toBe(path)
      expect(await readManifest(path)).toEqual(manifest)
      // A second deployment onto the running node: a nonce past 0, so new addresses, all with code.
      const second = await deployDevnetTo(anvil.rpcUrl, { seed: 3 })
      expect(second.executor).not.toBe(manifest.executor)
      const code = await anvil.publicClient.getCode({ address: second.executor! })
      expect(code && code.length > 2).toBe(true)
    } finally {
      await anvil.stop()
    }
  })
})
