import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isAddress, type Address } from 'viem'
import { createRpcClient, type RpcClient } from '../chain/createRpcClient.js'
import { isLoopbackUrl } from '../chain/isLoopbackUrl.js'
import { localForkEnv } from '../chain/localForkEnv.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { BuilderError, invalidParam } from '../errors/BuilderError.js'
import { ConfigError } from '../errors/ConfigError.js'
import { redactUrl } from '../errors/redactUrl.js'
import type { Bundle } from './Bundle.js'
import type { BuildNodes } from './BuildNodes.js'
import { buildBlock, type BuiltBlock } from './buildBlock.js'
import { callBundle } from './callBundle.js'
import { createBuildGate } from './createBuildGate.js'
import { createBundlePool } from './createBundlePool.js'
import { handleBuilderRequest, type LocalMethod } from './handleBuilderRequest.js'
import { firstParamObject, parseSendBundleParams } from './parseSendBundleParams.js'
import { parseQuantity } from './parseQuantity.js'

export type LocalBuilderOptions = {
  /** The Anvil to build on (started with `--order fifo`); or give its `rpcUrl`. */
  anvil?: Pick<Anvil, 'rpcUrl'>
  rpcUrl?: string
  /** Port to listen on (default: a free one) and host (default 127.0.0.1). */
  port?: number
  host?: string
  /** Build a block every this many ms; 0 or unset: only on `buildBlock()` or `builder_buildBlock`. */
  intervalMs?: number
  /** Seconds between block timestamps (default: the wall clock, always after the parent). */
  blockTime?: number
  /** Fee recipient of the blocks built (`anvil_setCoinbase`); default: the node's. */
  coinbase?: Address
  /** Called with each block built on the interval (not for explicit `buildBlock()` calls). */
  onBlock?: (block: BuiltBlock) => void
  /** Called when an interval build fails (default: a JSON line on stderr); the interval goes on. */
  onError?: (error: unknown) => void
}

export type LocalBuilder = {
  /** The endpoint: `http://127.0.0.1:<port>`, JSON-RPC like the node plus the bundle methods. */
  readonly url: string
  readonly port: number
  /** Builds and mines the next block now (waits for a build in progress first). */
  buildBlock(options?: { timestamp?: bigint }): Promise<BuiltBlock>
  /** Bundles waiting for their block, in arrival order. */
  pendingBundles(): Bundle[]
  /** Stops the interval, the HTTP server and the simulation fork, and gives the node its automine setting back. Idempotent. */
  stop(): Promise<void>
}

/** The most a request body may hold (bundles are at most 300 kB on Flashbots). */
const MAX_BODY_BYTES = 16 * 1024 * 1024

/**
 * Starts a local block builder in front of an Anvil: an HTTP JSON-RPC endpoint that implements the Flashbots
 * bundle API (`eth_sendBundle`, `eth_callBundle`, `eth_cancelBundle`, each checked against its
 * `X-Flashbots-Signature` header), keeps `eth_sendRawTransaction` in the node's own pool as the public
 * mempool, forwards every other method to the node, and builds each next block from the best-paying
 * non-conflicting bundles and then the mempool (see buildBlock), simulating on a private Anvil forked from the
 * node so the node only ever mines final blocks. Blocks are built on `intervalMs`, on
 * `buildBlock()`, or on the JSON-RPC call `builder_buildBlock` (params `[]` or `[{ timestamp }]`), which
 * answers the block report. The node's automine is turned off while the builder runs.
 *
 * @example
 * const anvil = await startAnvil({ extraArgs: ['--order', 'fifo'] })
 * const builder = await startLocalBuilder({ anvil })
 * // … searchers send bundles to builder.url …
 * const block = await builder.buildBlock()
 * await builder.stop(); await anvil.stop()
 */
export async function startLocalBuilder(options: LocalBuilderOptions): Promise<LocalBuilder> {
  if ((options.anvil === undefined) === (options.rpcUrl === undefined)) {
    throw new ConfigError('startLocalBuilder options', 'exactly one of anvil or rpcUrl')
  }
  const upstreamUrl = options.anvil?.rpcUrl ?? options.rpcUrl!
  let upstream: URL
  try {
    upstream = new URL(upstreamUrl)
  } catch {
    throw new ConfigError('rpcUrl', 'an http:// URL of an Anvil node', redactUrl(upstreamUrl))
  }
  if (options.intervalMs !== undefined && (!Number.isInteger(options.intervalMs) || options.intervalMs < 0)) {
    throw new ConfigError('intervalMs', 'a non-negative integer number of milliseconds', options.intervalMs)
  }
  if (options.coinbase !== undefined && !isAddress(options.coinbase, { strict: false })) {
    throw new ConfigError('coinbase', 'a 0x-prefixed 20-byte address', options.coinbase)
  }
  // No retries: resending evm_mine or a transaction after a timeout could apply it twice.
  const rpc: RpcClient = createRpcClient(upstreamUrl, { retries: 0, timeoutMs: 120_000 })

  const info = await rpc.request<{ transactionOrder?: string }>('anvil_nodeInfo').catch((cause) => {
    throw new BuilderError(`The node at ${redactUrl(upstreamUrl)} is not an Anvil the builder can drive`, { details: 'anvil_nodeInfo failed', cause })
  })
  if (info.transactionOrder !== undefined && info.transactionOrder !== 'fifo') {
    throw new BuilderError(`The Anvil at ${redactUrl(upstreamUrl)} orders transactions by ${info.transactionOrder}`, {
      details: 'The builder writes the block order itself: start the node with `--order fifo`.',
    })
  }
  if (options.coinbase !== undefined) await rpc.request('anvil_setCoinbase', [options.coinbase])
  const automineBefore = await rpc.request<boolean>('anvil_getAutomine')
  await rpc.request('evm_setAutomine', [false])

  // Trial blocks are mined on a private fork, never on the chain that others watch.
  let sim: Anvil
  try {
    sim = await startAnvil({
      forkUrl: upstreamUrl,
      forkBlockNumber: BigInt(await rpc.request<string>('eth_blockNumber')),
      noMining: true,
      extraArgs: ['--order', 'fifo'],
      ...(isLoopbackUrl(upstreamUrl) ? { env: localForkEnv() } : {}),
    })
  } catch (cause) {
    await rpc.request('evm_setAutomine', [automineBefore]).catch(() => undefined)
    throw cause
  }
  const nodes: BuildNodes = {
    chain: rpc,
    sim: createRpcClient(sim.rpcUrl, { retries: 0, timeoutMs: 120_000 }),
    resetSim: (blockNumber) => sim.reset({ blockNumber }),
  }

  const pool = createBundlePool()
  const gate = createBuildGate()
  let seq = 0
  const build = (timestamp?: bigint) =>
    gate.exclusive(() => buildBlock(nodes, pool, { ...(timestamp !== undefined ? { timestamp } : {}), ...(options.blockTime !== undefined ? { blockTime: options.blockTime } : {}) }))

  const latestBlock = () => gate.shared(async () => BigInt(await rpc.request<string>('eth_blockNumber')))

  const local = new Map<string, LocalMethod>([
    [
      'eth_sendBundle',
      async (params, { signer }) => {
        const bundle = parseSendBundleParams(params, signer!, seq++)
        const latest = await latestBlock()
        if (bundle.blockNumber <= latest) {
          throw invalidParam('params[0].blockNumber', `a block after the latest (${latest}); block ${bundle.blockNumber} is already built`)
        }
        pool.add(bundle)
        return { bundleHash: bundle.bundleHash }
      },
    ],
    ['eth_callBundle', (params) => gate.exclusive(() => callBundle(nodes, params, { ...(options.blockTime !== undefined ? { blockTime: options.blockTime } : {}) }))],
    [
      'eth_cancelBundle',
      async (params, { signer }) => {
        const p = firstParamObject(params, 'eth_cancelBundle')
        if (typeof p.replacementUuid !== 'string' || p.replacementUuid === '') {
          throw invalidParam('params[0].replacementUuid', 'the replacementUuid the bundle was sent with', p.replacementUuid)
        }
        pool.cancel(signer!, p.replacementUuid)
        return null
      },
    ],
    [
      'builder_buildBlock',
      async (params) => {
        const p = (params as unknown[])[0] as { timestamp?: unknown } | undefined
        const timestamp = p?.timestamp !== undefined ? parseQuantity(p.timestamp, 'params[0].timestamp') : undefined
        return build(timestamp)
      },
    ],
  ])

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { 'content-type': 'application/json', allow: 'POST' })
      res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'JSON-RPC over HTTP POST only' } }))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY_BYTES) req.destroy()
      else chunks.push(c)
    })
    req.on('end', () => {
      handleBuilderRequest({
        body: Buffer.concat(chunks).toString('utf8'),
        signatureHeader: req.headers['x-flashbots-signature'],
        local,
        upstream,
        forward: (fn) => gate.shared(fn),
      }).then(
        (answer) => {
          res.writeHead(answer.status, { 'content-type': 'application/json' })
          res.end(answer.body)
        },
        (e: unknown) => {
          res.writeHead(502, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: `the node did not answer: ${(e as Error).message.split('\n')[0]}` } }))
        },
      )
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  }).catch(async (cause) => {
    await rpc.request('evm_setAutomine', [automineBefore]).catch(() => undefined)
    await sim.stop()
    throw new BuilderError(`The builder could not listen on port ${options.port ?? 0}`, { details: (cause as Error).message, cause })
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`

  let timer: NodeJS.Timeout | undefined
  let stopped = false
  let ticking: Promise<void> | undefined
  const onError =
    options.onError ??
    ((e: unknown) => process.stderr.write(`${JSON.stringify({ level: 'error', name: 'builder', msg: 'block build failed', err: (e as Error).message?.split('\n')[0] })}\n`))
  const schedule = () => {
    if (stopped || !options.intervalMs) return
    timer = setTimeout(() => {
      ticking = build()
        .then((block) => options.onBlock?.(block), onError)
        .finally(() => {
          ticking = undefined
          schedule()
        })
    }, options.intervalMs)
  }
  schedule()

  return {
    url,
    port,
    buildBlock: (o = {}) => build(o.timestamp),
    pendingBundles: () => pool.all(),
    async stop() {
      if (stopped) return
      stopped = true
      if (timer) clearTimeout(timer)
      await ticking
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await rpc.request('evm_setAutomine', [automineBefore]).catch(() => undefined)
      await sim.stop()
    },
  }
}
