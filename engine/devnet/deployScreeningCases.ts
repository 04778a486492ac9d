import { encodeFunctionData, parseAbi, type Address } from 'viem'
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
