import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { sweepAnvilDirs } from './anvilDirs.js'

const startAnvilPath = fileURLToPath(new URL('./startAnvil.ts', import.meta.url))

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitDead(pid: number, ms = 5_000): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (!alive(pid)) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return !alive(pid)
}

/** Starts a Node process that starts an Anvil, prints its pid, then runs `then`. */
function ownerProcess(then: string, options: { ownGroup?: boolean } = {}): Promise<{ ownerPid: number; anvilPid: number; exited: Promise<void>; output: () => string }> {
  const code = `
    const { startAnvil } = await import(${JSON.stringify(startAnvilPath)});
    const anvil = await startAnvil();
    console.log('anvil-pid ' + anvil.pid);
    ${then}
  `
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'], detached: options.ownGroup ?? false })
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /anvil-pid (\d+)/.exec(out)
      if (m) resolve({ ownerPid: child.pid!, anvilPid: Number(m[1]), exited, output: () => out })
    })
    child.once('exit', () => reject(new Error(`owner exited before starting anvil: ${out}`)))
  })
}

/** The private folder a running Anvil was given (its --cache-path's parent). */
function anvilDir(pid: number): string {
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
  return args[args.indexOf('--cache-path') + 1]!.replace(/\/cache$/, '')
}

describe('Anvil never outlives its owner', () => {
  it('is killed when the owner exits normally', async () => {
    const { anvilPid, exited } = await ownerProcess('process.exit(0)')
    await exited
    expect(await waitDead(anvilPid)).toBe(true)
  })

  it('is killed when the owner gets SIGTERM', async () => {
    const { ownerPid, anvilPid, exited } = await ownerProcess('setInterval(() => {}, 1000)')
    expect(alive(anvilPid)).toBe(true)
    process.kill(ownerPid, 'SIGTERM')
    await exited
    expect(await waitDead(anvilPid)).toBe(true)
  })

  it('is killed when the owner gets SIGINT', async () => {
    const { ownerPid, anvilPid, exited } = await ownerProcess('setInterval(() => {}, 1000)')
    process.kill(ownerPid, 'SIGINT')
    await exited
    expect(await waitDead(anvilPid)).toBe(true)
  })

  it('is killed when the owner gets SIGKILL, and its folder is swept at the next start (issue 12 #4)', async () => {
    const { ownerPid, anvilPid, exited } = await ownerProcess('setInterval(() => {}, 1000)')
    const dir = anvilDir(anvilPid)
    expect(existsSync(dir)).toBe(true)
    process.kill(ownerPid, 'SIGKILL')
    await exited
    expect(await waitDead(anvilPid)).toBe(true)
    expect(sweepAnvilDirs()).toContain(dir)
    expect(existsSync(dir)).toBe(false)
  })

  it('is not hit by a Ctrl-C sent to its owner\'s process group; the owner stops it (issue 12 #3)', async () => {
    const { ownerPid, anvilPid, exited, output } = await ownerProcess(
      `process.on('SIGINT', async () => { console.log('answered ' + (await anvil.request('eth_chainId'))); await anvil.stop(); process.exit(0) }); setInterval(() => {}, 1000)`,
      { ownGroup: true },
    )
    const dir = anvilDir(anvilPid)
    process.kill(-ownerPid, 'SIGINT') // what a terminal does: the whole foreground group
    await exited
    expect(output()).toContain('answered 0x7a69')
    expect(await waitDead(anvilPid)).toBe(true)
    expect(existsSync(dir)).toBe(false)
  })
})
