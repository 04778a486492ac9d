import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

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
function ownerProcess(then: string): Promise<{ ownerPid: number; anvilPid: number; exited: Promise<void> }> {
  const code = `
    const { startAnvil } = await import(${JSON.stringify(startAnvilPath)});
    const anvil = await startAnvil();
    console.log('anvil-pid ' + anvil.pid);
    ${then}
  `
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /anvil-pid (\d+)/.exec(out)
      if (m) resolve({ ownerPid: child.pid!, anvilPid: Number(m[1]), exited })
    })
    child.once('exit', () => reject(new Error(`owner exited before starting anvil: ${out}`)))
  })
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
})
