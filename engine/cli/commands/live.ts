import type { Argv } from 'yargs'
import { loadConfig } from '../../config/loadConfig.js'
import { DEFAULT_MANIFEST_PATH } from '../../devnet/runDevnet.js'
import { readManifest } from '../../devnet/manifest.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { redactUrl } from '../../errors/redactUrl.js'
import { loadBundleSigner } from '../../bundles/loadBundleSigner.js'
import { loadAccount } from '../../live/loadAccount.js'
import { loadTraderAccounts } from '../../live/loadTraderAccounts.js'
import { runLive } from '../../live/runLive.js'
import { createLogger } from '../../log/createLogger.js'
import { createAlerter } from '../../monitoring/createAlerter.js'
import { createMetrics } from '../../monitoring/createMetrics.js'
import { serveMetrics, type MetricsServer } from '../../monitoring/serveMetrics.js'
import { dbOption, openStoreArg } from '../openStoreArg.js'

/**
 * `arb live --mode paper|live --rpc-url ws://… --config FILE [--db] [--manifest] [--keystore] [--kill-file]
 * [--bundle-keystore] [--metrics-port] [--alert-webhook]`: the backtest's pipeline on new heads. Live mode needs
 * passing gates for the config on a backtest of the same chain and a key (ARB_PRIVATE_KEY, or --keystore with
 * ARB_KEYSTORE_PASSWORD); with execution.submit 'bundle', also a bundle signing key (ARB_BUNDLE_SIGNING_KEY, or
 * --bundle-keystore with ARB_BUNDLE_KEYSTORE_PASSWORD), and trades go to execution.builders as bundles, from
 * execution.bundleAccounts trading accounts (the extra keys in ARB_TRADER_KEYS or --trader-keystore files). SIGINT/SIGTERM finish the current block and mark the run interrupted; SIGUSR2 or
 * the kill file stops sending.
 */
export function liveCommand(cli: Argv): Argv {
  return cli.command(
    'live',
    'Trade on new heads: paper (everything but the send) or live (gated, signed)',
    (y) =>
      y
        .option('mode', { choices: ['paper', 'live'] as const, demandOption: true, describe: 'paper: shadow every trade in a fork of the next block, never send; live: send (needs passing gates)' })
        .option('shadow', { type: 'boolean', default: true, describe: 'paper mode: replay the next block on a fork with the would-be trade (--no-shadow: only record it as held)' })
        .option('rpc-url', { type: 'string', describe: 'ws:// or wss:// node URL (default: config rpcUrl or ARB_RPC_URL)' })
        .option('http-url', { type: 'string', describe: 'HTTP JSON-RPC URL for reads and sends (default: the ws URL as http)' })
        .option('config', { type: 'string', demandOption: true, describe: 'config file (.json or .ts)' })
        .option('manifest', { type: 'string', default: DEFAULT_MANIFEST_PATH, describe: 'manifest of the chain (tokens, pools, executor)' })
        .option('db', dbOption)
        .option('keystore', { type: 'string', describe: 'JSON V3 keystore of the signing key (password in ARB_KEYSTORE_PASSWORD)' })
        .option('trader-keystore', {
          type: 'string',
          array: true,
          describe: 'execution.bundleAccounts > 1: JSON V3 keystore of one more trading account, repeatable, in order (password in ARB_KEYSTORE_PASSWORD; default ARB_TRADER_KEYS, comma-separated)',
        })
        .option('bundle-keystore', {
          type: 'string',
          describe: 'execution.submit "bundle": JSON V3 keystore of the bundle signing key (password in ARB_BUNDLE_KEYSTORE_PASSWORD; default ARB_BUNDLE_SIGNING_KEY)',
        })
        .option('kill-file', { type: 'string', describe: 'stop sending as soon as this file exists' })
        .option('metrics-port', { type: 'number', describe: 'serve Prometheus metrics on 127.0.0.1:PORT/metrics' })
        .option('alert-webhook', { type: 'string', describe: 'POST JSON alerts (breaker, kill switch, RPC down) to this URL' }),
    async (args) => {
      const config = await loadConfig(args.config)
      const wsUrl = args.rpcUrl ?? config.rpcUrl ?? process.env.ARB_RPC_URL
      if (!wsUrl) throw new ConfigError('--rpc-url', 'a ws:// or wss:// URL (or config rpcUrl, or ARB_RPC_URL)')
      const manifest = await readManifest(args.manifest)
      const account = args.mode === 'live' || args.keystore || process.env.ARB_PRIVATE_KEY ? await loadAccount({ keystore: args.keystore }) : undefined
      // Bundles are signed (X-Flashbots-Signature) with their own key, never the trading key; paper mode sends none.
      const bundleSigner =
        args.mode === 'live' && config.execution.submit === 'bundle'
          ? await loadBundleSigner({ ...(args.bundleKeystore ? { keystore: args.bundleKeystore } : {}), ...(account ? { tradingAddress: account.address } : {}) })
          : undefined
      // More trading accounts, one per bundle that may land in a block (execution.bundleAccounts); runLive checks them.
      const traders = args.mode === 'live' && config.execution.submit === 'bundle' && (config.execution.bundleAccounts ?? 1) > 1 ? await loadTraderAccounts({ keystores: args.traderKeystore ?? [] }) : []
      const logger = createLogger({ name: 'live' })
      const metrics = createMetrics()
      let server: MetricsServer | undefined
      if (args.metricsPort !== undefined) server = await serveMetrics(metrics, args.metricsPort)
      const store = await openStoreArg(args.db)
      const controller = new AbortController()
      const stop = () => controller.abort()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      try {
        const result = await runLive({
          mode: args.mode,
          wsUrl,
          httpUrl: args.httpUrl,
          config,
          manifest,
          store,
          account,
          traders,
          shadow: args.shadow,
          bundleSigner,
          killFile: args.killFile,
          metrics,
          alerter: createAlerter({ url: args.alertWebhook, logger }),
          logger,
          signal: controller.signal,
          onStart: ({ runId, fromBlock }) =>
            process.stdout.write(`${args.mode} run ${runId} from block ${fromBlock} on ${redactUrl(wsUrl)}${server ? `, metrics ${server.url}` : ''}\n`),
          onBlock: (r) => {
            if (r.opportunities > 0) process.stdout.write(`block ${r.block.number}: ${r.opportunities} opportunities, ${r.executed} sent${r.killed ? ' (kill switch on)' : ''}\n`)
          },
        })
        process.stdout.write(`run ${result.runId} ${result.status}: ${result.blocks} blocks, ${result.executed} transactions\n`)
      } finally {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        await server?.close()
        await store.close()
      }
    },
  )
}
