import type { Argv } from 'yargs'
import { existsSync } from 'node:fs'
import { ConfigError } from '../../errors/ConfigError.js'
import { GateError } from '../../errors/GateError.js'
import { evaluateGates } from '../../gates/evaluateGates.js'
import { formatGates } from '../../gates/formatGates.js'
import { storeGateResults } from '../../gates/storeGateResults.js'
import { dbOption, openStoreArg } from '../openStoreArg.js'

/**
 * `arb gates <run_id> [--db]`: evaluates the promotion gates of a run (engine/gates/GATES.md), prints the
 * table, stores it in `gate_results` (replacing an earlier evaluation of the run) and exits 1 with a
 * GateError listing the failing gates when any fails.
 */
export function gatesCommand(cli: Argv): Argv {
  return cli.command(
    'gates <runId>',
    'Evaluate and record the promotion gates of a run; exit 1 if any fails',
    (y) => y.positional('runId', { type: 'string', demandOption: true, describe: 'run id (see `arb runs`)' }).option('db', dbOption),
    async (args) => {
      if (!existsSync(args.db)) throw new ConfigError('--db', 'an existing DuckDB file', args.db)
      const store = await openStoreArg(args.db)
      try {
        const ev = await evaluateGates(store, args.runId)
        await storeGateResults(store, ev)
        process.stdout.write(`${formatGates(ev)}\n`)
        if (!ev.passed) {
          throw new GateError(
            `Gates failed for run ${ev.runId} (config ${ev.configHash})`,
            ev.gates.filter((g) => !g.passed).map((g) => ({ gate: g.gate, value: g.value, threshold: g.threshold, comparison: g.comparison })),
          )
        }
      } finally {
        await store.close()
      }
    },
  )
}
