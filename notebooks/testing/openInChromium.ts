import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Readable, Writable } from 'node:stream'
import { BaseError } from '../../engine/errors/BaseError.js'

export type PageProblem = { kind: 'console' | 'exception' | 'log' | 'network' | 'request'; text: string }

export type ChromiumPage = {
  /** Evaluates a JavaScript expression in the page and returns its (JSON) value. */
  evaluate<T>(expression: string): Promise<T>
  /** Full-page PNG. */
  screenshot(): Promise<Buffer>
  /** Console errors and warnings, uncaught exceptions, failed loads, and any request leaving the file. */
  problems: PageProblem[]
}

/** Debian's binary name first; CI installs the `chromium` package. */
const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome']

/** The Chromium executable on PATH, or a BaseError saying how to install it. */
export function findChromium(): string {
  for (const name of CANDIDATES) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' })
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim()
  }
  throw new BaseError('Chromium is not installed: report tests open the HTML in headless Chromium', {
    details: 'install it with `apt-get install -y chromium` (Debian package; .ci/run does this), then rerun the tests',
  })
}

/**
 * Opens a local HTML file in headless Chromium and hands the loaded page to `fn`, driving the browser over
 * the DevTools protocol on a pipe (`--remote-debugging-pipe`: no port, no WebSocket library). The browser
 * runs with a fresh profile and no network services, and is stopped (and its profile removed) afterwards.
 */
export async function openInChromium<T>(file: string, fn: (page: ChromiumPage) => Promise<T>, options: { width?: number; height?: number } = {}): Promise<T> {
  const binary = findChromium()
  const profile = mkdtempSync(join(tmpdir(), 'arb-chromium-'))
  const child = spawn(
    binary,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      `--user-data-dir=${profile}`,
      '--remote-debugging-pipe',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  )
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const cdp = createPipeClient(child.stdio[3] as Writable, child.stdio[4] as Readable, () => stderr)
  child.once('exit', (code) => cdp.fail(new BaseError(`Chromium exited (code ${code})`, { details: stderr.slice(-1500) })))
  try {
    const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' })
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })
    const session = <R>(method: string, params: Record<string, unknown> = {}) => cdp.send<R>(method, params, sessionId)
    const problems: PageProblem[] = []
    const url = pathToFileURL(file).href
    cdp.on((msg) => {
      if (msg.sessionId !== sessionId) return
      const p = msg.params as Record<string, any>
      if (msg.method === 'Runtime.consoleAPICalled' && ['error', 'warning', 'assert'].includes(p.type)) {
        problems.push({ kind: 'console', text: p.args.map((a: { value?: unknown; description?: string }) => a.value ?? a.description).join(' ') })
      } else if (msg.method === 'Runtime.exceptionThrown') {
        problems.push({ kind: 'exception', text: p.exceptionDetails?.exception?.description ?? p.exceptionDetails?.text })
      } else if (msg.method === 'Log.entryAdded' && ['error', 'warning'].includes(p.entry.level)) {
        problems.push({ kind: 'log', text: `${p.entry.text} ${p.entry.url ?? ''}`.trim() })
      } else if (msg.method === 'Network.loadingFailed') {
        problems.push({ kind: 'network', text: `${p.errorText} (${p.requestId})` })
      } else if (msg.method === 'Network.requestWillBeSent' && p.request.url !== url && !p.request.url.startsWith('data:')) {
        problems.push({ kind: 'request', text: p.request.url })
      }
    })
    await session('Runtime.enable')
    await session('Log.enable')
    await session('Network.enable')
    await session('Page.enable')
    await session('Emulation.setDeviceMetricsOverride', { width: options.width ?? 1000, height: options.height ?? 800, deviceScaleFactor: 1, mobile: false })
    const loaded = cdp.waitFor((m) => m.sessionId === sessionId && m.method === 'Page.loadEventFired', 30_000)
    const nav = await session<{ errorText?: string }>('Page.navigate', { url })
    if (nav.errorText) throw new BaseError(`Chromium could not open ${file}`, { details: nav.errorText })
    await loaded
    const page: ChromiumPage = {
      problems,
      async evaluate<R>(expression: string) {
        const r = await session<{ result: { value: R }; exceptionDetails?: { text: string } }>('Runtime.evaluate', { expression, returnByValue: true })
        if (r.exceptionDetails) throw new BaseError(`Evaluating in the page failed: ${expression}`, { details: r.exceptionDetails.text })
        return r.result.value
      },
      async screenshot() {
        const { data } = await session<{ data: string }>('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, fromSurface: true })
        return Buffer.from(data, 'base64')
      },
    }
    // Let late console messages arrive before the caller reads `problems`.
    await new Promise((r) => setTimeout(r, 200))
    return await fn(page)
  } finally {
    await cdp.send('Browser.close').catch(() => undefined)
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    if (child.exitCode === null && child.signalCode === null) await exited
    clearTimeout(timer)
    rmSync(profile, { recursive: true, force: true })
  }
}

type Message = { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string }; sessionId?: string }

/** DevTools protocol over Chromium's debugging pipe: JSON messages separated by NUL bytes. */
function createPipeClient(input: Writable, output: Readable, logTail: () => string) {
  let nextId = 1
  let buffer = ''
  let failure: Error | undefined
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; method: string }>()
  const listeners = new Set<(m: Message) => void>()
  output.setEncoding('utf8')
  output.on('data', (chunk: string) => {
    buffer += chunk
    let end: number
    while ((end = buffer.indexOf('\0')) >= 0) {
      const msg = JSON.parse(buffer.slice(0, end)) as Message
      buffer = buffer.slice(end + 1)
      if (msg.id !== undefined) {
        const p = pending.get(msg.id)
        pending.delete(msg.id)
        if (msg.error) p?.reject(new BaseError(`DevTools ${p.method} failed`, { details: msg.error.message }))
        else p?.resolve(msg.result)
      } else for (const l of listeners) l(msg)
    }
  })
  input.on('error', () => undefined)
  return {
    send<R = unknown>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<R> {
      if (failure) return Promise.reject(failure)
      const id = nextId++
      return new Promise<R>((resolve, reject) => {
        pending.set(id, { resolve, reject, method })
        input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`)
      })
    },
    on(listener: (m: Message) => void) {
      listeners.add(listener)
    },
    waitFor(match: (m: Message) => boolean, timeoutMs: number): Promise<Message> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(l)
          reject(new BaseError('Timed out waiting for the page to load in Chromium', { details: logTail().slice(-1500) }))
        }, timeoutMs)
        const l = (m: Message) => {
          if (!match(m)) return
          clearTimeout(timer)
          listeners.delete(l)
          resolve(m)
        }
        listeners.add(l)
      })
    },
    fail(error: Error) {
      failure = error
      for (const p of pending.values()) p.reject(error)
      pending.clear()
    },
  }
}
