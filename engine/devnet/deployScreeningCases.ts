import { encodeFunctionData, erc20Abi, parseAbi, type Address, type Hex } from 'viem'
import { uniswapV2PairAbi } from '../abi/uniswapV2Pair.js'
import { DevnetError } from '../errors/DevnetError.js'
import { sortTokens } from './computeV2PairAddress.js'
import type { DevnetRpc } from './createTxSender.js'
import type { Manifest } from './manifest.js'
import { addV2Liquidity } from './addV2Liquidity.js'
import type { TxSender } from './createTxSender.js'
import { loadArtifact } from './loadArtifact.js'

/** What a screening-case token does wrong; also the `tokens.screen_reason` screening should give it. */
export type ScreeningBehaviour = 'fee-on-transfer' | 'rebasing' | 'transfer-reverts'

/** The devnet's screening cases: symbol, behaviour, and the WETH paired with each on `uniswap-v2`. */
export const screeningCaseSpecs = [
  { symbol: 'TAX', name: 'Taxed Token (5% burn per transfer)', behaviour: 'fee-on-transfer' },
  { symbol: 'REB', name: 'Rebasing Token (+10%/year index)', behaviour: 'rebasing' },
  { symbol: 'HONEY', name: 'Honeypot Token (allowed senders only)', behaviour: 'transfer-reverts' },
] as const satisfies ReadonlyArray<{ symbol: string; name: string; behaviour: ScreeningBehaviour }>

/** WETH in each screening-case pair (the token side is 3,000× this: $1 tokens at $3,000 per ETH). */
export const SCREENING_PAIR_WETH = 100n * 10n ** 18n

const ownerAbi = parseAbi(['function mint(address to, uint256 amount)', 'function setAllowedSender(address sender, bool allowed)'])
const TAX_BPS = 500n
/** +10% a year: 0.1e18 / 31,536,000 s. */
const REBASE_RATE_PER_SECOND = 10n ** 17n / 31_536_000n

/**
 * Deploys the three tokens `arb pools screen` must flag, each in a Uniswap V2 pair with WETH (the deployer
 * must hold `3 × SCREENING_PAIR_WETH` WETH): TAX burns 5% of every transfer, REB's balances grow with time,
 * HONEY lets only allowed senders (the deployer and its pair) transfer. They are discoverable pools, never in
 * the manifest's `pools`, so runs do not route through them unless a universe includes them unscreened.
 */
export async function deployScreeningCases(tx: TxSender, args: { weth: Address; factory: Address }): Promise<Record<string, { address: Address; decimals: number; behaviour: ScreeningBehaviour; pair: Address }>> {
  const out: Record<string, { address: Address; decimals: number; behaviour: ScreeningBehaviour; pair: Address }> = {}
  const tokenAmount = SCREENING_PAIR_WETH * 3_000n
  for (const spec of screeningCaseSpecs) {
    const address =
      spec.behaviour === 'fee-on-transfer'
        ? await tx.deploy(spec.symbol, { ...loadArtifact('FeeOnTransferToken'), args: [spec.name, spec.symbol, TAX_BPS, tx.from] })
        : spec.behaviour === 'rebasing'
          ? await tx.deploy(spec.symbol, { ...loadArtifact('RebasingToken'), args: [spec.name, spec.symbol, REBASE_RATE_PER_SECOND, tx.from] })
          : await tx.deploy(spec.symbol, { ...loadArtifact('SenderRestrictedToken'), args: [spec.name, spec.symbol, tx.from] })
    // A taxed transfer into the pair loses 5%, so mint enough that the pair still gets `tokenAmount`'s worth.
    await tx.send(`mint ${spec.symbol}`, address, encodeFunctionData({ abi: ownerAbi, functionName: 'mint', args: [tx.from, tokenAmount * 2n] }), { gas: 200_000n })
    const pair = await addV2Liquidity(tx, { label: `uniswap-v2 ${spec.symbol}/WETH`, factory: args.factory, tokenA: address, tokenB: args.weth, amountA: tokenAmount, amountB: SCREENING_PAIR_WETH })
    if (spec.behaviour === 'transfer-reverts') {
      await tx.send('allow the HONEY pair to send', address, encodeFunctionData({ abi: ownerAbi, functionName: 'setAllowedSender', args: [pair, true] }), { gas: 100_000n })
    }
    out[spec.symbol] = { address, decimals: 18, behaviour: spec.behaviour, pair }
  }
  return out
}

/**
 * WETH added to the screening case's `uniswap-v2` TAX/WETH pair when TAX is made routable (600 WETH in all, about
 * $1.8M a side), and WETH in the `sushiswap` one (300): deep enough that a gap past the two 5% taxes can pay gas.
 */
const TAX_UNI_EXTRA_WETH = 500n * 10n ** 18n
const TAX_SUSHI_WETH = 300n * 10n ** 18n

/** The taxed token's transfer tax in basis points (what screening measures on TAX). */
export const TAX_TRANSFER_TAX_BPS = Number(TAX_BPS)

/**
 * Makes the taxed token routable on a deployed devnet: deepens the `uniswap-v2` TAX/WETH pair (to 600 WETH) and
 * adds a second one on `sushiswap` (300 WETH) at the same price (so a TAX cycle exists and none pays at the
 * start), and returns a manifest
 * that lists TAX with its constant `transferTaxBps` and both TAX pairs in `pools` (REB and HONEY stay out: screening
 * excludes them). Sent from the manifest's deployer (TAX's owner), which must be unlocked on the node.
 */
export async function addTaxedTokenPools(tx: TxSender, manifest: Manifest, rpc: DevnetRpc): Promise<Manifest> {
  const tax = manifest.screeningCases?.TAX
  const weth = manifest.tokens.WETH?.address
  if (!tax || !weth) throw new DevnetError('Cannot add the TAX pools: the manifest has no screeningCases.TAX or tokens.WETH', { step: 'tax-pools' })
  const extraUni = TAX_UNI_EXTRA_WETH
  const wethAmount = TAX_SUSHI_WETH
  const balance = BigInt(await rpc.request<Hex>('eth_getBalance', [tx.from, 'latest']))
  await rpc.request('anvil_setBalance', [tx.from, `0x${(balance + wethAmount + extraUni).toString(16)}`])
  await tx.send('wrap WETH for the TAX/WETH pairs', weth, encodeFunctionData({ abi: parseAbi(['function deposit() payable']), functionName: 'deposit' }), { value: wethAmount + extraUni, gas: 100_000n })
  // 3,000 TAX sent per WETH, as the first pair was seeded: the pairs receive 2,850 and keep its price.
  await tx.send('mint TAX for the TAX/WETH pairs', tax.address, encodeFunctionData({ abi: ownerAbi, functionName: 'mint', args: [tx.from, (wethAmount + extraUni) * 3_000n] }), { gas: 200_000n })
  if (extraUni > 0n) {
    const transfer = (amount: bigint) => encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [tax.pair, amount] })
    await tx.send('deepen uniswap-v2 TAX/WETH', tax.address, transfer(extraUni * 3_000n), { gas: 100_000n })
    await tx.send('deepen uniswap-v2 TAX/WETH', weth, transfer(extraUni), { gas: 100_000n })
    await tx.send('deepen uniswap-v2 TAX/WETH mint', tax.pair, encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'mint', args: [tx.from] }), { gas: 300_000n })
  }
  const sushi = await addV2Liquidity(tx, { label: 'sushiswap TAX/WETH', factory: manifest.venues.sushiswap.factory, tokenA: tax.address, tokenB: weth, amountA: wethAmount * 3_000n, amountB: wethAmount })
  await tx.flush()
  const [token0, token1] = sortTokens(tax.address, weth).map((t) => t.toLowerCase() as Address) as [Address, Address]
  return {
    ...manifest,
    tokens: { ...manifest.tokens, TAX: { address: tax.address, decimals: tax.decimals, transferTaxBps: TAX_TRANSFER_TAX_BPS } },
    pools: [
      ...manifest.pools,
      { address: tax.pair, venue: 'uniswap-v2', fee: 3000, token0, token1 },
      { address: sushi.toLowerCase() as Address, venue: 'sushiswap', fee: 3000, token0, token1 },
    ],
  }
}
