import { encodeFunctionData, keccak256, parseAbi, stringToHex, type Hex } from 'viem'
import { waitForReceipt } from '../chain/waitForReceipt.js'
import type { RpcClient } from '../chain/createRpcClient.js'
import type { Address } from '../market/types.js'

/** The verdict on one token. `reason` is a code; `detail` says what was measured. */
export type ScreenVerdict =
  | { status: 'ok'; detail: string }
  | {
      status: 'flagged'
      reason: 'fee-on-transfer' | 'rebasing' | 'transfer-reverts'
      detail: string
      /** Fee-on-transfer: the tax of the first short transfer, basis points rounded up. */
      taxBps?: number
      /**
       * Fee-on-transfer: true when every transfer (out of the pool, between holders, into the pool) lost exactly
       * `floor(amount · taxBps / 10000)` and balances then held still: routes may use the token's V2 pools
       * with that tax (`engine/math/transferTax.ts`).
       */
      constantTax?: boolean
    }
  | { status: 'unscreened'; detail: string }

/** JSON-RPC access to an Anvil (impersonation, time travel, snapshots). */
export type ScreeningNode = Pick<RpcClient, 'request' | 'batch'>

const abi = parseAbi(['function balanceOf(address) view returns (uint256)', 'function transfer(address to, uint256 amount) returns (bool)'])
/** Two fresh holders, the same on every chain: nobody holds their keys. */
const FIRST = `0x${keccak256(stringToHex('alphapulse.screening.first')).slice(26)}` as Address
const SECOND = `0x${keccak256(stringToHex('alphapulse.screening.second')).slice(26)}` as Address
/** How long balances are watched for a rebase. */
export const REBASE_WATCH_SECONDS = 86_400

/**
 * Screens `token` by simulated transfers on an Anvil (a fork of the chain at the block to judge), then
 * reverts the node to where it was:
 * 1. `holder` (a pool that holds the token) sends 1% of its balance to a fresh address. A revert flags the
 *    token `transfer-reverts`; less arriving than sent is a tax;
 * 2. that address sends everything on to a second one: a revert here is the honeypot (the pool may send, a
 *    holder may not), flagged `transfer-reverts`; a shortfall is a tax too;
 * 3. a taxed token: the second address sends half back to the pool, a third taxed transfer;
 * 4. a day passes (`evm_increaseTime`, one block): a balance that changed without a transfer is `rebasing`.
 * A tax flags `fee-on-transfer` with the first transfer's tax in bps, `constantTax` when all three transfers
 * lost exactly that share (rounded down) and balances held still.
 * A holder without balance gives 'unscreened'.
 *
 * @example
 * const verdict = await screenToken(anvil, { token, holder: pairAddress })
 */
export async function screenToken(node: ScreeningNode, args: { token: Address; holder: Address }): Promise<ScreenVerdict> {
  const { token, holder } = args
  const snapshot = await node.request<Hex>('evm_snapshot')
  try {
    const balanceOf = async (who: Address) =>
      BigInt(await node.request<Hex>('eth_call', [{ to: token, data: encodeFunctionData({ abi, functionName: 'balanceOf', args: [who] }) }, 'latest']))
    const transfer = async (from: Address, to: Address, amount: bigint): Promise<boolean> => {
      await node.request('anvil_impersonateAccount', [from])
      await node.request('anvil_setBalance', [from, '0x8ac7230489e80000'])
      const data = encodeFunctionData({ abi, functionName: 'transfer', args: [to, amount] })
      const hash = await node.request<Hex>('eth_sendTransaction', [{ from, to: token, data, gas: '0x7a120' }])
      const receipt = await waitForReceipt(node, hash)
      await node.request('anvil_stopImpersonatingAccount', [from])
      return receipt.status === '0x1'
    }

    const held = await balanceOf(holder)
    if (held === 0n) return { status: 'unscreened', detail: `the holder ${holder} has no balance to send` }
    const amount = held / 100n > 0n ? held / 100n : held
    if (!(await transfer(holder, FIRST, amount))) {
      return { status: 'flagged', reason: 'transfer-reverts', detail: `a transfer of ${amount} from the pool ${holder} reverted` }
    }
    const first = await balanceOf(FIRST)
    if (!(await transfer(FIRST, SECOND, first))) {
      return { status: 'flagged', reason: 'transfer-reverts', detail: `the pool could send, but a transfer of ${first} from a new holder reverted` }
    }
    const second = await balanceOf(SECOND)
    if (first < amount || second < first) {
      // A tax: measure a transfer back into the pool too, then whether balances hold still.
      const back = second / 2n
      const poolBefore = await balanceOf(holder)
      const sentBack = back > 0n && (await transfer(SECOND, holder, back))
      const arrived = sentBack ? (await balanceOf(holder)) - poolBefore : 0n
      const kept = await balanceOf(SECOND)
      await node.request('evm_increaseTime', [REBASE_WATCH_SECONDS])
      await node.request('evm_mine')
      const steady = (await balanceOf(SECOND)) === kept
      const legs: [bigint, bigint][] = [[amount, first], [first, second], [back, arrived]]
      const [sent, got] = first < amount ? legs[0]! : legs[1]!
      const taxBps = Number(((sent - got) * 10_000n + sent - 1n) / sent)
      return {
        status: 'flagged',
        reason: 'fee-on-transfer',
        detail: `pool -> holder: sent ${amount}, got ${first}; holder -> holder: sent ${first}, got ${second}; holder -> pool: sent ${back}, got ${arrived}${steady ? '' : `; a balance moved without a transfer in ${REBASE_WATCH_SECONDS} s`}`,
        taxBps,
        constantTax: sentBack && steady && legs.every(([s, g]) => g === s - (s * BigInt(taxBps)) / 10_000n),
      }
    }
    await node.request('evm_increaseTime', [REBASE_WATCH_SECONDS])
    await node.request('evm_mine')
    const later = await balanceOf(SECOND)
    if (later !== second || first > amount) {
      return { status: 'flagged', reason: 'rebasing', detail: `a holder's balance went from ${second} to ${later} in ${REBASE_WATCH_SECONDS} s without a transfer (received ${first} for ${amount} sent)` }
    }
    return { status: 'ok', detail: `${amount} moved pool -> holder -> holder in full; balance steady for ${REBASE_WATCH_SECONDS} s` }
  } finally {
    await node.request('evm_revert', [snapshot])
  }
}
