import { describe, expect, it } from 'vitest'
import { runCli } from '../runCli.js'
import { workerCommand } from './worker.js'

/** Runs `arb worker …` in-process and returns its exit code and stderr (no Redis is reached: every case is refused first). */
async function worker(args: string[]): Promise<{ code: number; stderr: string }> {
  const err: string[] = []
  const writeErr = process.stderr.write
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write
  try {
    process.exitCode = undefined
    await runCli(['worker', ...args], [workerCommand])
    return { code: Number(process.exitCode ?? 0), stderr: err.join('') }
  } finally {
    process.stderr.write = writeErr
    process.exitCode = undefined
  }
}

describe('arb worker arguments', () => {
  it('names the argument and the expected form, without a stack trace', async () => {
    expect(await worker([])).toMatchObject({ code: 1, stderr: expect.stringMatching(/Missing required argument: queue/) })
    expect(await worker(['--queue', 'http://queue-host:6379'])).toEqual({ code: 1, stderr: 'error: Invalid --queue: expected a Redis URL like redis://HOST:PORT (got "http://queue-host:6379/")\n' })
    expect(await worker(['--queue', 'redis://127.0.0.1:1', '--concurrency', '0'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/--concurrency: expected an integer >= 1 \(got 0\)/) })
    expect(await worker(['--queue', 'redis://127.0.0.1:1', '--concurrency', '100000'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/--concurrency × --forks-per-job: expected at most \d+ fork Anvils, the limit for 4 per CPU core/) })
    expect(await worker(['--queue', 'redis://127.0.0.1:1', '--concurrency', '2', '--forks-per-job', '100000'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/got 200000\)/) })
    expect(await worker(['--queue', 'redis://127.0.0.1:1', '--stalled-interval', '1.5'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/--stalled-interval: expected an integer >= 1/) })
  })

  it('refuses an unreachable Redis at once, with the password redacted', async () => {
    const r = await worker(['--queue', 'redis://:hunter2hunter2@127.0.0.1:1'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^error: Cannot reach Redis \(queue redis:\/\/\*\*\*@127\.0\.0\.1:1\)/)
    expect(r.stderr).not.toContain('hunter2')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})
