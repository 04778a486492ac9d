import type { Argv } from 'yargs'
import type { Hex } from 'viem'
import { createRpcClient } from '../../chain/createRpcClient.js'
import { mainnetProfile } from '../../devnet/mainnetProfile.js'
import { readManifest, writeManifest, type Manifest } from '../../devnet/manifest.js'
import { DEFAULT_MANIFEST_PATH } from '../../devnet/runDevnet.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { screenTokens } from '../../screening/screenTokens.js'
import { discoverPools } from '../../universe/discoverPools.js'
import { parseMinLiquidity } from '../../universe/parseMinLiquidity.js'
import { readUniverse } from '../../universe/readUniverse.js'
import { universeManifest } from '../../universe/universeManifest.js'
import { formatUnits } from '../../format/formatUnits.js'
import { table } from '../../format/table.js'
import { dbOption, openStoreArg } from '../openStoreArg.js'

const blockArg = (name: string, v: unknown): bigint | undefined => {
  if (v === undefined) return undefined
  const s = String(v)
  if (!/^\d+$/.test(s)) throw new ConfigError(name, 'a block number (digits)', s)
  return BigInt(s)
}

/** The manifest naming a chain's factories: `--manifest FILE`, else the mainnet profile on chain 1, else the devnet's. */
export async function manifestFor(chainId: number, path: string | undefined): Promise<Manifest> {
  if (path) return readManifest(path)
  if (chainId === 1) return mainnetProfile
  return readManifest(DEFAULT_MANIFEST_PATH)
}

/**
 * `arb pools discover|list|screen|manifest`: the discovered market. `discover` reads the factories' creation events
 * into the `pools` table (resuming after the last block it read) with balances and token metadata; `list`
 * prints it; `screen` flags taxed, rebasing and honeypot tokens on a fork; `manifest` writes a manifest of its tradable pools for `arb backtest --manifest` (or use
 * `arb backtest --universe`).
 */
export function poolsCommand(cli: Argv): Argv {
  return cli.command('pools', 'Discover pools from factory events, list them, write a manifest of the tradable ones', (y) =>
    y
      .command(
        'discover',
        'Read creation events (V2/Sushi PairCreated, V3 PoolCreated, V4 Initialize, Balancer PoolRegistered) into the pools table',
        (b) =>
          b
            .option('rpc-url', { type: 'string', demandOption: true, describe: 'JSON-RPC node (an archive for old blocks); never stored or printed' })
            .option('from', { type: 'string', demandOption: true, describe: 'first block to read (each factory resumes after the last block already read)' })
            .option('to', { type: 'string', describe: 'last block, inclusive (default: the head); balances are read here' })
            .option('manifest', { type: 'string', describe: 'manifest naming the factories (default: the mainnet profile on chain 1, else data/devnet/manifest.json)' })
            .option('min-liquidity', { type: 'string', array: true, describe: 'TOKEN=AMOUNT floors in base units, e.g. WETH=10000000000000000000; a pool is liquid when it holds one' })
            .option('window', { type: 'number', default: 5000, describe: 'blocks per eth_getLogs (halved when the node refuses)' })
            .option('db', dbOption),
        async (args) => {
          const from = blockArg('--from', args.from)!
          if (!Number.isInteger(args.window) || args.window < 1) throw new ConfigError('--window', 'a positive integer', args.window)
          const rpc = createRpcClient(args['rpc-url'], { retries: 3 })
          const chainId = Number(BigInt(await rpc.request<Hex>('eth_chainId')))
          const to = blockArg('--to', args.to) ?? BigInt(await rpc.request<Hex>('eth_blockNumber'))
          const manifest = await manifestFor(chainId, args.manifest)
          const minLiquidity = parseMinLiquidity(args['min-liquidity'] ?? [], manifest)
          const store = await openStoreArg(args.db)
          try {
            const s = await discoverPools({
              rpc,
              store,
              manifest,
              from,
              to,
              minLiquidity,
              window: BigInt(args.window),
              onProgress: (p) => process.stderr.write(`block ${p.block}/${p.to}: ${p.newPools} new pools\n`),
            })
            for (const x of s.scanned) {
              process.stdout.write(x.from === null ? `${x.venue} ${x.emitter}: already read to ${to}\n` : `${x.venue} ${x.emitter}: read ${x.from}-${x.to}\n`)
            }
            const rows = Object.entries(s.byVenue).map(([venue, v]) => [venue, v.pools, v.liquid])
            process.stdout.write(`${table(['venue', 'pools', 'liquid'], rows)}\n`)
            process.stdout.write(`chain ${s.chainId}: ${s.newPools} new pools, ${s.pools} pools, ${s.liquidPools} liquid, ${s.newTokens} new tokens\n`)
          } finally {
            await store.close()
          }
        },
      )
      .command(
        'list',
        'Print the discovered pools of a chain: venue, tokens, fee, balances, and why a pool is not traded',
        (b) =>
          b
            .option('chain-id', { type: 'number', default: 1, describe: 'chain whose pools to list' })
            .option('limit', { type: 'number', default: 50, describe: 'most rows printed' })
            .option('excluded', { type: 'boolean', default: false, describe: 'list the pools routes leave out, with the reason' })
            .option('db', dbOption),
        async (args) => {
          const store = await openStoreArg(args.db, true)
          try {
            const u = await readUniverse(store, args['chain-id'])
            const name = (t: string) => u.tokens.get(t as Hex)?.symbol ?? t.slice(0, 10)
            const amount = (t: string, b: bigint | undefined) => (b === undefined ? '—' : formatUnits(b, u.tokens.get(t as Hex)?.decimals ?? 0, 4))
            const list = args.excluded ? u.excluded.map((e) => ({ ...e.pool, why: e.reason })) : u.tradable.map((p) => ({ ...p, why: '' }))
            const rows = list.slice(0, args.limit).map((p) => [
              p.venue,
              p.poolId.length > 42 ? `${p.poolId.slice(0, 18)}…` : p.poolId,
              p.tokens.map(name).join('/'),
              p.fee ?? 'dynamic',
              p.tokens.map((t, i) => amount(t, p.balances?.[i])).join(' / '),
              p.why,
            ])
            process.stdout.write(`${table(['venue', 'pool', 'tokens', 'fee', 'balances', args.excluded ? 'reason' : ''], rows)}\n`)
            process.stdout.write(`${u.tradable.length} tradable, ${u.excluded.length} excluded (chain ${u.chainId})\n`)
          } finally {
            await store.close()
          }
        },
      )
      .command(
        'manifest',
        'Write a manifest whose pools are the tradable discovered pools (for arb backtest --manifest)',
        (b) =>
          b
            .option('chain-id', { type: 'number', default: 1, describe: 'chain of the universe' })
            .option('base', { type: 'string', describe: 'manifest to take venues, Aave and executor from (default: the mainnet profile on chain 1, else data/devnet/manifest.json)' })
            .option('out', { type: 'string', demandOption: true, describe: 'manifest file to write' })
            .option('db', dbOption),
        async (args) => {
          const store = await openStoreArg(args.db, true)
          try {
            const base = await manifestFor(args['chain-id'], args.base)
            const manifest = universeManifest(base, await readUniverse(store, args['chain-id']))
            await writeManifest(args.out, manifest)
            process.stdout.write(`wrote ${args.out}: ${manifest.pools.length} pools, ${Object.keys(manifest.tokens).length} tokens\n`)
          } finally {
            await store.close()
          }
        },
      )
      .command(
        'screen',
        'Screen the tokens of discovered pools by simulated transfers on a fork: fee-on-transfer, rebasing, reverting transfers',
        (b) =>
          b
            .option('rpc-url', { type: 'string', demandOption: true, describe: 'JSON-RPC node of the chain to fork (an archive for old blocks); never stored or printed' })
            .option('block', { type: 'string', describe: 'block to fork (default: the block discovery read balances at)' })
            .option('rescreen', { type: 'boolean', default: false, describe: 'screen tokens that already have a verdict again' })
            .option('all', { type: 'boolean', default: false, describe: 'tokens of every pool, not only of liquid ones' })
            .option('db', dbOption),
        async (args) => {
          const block = blockArg('--block', args.block)
          const store = await openStoreArg(args.db)
          try {
            const counts = { ok: 0, flagged: 0, unscreened: 0 }
            const verdicts = await screenTokens({
              store,
              rpcUrl: args['rpc-url'],
              ...(block !== undefined ? { block } : {}),
              rescreen: args.rescreen,
              liquidOnly: !args.all,
              onToken: (token, v) => {
                counts[v.status]++
                if (v.status !== 'ok') process.stdout.write(`${token} ${v.status}${v.status === 'flagged' ? ` ${v.reason}` : ''}: ${v.detail}\n`)
              },
            })
            process.stdout.write(`screened ${verdicts.size} tokens: ${counts.ok} ok, ${counts.flagged} flagged, ${counts.unscreened} not screenable\n`)
          } finally {
            await store.close()
          }
        },
      )
      .demandCommand(1, 'Name a pools action: discover, list, screen or manifest.'),
  )
}
