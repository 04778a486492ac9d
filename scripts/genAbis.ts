/**
 * Generates `engine/abi/<name>.ts` — one typed `as const` ABI per contract — from the compiled artifacts
 * (npm packages and Forge's `contracts/out`), so no ABI is ever pasted by hand. Each file holds only what
 * the code needs: the functions listed below (the ones the code calls), and every event, error and the
 * constructor (decoding a log or a revert needs the whole set to behave as with the full ABI), one item per
 * line, without `internalType`. The folder is marked generated in `.gitattributes`. ERC-20 calls use
 * viem's `erc20Abi`.
 *
 * Run: `npx tsx scripts/genAbis.ts` (after `forge build`). `scripts/genAbis.test.ts` fails when the
 * committed files differ from what this would write, or when the code names a function of a contract
 * that its list leaves out (or the list names one the code never does).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Abi } from 'viem'
import type { ArtifactName } from '../engine/devnet/artifactPaths.js'
import { loadArtifact } from '../engine/devnet/loadArtifact.js'
import { repoRoot } from '../engine/devnet/repoRoot.js'

export type AbiFile = {
  file: string
  exportName: string
  artifact: ArtifactName
  what: string
  /** The functions the code calls, by name (every overload of a name is kept). */
  functions: readonly string[]
}

/** Which artifact goes to which file and export name, and which of its functions the code calls. */
export const abiFiles: readonly AbiFile[] = [
  {
    file: 'arbExecutor.ts',
    exportName: 'arbExecutorAbi',
    artifact: 'ArbExecutor',
    what: 'our arbitrage executor (contracts/src/ArbExecutor.sol)',
    functions: ['aavePool', 'execute', 'executeFlash', 'executeFlashBalancer', 'executeFlashV4', 'executors', 'owner', 'setExecutor'],
  },
  { file: 'poolStateLens.ts', exportName: 'poolStateLensAbi', artifact: 'PoolStateLens', what: 'the deployless pool-state lens (contracts/src/lens/PoolStateLens.sol)', functions: [] },
  { file: 'tickBitmapLens.ts', exportName: 'tickBitmapLensAbi', artifact: 'TickBitmapLens', what: 'the deployless tick lens (contracts/src/lens/TickBitmapLens.sol)', functions: [] },
  { file: 'testToken.ts', exportName: 'testTokenAbi', artifact: 'TestToken', what: 'the devnet ERC20 with owner-only mint (contracts/src/tokens/TestToken.sol)', functions: ['approve', 'mint'] },
  { file: 'weth9.ts', exportName: 'weth9Abi', artifact: 'WETH9', what: 'WETH9', functions: ['approve', 'balanceOf', 'decimals', 'deposit', 'symbol', 'transfer'] },
  { file: 'uniswapV2Factory.ts', exportName: 'uniswapV2FactoryAbi', artifact: 'UniswapV2Factory', what: 'the Uniswap V2 factory', functions: ['createPair', 'getPair'] },
  {
    file: 'uniswapV2Pair.ts',
    exportName: 'uniswapV2PairAbi',
    artifact: 'UniswapV2Pair',
    what: 'a Uniswap V2 pair',
    functions: ['approve', 'balanceOf', 'burn', 'decimals', 'getReserves', 'mint', 'swap', 'symbol', 'token0', 'token1', 'totalSupply', 'transfer'],
  },
  { file: 'uniswapV3Factory.ts', exportName: 'uniswapV3FactoryAbi', artifact: 'UniswapV3Factory', what: 'the Uniswap V3 factory', functions: ['getPool', 'owner'] },
  {
    file: 'uniswapV3Pool.ts',
    exportName: 'uniswapV3PoolAbi',
    artifact: 'UniswapV3Pool',
    what: 'a Uniswap V3 pool',
    functions: ['burn', 'fee', 'liquidity', 'mint', 'positions', 'slot0', 'swap', 'tickBitmap', 'tickSpacing', 'ticks', 'token0', 'token1'],
  },
  { file: 'quoterV2.ts', exportName: 'quoterV2Abi', artifact: 'QuoterV2', what: "Uniswap V3's QuoterV2", functions: ['quoteExactInputSingle'] },
  { file: 'swapRouter.ts', exportName: 'swapRouterAbi', artifact: 'SwapRouter', what: "Uniswap V3's SwapRouter", functions: ['exactInputSingle', 'multicall'] },
  {
    file: 'nonfungiblePositionManager.ts',
    exportName: 'nonfungiblePositionManagerAbi',
    artifact: 'NonfungiblePositionManager',
    what: "Uniswap V3's NonfungiblePositionManager",
    functions: ['burn', 'collect', 'createAndInitializePoolIfNecessary', 'decreaseLiquidity', 'mint', 'multicall', 'positions', 'totalSupply'],
  },
  {
    file: 'aavePool.ts',
    exportName: 'aavePoolAbi',
    artifact: 'Pool',
    what: 'the Aave V3 Pool',
    functions: ['FLASHLOAN_PREMIUM_TOTAL', 'deposit', 'getReserveData', 'initialize', 'supply'],
  },
  {
    file: 'aavePoolAddressesProvider.ts',
    exportName: 'aavePoolAddressesProviderAbi',
    artifact: 'PoolAddressesProvider',
    what: "Aave V3's PoolAddressesProvider",
    functions: ['getPool', 'getPoolConfigurator', 'setACLAdmin', 'setACLManager', 'setPoolConfiguratorImpl', 'setPoolDataProvider', 'setPoolImpl', 'setPriceOracle'],
  },
  {
    file: 'aavePoolConfigurator.ts',
    exportName: 'aavePoolConfiguratorAbi',
    artifact: 'PoolConfigurator',
    what: "Aave V3's PoolConfigurator",
    functions: ['configureReserveAsCollateral', 'initReserves', 'initialize', 'setReserveBorrowing', 'setReserveFlashLoaning', 'updateFlashloanPremiumTotal'],
  },
  { file: 'aaveAclManager.ts', exportName: 'aaveAclManagerAbi', artifact: 'ACLManager', what: "Aave V3's ACLManager", functions: ['addPoolAdmin'] },
]

/** The ABI items a generated file keeps: the listed functions, every event and error, the constructor. */
export function keptItems(abi: Abi, entry: AbiFile): Abi {
  const names = new Set(entry.functions)
  const found = new Set(abi.flatMap((item) => (item.type === 'function' && names.has(item.name) ? [item.name] : [])))
  const missing = entry.functions.filter((n) => !found.has(n))
  if (missing.length > 0) throw new Error(`${entry.artifact} has no function ${missing.join(', ')}: fix abiFiles in scripts/genAbis.ts`)
  return abi.filter((item) => (item.type === 'function' ? names.has(item.name) : true))
}

/** An ABI item as one line of JSON, without `internalType` (Solidity type names no encoder reads). */
function compact(item: unknown): string {
  return JSON.stringify(item, (key, value: unknown) => (key === 'internalType' ? undefined : value))
}

/** The text of one generated file. */
export function renderAbiFile(entry: AbiFile): string {
  const artifact = loadArtifact(entry.artifact)
  return [
    `// Generated by scripts/genAbis.ts from ${artifact.path}. Do not edit: run \`npx tsx scripts/genAbis.ts\`.`,
    '',
    `/** ABI of ${entry.what}: the functions the code calls, every event and error, the constructor. */`,
    `export const ${entry.exportName} = [`,
    ...keptItems(artifact.abi, entry).map((item) => `  ${compact(item)},`),
    '] as const',
    '',
  ].join('\n')
}

/** Every generated file: its absolute path and text. */
export function renderAbis(): { path: string; text: string }[] {
  return abiFiles.map((entry) => ({ path: join(repoRoot, 'engine/abi', entry.file), text: renderAbiFile(entry) }))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = join(repoRoot, 'engine/abi')
  mkdirSync(dir, { recursive: true })
  // The folder holds generated files only: one no longer listed is removed.
  const listed = new Set(abiFiles.map((e) => e.file))
  for (const f of readdirSync(dir)) if (f.endsWith('.ts') && !listed.has(f)) rmSync(join(dir, f))
  for (const { path, text } of renderAbis()) writeFileSync(path, text)
  process.stdout.write(`wrote ${abiFiles.length} ABI files to engine/abi\n`)
}
