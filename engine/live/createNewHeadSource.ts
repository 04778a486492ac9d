import type { Hex } from 'viem'
import { getWebSocketRpcClient } from 'viem/utils'
import type { Logger } from 'pino'
import { RpcError } from '../errors/RpcError.js'
import { redactUrl } from '../errors/redactUrl.js'
import type { TimedChainEvent } from '../sources/types.js'
import { createHeadTracker, toHeader, type Header } from './createHeadTracker.js'

export type { TimedChainEvent } from '../sources/types.js'

export type NewHeadSource = {
  /** Chain events in order until `close` (or the signal) ends them. A block event is skipped when a newer one is already queued. */
  events(): AsyncIterable<TimedChainEvent>
  close(): Promise<void>
}

export type NewHeadSourceOptions = {
  /** ws:// or wss:// URL of the node. */
  url: string
  logger?: Logger
  signal?: AbortSignal
  /** Block hashes kept for reorg detection. Default 64. */
  depth?: number
  /** First reconnect delay, doubled up to maxReconnectDelayMs. Default 250 ms. */
  reconnectDelayMs?: number
  maxReconnectDelayMs?: number
  /** Connection attempts at start before giving up with an RpcError. Default 3. */
  connectAttempts?: number
  /** Called when the connection drops ('down') and when it is back ('up'). */
  onStatus?: (status: 'down' | 'up', error?: string) => void
}

type Socket = Awaited<ReturnType<typeof getWebSocketRpcClient>>

/**
 * New heads over WebSocket (`eth_subscribe newHeads`) as the ChainEvent union: reorgs detected by parent
 * hash (createHeadTracker), gaps after a reconnect filled. A dropped connection is retried forever with
 * backoff (the engine keeps its state and resumes); an unreachable node at start is an RpcError naming the
 * URL with any key redacted.
 */
export async function createNewHeadSource(options: NewHeadSourceOptions): Promise<NewHeadSource> {
  const { url, logger } = options
  const safeUrl = redactUrl(url)
  const queue: TimedChainEvent[] = []
  let wake: (() => void) | undefined
  let closed = false
  let socket: Socket | undefined
  let chainWork = Promise.resolve()
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined

  const request = async <T>(method: string, params: unknown[]): Promise<T> => {
    if (!socket) throw new RpcError(method, url, { details: 'not connected' })
    const res = await socket.requestAsync({ body: { method, params }, timeout: 10_000 })
    if (res.error) throw new RpcError(method, url, { details: res.error.message, retryable: false })
    return res.result as T
  }
  const tracker = createHeadTracker({
    depth: options.depth,
    getBlockByHash: async (hash) => {
      const raw = await request<Parameters<typeof toHeader>[0] | null>('eth_getBlockByHash', [hash, false])
      return raw ? toHeader(raw) : null
    },
  })
  const push = (head: Header, receivedAt: number) => {
    // Heads are handled one after another so the tracker sees them in order.
    chainWork = chainWork.then(async () => {
      try {
        for (const ev of await tracker.push(head)) queue.push({ ...ev, receivedAt })
        wake?.()
      } catch (e) {
        logger?.error({ block: head.number, error: (e as Error).message }, 'head not followed')
      }
    })
  }

  const connect = async (): Promise<void> => {
    const s = await getWebSocketRpcClient(url, { reconnect: false, keepAlive: false })
    socket = s
    let down = false
    const onDown = (error: unknown) => {
      if (down || closed) return
      down = true
      const msg = error instanceof Error ? error.message.split('\n')[0]! : (error as { message?: string })?.message ?? 'connection closed'
      logger?.warn({ rpc: safeUrl, error: msg }, 'websocket down, reconnecting')
      options.onStatus?.('down', msg)
      // viem keeps closed sockets cached by URL; close evicts it so the next connect opens a new one.
      try {
        s.close()
      } catch {}
      if (socket === s) socket = undefined
      scheduleReconnect(options.reconnectDelayMs ?? 250)
    }
    await new Promise<void>((resolve, reject) => {
      s.request({
        body: { method: 'eth_subscribe', params: ['newHeads'] },
        onResponse: (response) => {
          const msg = response as { method?: string; error?: { message: string }; params?: { result: Parameters<typeof toHeader>[0] } }
          if (msg.method === 'eth_subscription' && msg.params) push(toHeader(msg.params.result), performance.now())
          else if (msg.error) reject(new RpcError('eth_subscribe', url, { details: msg.error.message, retryable: false }))
          else resolve()
        },
        onError: (e: unknown) => {
          reject(e)
          onDown(e)
        },
      })
    })
    // Catch up: the latest head fills any gap since the last one followed (or starts the chain).
    const latest = await request<Parameters<typeof toHeader>[0]>('eth_getBlockByNumber', ['latest', false])
    push(toHeader(latest), performance.now())
  }

  const scheduleReconnect = (delay: number) => {
    if (closed) return
    reconnectTimer = setTimeout(async () => {
      reconnectTimer = undefined
      if (closed) return
      try {
        await connect()
        logger?.info({ rpc: safeUrl }, 'websocket reconnected')
        options.onStatus?.('up')
      } catch {
        socket?.close()
        socket = undefined
        scheduleReconnect(Math.min(delay * 2, options.maxReconnectDelayMs ?? 2_000))
      }
    }, delay)
  }

  const attempts = options.connectAttempts ?? 3
  for (let i = 1; ; i++) {
    try {
      await connect()
      break
    } catch (e) {
      try {
        socket?.close()
      } catch {}
      socket = undefined
      if (i >= attempts) {
        const msg = e instanceof Error ? e.message.split('\n')[0] : (e as { message?: string })?.message ?? String(e)
        throw new RpcError('eth_subscribe', url, { details: `cannot open a WebSocket to the node after ${attempts} attempts: ${msg}`, retryable: true })
      }
      await new Promise((r) => setTimeout(r, (options.reconnectDelayMs ?? 250) * 2 ** (i - 1)))
    }
  }

  const close = async () => {
    if (closed) return
    closed = true
    if (reconnectTimer) clearTimeout(reconnectTimer)
    try {
      socket?.close()
    } catch {}
    socket = undefined
    wake?.()
  }
  options.signal?.addEventListener('abort', () => void close(), { once: true })

  return {
    async *events() {
      while (!closed) {
        if (queue.length === 0) {
          await new Promise<void>((r) => (wake = r))
          wake = undefined
          continue
        }
        const ev = queue.shift()!
        // Live trading acts on the newest state: a block with a newer block queued right behind it is skipped.
        if (ev.type === 'block' && queue[0]?.type === 'block') continue
        yield ev
      }
    },
    close,
  }
}
