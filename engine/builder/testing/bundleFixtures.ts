import { concat, type Address, type Hex } from 'viem'
import { mnemonicToAccount, type HDAccount } from 'viem/accounts'
import { DEFAULT_MNEMONIC, type Anvil } from '../../chain/startAnvil.js'
import { waitForReceipt } from '../../chain/waitForReceipt.js'

/**
 * A "first one wins" contract, the shape of an arbitrage: the first call sets slot 0 and forwards its value to
 * block.coinbase; any later call reverts. Two bundles calling it race for the same state.
 *   PUSH1 0 SLOAD ISZERO PUSH1 0x0b JUMPI PUSH1 0 DUP1 REVERT JUMPDEST
 *   PUSH1 1 PUSH1 0 SSTORE  (0 0 0 0 CALLVALUE COINBASE GAS CALL) STOP
 */
export const CLAIM_RUNTIME: Hex = '0x60005415600b57600080fd5b6001600055600060006000600034415af100'
/**
 * A "once per block" opportunity: the first call in a block records block.number in slot 0 and forwards its
 * value to block.coinbase; a second call in the same block reverts. Whoever loses a block can win the next.
 *   PUSH1 0 SLOAD NUMBER EQ PUSH1 0x19 JUMPI NUMBER PUSH1 0 SSTORE (0 0 0 0 CALLVALUE COINBASE GAS CALL) STOP
 *   JUMPDEST PUSH1 0 DUP1 REVERT
 */
export const PER_BLOCK_RUNTIME: Hex = '0x600054431460195743600055600060006000600034415af1005b600080fd'
/** Reverts on every call: PUSH1 0 DUP1 REVERT. */
export const REVERT_RUNTIME: Hex = '0x600080fd'

/** Init code that deploys `runtime` as is. */
export function deployCode(runtime: Hex): Hex {
  const len = (runtime.length - 2) / 2
  const l = len.toString(16).padStart(2, '0')
  // PUSH1 len PUSH1 0x0c PUSH1 0 CODECOPY PUSH1 len PUSH1 0 RETURN, then the runtime
  return concat([`0x60${l}600c60003960${l}6000f3`, runtime])
}

/** The Anvil dev account `i` of the default mnemonic (funded with 10,000 ETH). */
export function devAccount(i: number): HDAccount {
  return mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: i })
}

/** Deploys `runtime` from dev account 0 (automine must be on) and returns its address. */
export async function deployRuntime(anvil: Anvil, runtime: Hex): Promise<Address> {
  const from = devAccount(0).address
  const hash = await anvil.request<Hex>('eth_sendTransaction', [{ from, data: deployCode(runtime), gas: '0x100000' }])
  const receipt = (await waitForReceipt(anvil, hash)) as Awaited<ReturnType<typeof waitForReceipt>> & { contractAddress: Address }
  if (receipt.status !== '0x1') throw new Error('deployment failed')
  return receipt.contractAddress
}

/** Signs an EIP-1559 transaction for chain 31337 (tip and max fee in wei; gas 100k unless told). */
export function signTx(
  account: HDAccount,
  tx: { nonce: number; to: Address; value?: bigint; data?: Hex; tip?: bigint; maxFee?: bigint; gas?: bigint },
): Promise<Hex> {
  return account.signTransaction({
    chainId: 31337,
    type: 'eip1559',
    nonce: tx.nonce,
    to: tx.to,
    value: tx.value ?? 0n,
    data: tx.data ?? '0x',
    gas: tx.gas ?? 100_000n,
    maxFeePerGas: tx.maxFee ?? 100_000_000_000n,
    maxPriorityFeePerGas: tx.tip ?? 0n,
  })
}
