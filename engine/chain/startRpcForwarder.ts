import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { BaseError } from '../errors/BaseError.js'
import { RpcError } from '../errors/RpcError.js'
import { ACCOUNT_PARTS, accountRead, composeAccount, isPrestateTrace } from './accountReads.js'
import type { RpcAnswer, RpcClient, RpcRequest } from './createRpcClient.js'

/** Where a forwarder keeps answers that never change (see `engine/archive/openArchive.ts`). */
export type ForwarderCache = {
  /**
   * The call's cache key and, when stored, its answer as JSON text (`{"result":…}` or `{"error":…}`);
   * undefined when the call's answer may change (not pinned to a final block).
   */
  lookup(call: RpcRequest): { key: string; answer: string | undefined } | undefined
  /** Offers an upstream answer to a cacheable call; the cache keeps it if it can never change. */
  store(call: RpcRequest, key: string, answer: RpcAnswer, text: string): void
}

/** What a forwarder answered and what it cost upstream. */
export type ForwarderUsage = {
  /** Calls its clients sent (a batch of n counts n). */
  calls: number
  /** Calls answered from the cache. */
  cacheHits: number
  /** Calls answered by another client's identical call in flight, or locally (`eth_chainId`). */
  shared: number
  /** Accounts read ahead because a prestate trace named them. */
  prefetched: number
  /** Upstream traffic: HTTP requests and calls sent, bytes both ways, rate-limit answers. */
  upstream: { requests: number; calls: number; bytesSent: number; bytesReceived: number; rateLimited: number }
}

export type RpcForwarder = {
  /** `http://127.0.0.1:<port>`: no user info, no path, no query. */
  readonly url: string
  usage(): ForwarderUsage
  /** Stops listening and drops open connections. Idempotent. */
  close(): Promise<void>
}

export type RpcForwarderOptions = {
  /** The real endpoint, through the engine's transport (retries, batch cap, rate limit, credentials). */
  upstream: RpcClient
  cache?: ForwarderCache
  /** Known chain id: `eth_chainId` is answered without asking upstream. */
  chainId?: number
}

type Call = { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown }

/**
 * A JSON-RPC forwarder on 127.0.0.1 that relays every call to one upstream endpoint, so that a URL with
 * credentials (`https://user:secret@host/?apikey=…`) never has to be handed to another process: Anvil forks
 * from `forwarder.url` and sees no secret in its argv, environment or logs; only this process holds the real
 * URL. With a cache, calls pinned to a final block are answered from it and their upstream answers stored,
 * for the engine and its Anvil forks alike; identical calls in flight at once go upstream once. With a cache,
 * an account read (balance, nonce, code or `eth_getAccountInfo`, which Anvil uses interchangeably) fetches all
 * three standard reads in one upstream batch and keeps every form; the accounts a prestate trace names (the
 * fork executor traces each trade before it runs) are read in one batch as soon as the trace passes, so the
 * fork that runs the trade does not fetch them one sequential round trip at a time.
 *
 * Upstream failures that outlast the transport's retries are answered with HTTP 503, which clients (the
 * engine's transport, Anvil's fork client) treat as transient, or 424 when a retry cannot help (HTTP 401 from
 * the provider); errors the upstream node answered are relayed as they are.
 *
 * @example
 * const fwd = await startRpcForwarder({ upstream: createRpcClient(process.env.ARCHIVE_URL!) })
 * const anvil = await startAnvil({ forkUrl: fwd.url })
 */
export async function startRpcForwarder(options: RpcForwarderOptions): Promise<RpcForwarder> {
  const { upstream, cache } = options
  const chainIdText = options.chainId !== undefined ? `{"result":"0x${options.chainId.toString(16)}"}` : undefined
  const counts = { calls: 0, cacheHits: 0, shared: 0, prefetched: 0 }
  const inflight = new Map<string, Promise<string>>()
  /** Account reads in flight upstream (see `accountRead`): their three parts' answers. */
  const accountsInflight = new Map<string, Promise<RpcAnswer[]>>()
  const textOf = (a: RpcAnswer) => JSON.stringify(a.error ? { error: a.error } : { result: a.result })

  /** Stores every form of an account read (balance, nonce, code, `eth_getAccountInfo`) that is not cached yet. */
  function storeAccountForms(address: string, block: unknown, parts: RpcAnswer[]): void {
    for (const method of [...ACCOUNT_PARTS, 'eth_getAccountInfo']) {
      const call = { method, params: [address, block] }
      const look = cache!.lookup(call)
      if (look && look.answer === undefined && !inflight.has(look.key)) {
        const a = composeAccount(method, parts)
        cache!.store(call, look.key, a, textOf(a))
      }
    }
  }

  /** Reads accounts at `block` upstream in one request, in the background; reads of them meanwhile wait for it. */
  function prefetchAccounts(addresses: string[], block: unknown): void {
    const todo: { id: string; address: string; settle: { resolve: (p: RpcAnswer[]) => void; reject: (e: unknown) => void } }[] = []
    for (const raw of addresses) {
      const address = raw.toLowerCase()
      const look = cache?.lookup({ method: 'eth_getBalance', params: [address, block] })
      const id = JSON.stringify([address, block])
      if (!look || look.answer !== undefined || accountsInflight.has(id) || todo.some((t) => t.id === id)) continue
      let settle!: (typeof todo)[number]['settle']
      const promise = new Promise<RpcAnswer[]>((resolve, reject) => (settle = { resolve, reject }))
      promise.catch(() => {})
      accountsInflight.set(id, promise)
      todo.push({ id, address, settle })
    }
    if (todo.length === 0) return
    counts.prefetched += todo.length
    upstream.exchange(todo.flatMap((t) => ACCOUNT_PARTS.map((method) => ({ method, params: [t.address, block] })))).then(
      (answers) => {
        todo.forEach((t, k) => {
          const parts = answers.slice(3 * k, 3 * k + 3)
          storeAccountForms(t.address, block, parts)
          accountsInflight.delete(t.id)
          t.settle.resolve(parts)
        })
      },
      (e: unknown) => {
        for (const t of todo) accountsInflight.delete(t.id)
        for (const t of todo) t.settle.reject(e)
      },
    )
  }

  /** Answers (JSON text of `{"result"…}`/`{"error"…}`) for calls; throws an RpcError when upstream fails. */
  async function answer(calls: RpcRequest[]): Promise<string[]> {
    const texts = new Array<string>(calls.length)
    type Miss = { i: number; key?: string; compose: (answers: RpcAnswer[]) => RpcAnswer; resolve?: (t: string) => void; reject?: (e: unknown) => void }
    const misses: Miss[] = []
    const plan: RpcRequest[] = []
    const accounts = new Map<string, number>() // account read → index of its balance call in `plan`
    const groups = new Map<string, { resolve: (parts: RpcAnswer[]) => void; reject: (e: unknown) => void }>()
    const waits: { i: number; promise: Promise<string> }[] = []
    calls.forEach((call, i) => {
      if (call.method === 'eth_chainId' && chainIdText) {
        texts[i] = chainIdText
        counts.shared++
        return
      }
      const look = cache?.lookup(call)
      if (look?.answer !== undefined) {
        texts[i] = look.answer
        counts.cacheHits++
        return
      }
      if (look) {
        const pending = inflight.get(look.key)
        if (pending) {
          waits.push({ i, promise: pending })
          counts.shared++
          return
        }
      }
      const account = look ? accountRead(call) : undefined
      const group = account && accountsInflight.get(account.id)
      if (group && !accounts.has(account.id)) {
        // Anvil asks for an account's parts in parallel requests: the first one's upstream read answers them all.
        // (If that read fails, this call is asked for on its own.)
        waits.push({ i, promise: group.then((parts) => textOf(composeAccount(call.method, parts)), () => answer([call]).then((t) => t[0]!)) })
        counts.shared++
        return
      }
      const miss: Miss = { i, ...(look ? { key: look.key } : {}), compose: () => ({ result: null }) }
      if (account) {
        // Anvil reads an account as eth_getAccountInfo or as balance, nonce and code, whichever it picks: one
        // upstream read of all three answers both forms now and from the cache later.
        let at = accounts.get(account.id)
        if (at === undefined) {
          at = plan.length
          accounts.set(account.id, at)
          for (const method of ACCOUNT_PARTS) plan.push({ method, params: [account.address, account.block] })
          let settle!: { resolve: (parts: RpcAnswer[]) => void; reject: (e: unknown) => void }
          const promise = new Promise<RpcAnswer[]>((resolve, reject) => (settle = { resolve, reject }))
          promise.catch(() => {})
          accountsInflight.set(account.id, promise)
          groups.set(account.id, settle)
        }
        const base = at
        miss.compose = (answers) => composeAccount(call.method, answers.slice(base, base + 3))
      } else {
        const at = plan.length
        plan.push(call)
        miss.compose = (answers) => answers[at]!
      }
      if (miss.key !== undefined) {
        const promise = new Promise<string>((resolve, reject) => {
          miss.resolve = resolve
          miss.reject = reject
        })
        promise.catch(() => {})
        inflight.set(miss.key, promise)
      }
      misses.push(miss)
    })
    if (plan.length > 0) {
      try {
        const answers = await upstream.exchange(plan)
        for (const m of misses) {
          const a = m.compose(answers)
          const text = textOf(a)
          texts[m.i] = text
          if (m.key !== undefined) {
            cache!.store(calls[m.i]!, m.key, a, text)
            m.resolve!(text)
          }
        }
        for (const [id, at] of accounts) groups.get(id)!.resolve(answers.slice(at, at + 3))
        // The forms of each account read that nobody asked for yet.
        for (const [id, at] of accounts) {
          const [address, block] = JSON.parse(id) as [string, unknown]
          storeAccountForms(address, block, answers.slice(at, at + 3))
        }
        // A prestate trace names every account a trade will touch: read them all now, in one request, so the
        // fork that runs the trade finds them here instead of fetching them one round trip at a time.
        for (const m of misses) {
          const call = calls[m.i]!
          const traced = isPrestateTrace(call) ? m.compose(answers).result : undefined
          if (traced && typeof traced === 'object') prefetchAccounts(Object.keys(traced), call.params![1])
        }
      } catch (e) {
        for (const m of misses) m.reject?.(e)
        for (const id of groups.keys()) accountsInflight.delete(id) // before waiters retry on their own
        for (const g of groups.values()) g.reject(e)
        throw e
      } finally {
        for (const m of misses) if (m.key !== undefined) inflight.delete(m.key)
        for (const id of groups.keys()) accountsInflight.delete(id)
      }
    }
    for (const w of waits) texts[w.i] = await w.promise
    return texts
  }

  const reply = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    res.end(body)
  }
  /** `{"jsonrpc":"2.0","id":…,` + the answer's members. */
  const envelope = (id: unknown, text: string) => `{"jsonrpc":"2.0","id":${JSON.stringify(id ?? null)},${text.slice(1)}`

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return reply(res, 405, '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"POST a JSON-RPC request"}}')
    const chunks: Buffer[] = []
    try {
      for await (const c of req) chunks.push(c as Buffer)
    } catch {
      return // the client went away
    }
    let body: Call | Call[]
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Call | Call[]
    } catch {
      return reply(res, 200, '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}')
    }
    const list = Array.isArray(body) ? body : [body]
    if (list.length === 0 || list.some((c) => !c || typeof c !== 'object' || typeof c.method !== 'string')) {
      return reply(res, 200, '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request"}}')
    }
    counts.calls += list.length
    const calls = list.map((c) => ({ method: c.method as string, params: Array.isArray(c.params) ? (c.params as unknown[]) : [] }))
    try {
      const texts = await answer(calls)
      const out = list.map((c, i) => envelope(c.id, texts[i]!))
      reply(res, 200, Array.isArray(body) ? `[${out.join(',')}]` : out[0]!)
    } catch (e) {
      // The transport already retried (and names the method and the redacted URL): a transient failure.
      const message = e instanceof BaseError ? e.shortMessage + (e.details ? `: ${e.details}` : '') : 'upstream request failed'
      // 503: clients retry; 424 (a failed dependency): they do not, since a retry cannot fix it (a wrong key).
      const status = e instanceof RpcError && !e.retryable ? 424 : 503
      reply(res, status, JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message } }))
    }
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}`,
    usage: () => ({
      ...counts,
      upstream: {
        requests: upstream.usage.requests,
        calls: upstream.usage.calls,
        bytesSent: upstream.usage.bytesSent,
        bytesReceived: upstream.usage.bytesReceived,
        rateLimited: upstream.usage.rateLimited,
      },
    }),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })),
  }
}
