import type { ChildProcess } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  type Chain,
  type Hex,
  type PublicClient,
  type TestClient,
  type WalletClient,
} from 'viem'
import { AnvilError } from '../errors/AnvilError.js'
import { BaseError } from '../errors/BaseError.js'
import { redactUrl } from '../errors/redactUrl.js'
import { foundryBinary } from './foundryBinary.js'
import { getFreePort } from './getFreePort.js'
import { isPortInUse } from './isPortInUse.js'
import { postJson } from './postJson.js'
import { createAnvilDir, recordAnvilPid, removeAnvilDir, sweepAnvilDirs } from './anvilDirs.js'
import { registerChild } from './processRegistry.js'
import { signalChild, spawnChild } from './spawnChild.js'

export type AnvilOptions = {
  /** Port to listen on; a free one is chosen when omitted. */
  port?: number
  /** Fork this JSON-RPC URL (mainnet archive, or another Anvil). */
  forkUrl?: string
  /** Block of `forkUrl` to fork at (default: its latest). */
  forkBlockNumber?: bigint
  chainId?: number
  /** Seconds between automatically mined blocks (default: mine on each transaction). */
  blockTime?: number
  /** Do not mine automatically; blocks are mined with `evm_mine`/`anvil_mine`. */
  noMining?: boolean
  /** Number of dev accounts and their balance in ETH. */
  accounts?: number
  balance?: number
  mnemonic?: string
  gasLimit?: bigint
  baseFee?: bigint
  /** Genesis timestamp (seconds). */
  timestamp?: bigint
  /** Allow contracts over 24 KiB. Default false: every contract we deploy fits, as on mainnet. */
  disableCodeSizeLimit?: boolean
  /** Anvil's `--steps-tracing`, `--state` and the like. */
  extraArgs?: string[]
  /** How long to wait for the node to answer (ms). Default 30 s. */
  startTimeoutMs?: number
  /** Lines of log kept in memory for error reports. Default 200. */
  logLines?: number
  /** Environment variables added to the node's (e.g. `localForkEnv()` for forks of a loopback node). */
  env?: Record<string, string>
}

export type Anvil = {
  readonly rpcUrl: string
  readonly port: number
  readonly pid: number
  readonly chain: Chain
  readonly publicClient: PublicClient
  readonly walletClient: WalletClient
  readonly testClient: TestClient<'anvil'>
  /** Raw JSON-RPC request; errors become AnvilError when the process is gone. */
  request<T = unknown>(method: string, params?: unknown[]): Promise<T>
  /** Moves a fork to another block (or another URL) with `anvil_reset`; without a fork URL, resets to genesis. */
  reset(options?: { forkUrl?: string; blockNumber?: bigint }): Promise<void>
  snapshot(): Promise<Hex>
  /** Reverts to a snapshot. Anvil deletes the snapshot on revert, so take a new one to revert again. */
  revert(id: Hex): Promise<void>
  /** Last lines Anvil printed (for error reports). */
  logTail(lines?: number): string
  /** True while the process runs. */
  isRunning(): boolean
  /** Stops the process (SIGTERM, then SIGKILL after 2 s) and waits for it to exit. Idempotent. */
  stop(): Promise<void>
}

/** The default Anvil/Hardhat test mnemonic; its first account is the devnet deployer. */
export const DEFAULT_MNEMONIC = 'test test test test test test test test test test test junk'

/**
 * Starts an Anvil node as a child process on a free port (or `options.port`), fresh or as a fork of
 * `options.forkUrl` at `options.forkBlockNumber`, and resolves once it answers JSON-RPC. The node runs in its
 * own process group (the terminal's Ctrl-C reaches only its owner, which stops it), dies with its owner even
 * on `kill -9` (parent-death signal), and keeps its state in a private folder removed when it stops (swept at
 * the next start if its owner crashed). Its crash is reported with pid, port and log tail instead of hanging.
 *
 * @example
 * const anvil = await startAnvil({ forkUrl: 'http://127.0.0.1:8545', forkBlockNumber: 100n })
 * await anvil.reset({ blockNumber: 120n })
 * await anvil.stop()
 */
export async function startAnvil(options: AnvilOptions = {}): Promise<Anvil> {
  // Before the port check: a node that survived its dead owner may hold the very port asked for.
  sweepOnce()
  if (options.port !== undefined) {
    if (await isPortInUse(options.port)) throw new AnvilError(`Port ${options.port} is already in use`, { pid: undefined, port: options.port, logTail: '' })
    return launchAnvil(options, options.port)
  }
  // A port found free can be taken by another process before Anvil binds it (tests start many nodes at
  // once): then pick another and start again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchAnvil(options, await getFreePort())
    } catch (e) {
      if (attempt >= 5 || !(e instanceof AnvilError) || !/address already in use/i.test(e.logTail ?? '')) throw e
    }
  }
}

let swept = false
/** Removes, once per process, the private folders (and surviving nodes) of owners that died. */
function sweepOnce(): void {
  if (swept) return
  swept = true
  sweepAnvilDirs()
}

async function launchAnvil(options: AnvilOptions, port: number): Promise<Anvil> {
  const chainId = options.chainId ?? 31337
  const args = ['--port', String(port), '--host', '127.0.0.1', '--chain-id', String(chainId)]
  args.push('--accounts', String(options.accounts ?? 10), '--balance', String(options.balance ?? 10_000))
  args.push('--mnemonic', options.mnemonic ?? DEFAULT_MNEMONIC)
  if (options.forkUrl) args.push('--fork-url', options.forkUrl)
  if (options.forkBlockNumber !== undefined) args.push('--fork-block-number', String(options.forkBlockNumber))
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime))
  if (options.noMining) args.push('--no-mining')
  if (options.gasLimit !== undefined) args.push('--gas-limit', String(options.gasLimit))
  if (options.baseFee !== undefined) args.push('--base-fee', String(options.baseFee))
  if (options.timestamp !== undefined) args.push('--timestamp', String(options.timestamp))
  if (options.disableCodeSizeLimit) args.push('--disable-code-size-limit')
  if (options.extraArgs) args.push(...options.extraArgs)
  // Each node gets a private folder, removed when it stops (folders of owners that died are swept here):
  // - `--cache-path`: Anvil persists historical states there instead of ~/.foundry/anvil/tmp, where they
  //   piled up without bound (gigabytes per long run);
  // - `--config-out`: Anvil writes it only once it holds its port (not when the bind fails), so the readiness
  //   check below cannot be answered by another node that took the port first. It lists the dev accounts'
  //   keys, so it is removed as soon as the node is ready.
  const dir = createAnvilDir()
  const configOut = join(dir, 'config.json')
  args.push('--config-out', configOut, '--cache-path', join(dir, 'cache'))
  const dropConfig = () => rmSync(configOut, { force: true })

  const maxLines = options.logLines ?? 200
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    // Fork URLs may carry API keys; Anvil echoes them, so redact before keeping.
    const text = options.forkUrl ? chunk.toString('utf8').split(options.forkUrl).join(redactUrl(options.forkUrl)) : chunk.toString('utf8')
    for (const line of text.split('\n')) if (line.trim()) lines.push(line)
    if (lines.length > maxLines) lines.splice(0, lines.length - maxLines)
  }
  const logTail = (n = 30) => lines.slice(-n).join('\n')

  let child: ChildProcess
  try {
    child = spawnChild(foundryBinary('anvil'), args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    })
  } catch (e) {
    removeAnvilDir(dir)
    throw e
  }
  if (child.pid !== undefined) recordAnvilPid(dir, child.pid)
  const unregister = registerChild(child, () => removeAnvilDir(dir))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)

  let exited = false
  let exitInfo = ''
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true
      exitInfo = signal ? `signal ${signal}` : `code ${code}`
      removeAnvilDir(dir)
      unregister()
      resolve()
    })
  })
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (cause) =>
      reject(new AnvilError(`Anvil could not be started: ${(cause as Error).message}`, { pid: child.pid, port, logTail: logTail(), cause })),
    )
  })

  const rpcUrl = `http://127.0.0.1:${port}`
  let nextId = 1
  const rpcTarget = new URL(rpcUrl)
  const request = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    if (exited) throw crashed(method)
    let text: string
    try {
      const body = JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }, (_, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v))
      text = (await postJson(rpcTarget, body, 300_000)).body
    } catch (cause) {
      // Give the exit event a moment to arrive so a killed Anvil is reported as a crash, not a network error.
      await Promise.race([exitPromise, new Promise((r) => setTimeout(r, 100))])
      if (exited) throw crashed(method, cause)
      throw new AnvilError(`Anvil did not answer ${method}`, { pid: child.pid, port, logTail: logTail(), cause, retryable: true })
    }
    const body = JSON.parse(text) as { result?: T; error?: { code: number; message: string; data?: unknown } }
    if (body.error) {
      throw new BaseError(`${method} failed: ${body.error.message}`, { details: JSON.stringify(body.error.data ?? null) })
    }
    return body.result as T
  }
  const crashed = (method: string, cause?: unknown) =>
    new AnvilError(`Anvil exited (${exitInfo}) during ${method}`, { pid: child.pid, port, logTail: logTail(), cause })

  // Wait until it answers, it exits, or the timeout passes.
  const timeoutMs = options.startTimeoutMs ?? 30_000
  const deadline = Date.now() + timeoutMs
  const ready = (async () => {
    while (Date.now() < deadline) {
      if (exited) {
        throw new AnvilError(`Anvil exited (${exitInfo}) before it was ready`, { pid: child.pid, port, logTail: logTail() })
      }
      if (!existsSync(configOut)) {
        await new Promise((r) => setTimeout(r, 20))
        continue
      }
      try {
        await request('eth_chainId')
        return
      } catch (e) {
        if (exited) continue
        if (!(e instanceof AnvilError)) throw e
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new AnvilError(`Anvil did not answer within ${timeoutMs} ms`, { pid: child.pid, port, logTail: logTail() })
  })()

  const stop = async () => {
    if (exited) return
    if (child.pid === undefined) {
      // It never ran (spawn failed): there is no exit event to wait for.
      exited = true
      removeAnvilDir(dir)
      unregister()
      return
    }
    signalChild(child, 'SIGTERM')
    const timer = setTimeout(() => {
      if (!exited) signalChild(child, 'SIGKILL')
    }, 2_000)
    await exitPromise
    clearTimeout(timer)
  }

  try {
    await Promise.race([ready, spawnError])
  } catch (e) {
    await stop()
    throw e
  } finally {
    dropConfig()
  }

  const chain: Chain = {
    id: chainId,
    name: `anvil-${port}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  }
  const transport = http(rpcUrl, { batch: false, retryCount: 0, timeout: 60_000 })
  const publicClient = createPublicClient({ chain, transport, cacheTime: 0, pollingInterval: 100 }) as PublicClient
  const walletClient = createWalletClient({ chain, transport })
  const testClient = createTestClient({ chain, transport, mode: 'anvil' })

  return {
    rpcUrl,
    port,
    pid: child.pid!,
    chain,
    publicClient,
    walletClient,
    testClient,
    request,
    async reset(opts = {}) {
      const forkUrl = opts.forkUrl ?? options.forkUrl
      const forking = forkUrl
        ? { jsonRpcUrl: forkUrl, ...(opts.blockNumber !== undefined ? { blockNumber: Number(opts.blockNumber) } : {}) }
        : undefined
      await request('anvil_reset', forking ? [{ forking }] : [])
    },
    snapshot: () => request<Hex>('evm_snapshot'),
    async revert(id) {
      const ok = await request<boolean>('evm_revert', [id])
      if (!ok) throw new BaseError(`evm_revert to snapshot ${id} failed`, { details: 'unknown or already used snapshot id' })
    },
    logTail,
    isRunning: () => !exited,
    stop,
  }
}
