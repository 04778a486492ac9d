import { hostname } from 'node:os'
import { resolve } from 'node:path'
import type { Argv } from 'yargs'
import { redactUrl } from '../../errors/redactUrl.js'
import { createQueueWorker } from '../../queue/createQueueWorker.js'
import { checkRedis } from '../../queue/redisConnection.js'
import { maxWorkers, maxWorkersReason } from '../maxWorkers.js'

/**
 * `arb worker --queue redis://HOST:PORT`: runs queued sweep jobs on this machine with its own Anvils until
 * SIGINT/SIGTERM, when running jobs stop after their current block and go back to the queue. Prints
 * `ready worker <host>:<pid> …` once listening, then one JSON object per job event on stderr.
 */
export function workerCommand(cli: Argv): Argv {
  return cli.command(
    'worker',
    'Run queued sweep jobs (BullMQ over Redis) with this machine’s own Anvils until Ctrl-C',
    (y) =>
      y
        .option('queue', { type: 'string', demandOption: true, describe: 'Redis URL of the job queue, redis://HOST:PORT' })
        .option('concurrency', { type: 'number', default: 1, describe: 'jobs run at once' })
        .option('forks-per-job', { type: 'number', default: 1, describe: 'Anvil forks per running job: blocks of a job replayed at once (same rows)' })
        .option('results', { type: 'string', describe: 'the shared results folder as this machine mounts it (default: the folder the sweep named)' })
        .option('fork-url', { type: 'string', describe: 'archive node for jobs over a fork source (default $ARB_FORK_URL; never stored or queued)' })
        .option('lock-duration', { type: 'number', default: 30_000, describe: 'ms a job stays locked to this worker without renewal (BullMQ lockDuration)' })
        .option('stalled-interval', { type: 'number', default: 30_000, describe: 'ms between checks for jobs whose worker died (BullMQ stalledInterval)' })
        .check((a) => {
          for (const name of ['concurrency', 'forks-per-job', 'lock-duration', 'stalled-interval'] as const) {
            const v = a[name]
            if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`--${name}: expected an integer >= 1 (got ${String(v)})`)
          }
          // Each running job has its own fork Anvils: the same limit as `arb backtest --workers`.
          const forks = a.concurrency * a['forks-per-job']
          if (forks > maxWorkers()) throw new Error(`--concurrency × --forks-per-job: expected at most ${maxWorkers()} fork Anvils, the limit for ${maxWorkersReason()} (got ${forks})`)
          return true
        }),
    async (args) => {
      await checkRedis(args.queue)
      const log = (e: object) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...e })}\n`)
      const worker = await createQueueWorker({
        queue: args.queue,
        concurrency: args.concurrency,
        forksPerJob: args['forks-per-job'],
        results: args.results === undefined ? undefined : resolve(args.results),
        forkUrl: args['fork-url'] ?? process.env.ARB_FORK_URL,
        lockDurationMs: args['lock-duration'],
        stalledIntervalMs: args['stalled-interval'],
        onEvent: log,
      })
      process.stdout.write(`ready worker ${hostname()}:${process.pid} queue ${redactUrl(args.queue)} concurrency ${args.concurrency} forks-per-job ${args['forks-per-job']}\n`)
      await new Promise<void>((done) => {
        const stop = (signal: string) => {
          process.once('SIGINT', () => process.exit(130))
          process.once('SIGTERM', () => process.exit(130))
          log({ event: 'worker-stopping', signal })
          worker.stop().then(done, (e) => {
            log({ event: 'worker-error', error: e instanceof Error ? e.message : String(e) })
            done()
          })
        }
        process.once('SIGINT', () => stop('SIGINT'))
        process.once('SIGTERM', () => stop('SIGTERM'))
      })
      log({ event: 'worker-stopped' })
    },
  )
}
