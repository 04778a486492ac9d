import { encodeDeployData, getContractAddress, type Abi, type Address, type Hex } from 'viem'
import type { RpcClient } from '../chain/createRpcClient.js'
import { ReceiptTimeoutError, waitForReceipts } from '../chain/waitForReceipt.js'
import { DevnetError } from '../errors/DevnetError.js'

/**
 * The JSON-RPC access a deployment needs: an Anvil from `startAnvil`, or any node through the engine's
 * transport (`createRpcClient`).
 */
export type DevnetRpc = { readonly rpcUrl: string } & Pick<RpcClient, 'request' | 'batch'>

/** Sends a deployer's transactions back to back and checks them in batches. */
export type TxSender = {
  readonly from: Address
  /** Nonce the next transaction will use. */
  nonce(): number
  /** Sends a contract creation and returns the address it will have (from the sender's nonce). */
  deploy(label: string, args: { abi: Abi; bytecode: Hex; args?: readonly unknown[]; gas?: bigint }): Promise<Address>
  /** Sends a call. */
  send(label: string, to: Address, data: Hex, options?: { value?: bigint; gas?: bigint }): Promise<Hex>
  /** Waits until every transaction sent so far is mined; throws DevnetError naming the first that reverted. */
  flush(): Promise<void>
  /** `eth_call` at the latest block after `flush()`. */
  read(to: Address, data: Hex): Promise<Hex>
}

const DEFAULT_GAS = 12_000_000n

/**
 * Creates a sender for an unlocked (or impersonated) account on an automining node. Each transaction
 * gets an explicit nonce and gas limit, so nothing is estimated and no receipt is awaited between
 * sends; `flush()` fetches all outstanding receipts in one JSON-RPC batch.
 *
 * @example
 * const tx = await createTxSender(anvil, deployer)
 * const weth = await tx.deploy('WETH9', { abi, bytecode })
 * await tx.flush()
 */
export async function createTxSender(rpc: DevnetRpc, from: Address): Promise<TxSender> {
  let next = Number(BigInt(await rpc.request<Hex>('eth_getTransactionCount', [from, 'pending'])))
  let pending: { label: string; hash: Hex }[] = []

  const submit = async (label: string, tx: Record<string, unknown>): Promise<Hex> => {
    const nonce = next++
    let hash: Hex
    try {
      hash = await rpc.request<Hex>('eth_sendTransaction', [{ from, nonce: `0x${nonce.toString(16)}`, ...tx }])
    } catch (cause) {
      throw new DevnetError(`Deployment step "${label}" was refused by the node`, { step: label, cause })
    }
    pending.push({ label, hash })
    return hash
  }

  const flush = async () => {
    if (pending.length === 0) return
    const sent = pending
    pending = []
    let receipts
    try {
      receipts = await waitForReceipts(rpc, sent.map((p) => p.hash), { timeoutMs: 60_000 })
    } catch (cause) {
      if (!(cause instanceof ReceiptTimeoutError)) {
        throw new DevnetError('The node stopped answering during deployment', { step: 'receipts', cause, retryable: true })
      }
      throw new DevnetError(`Deployment transactions were not mined within 60 s (is automine off?)`, { step: sent[0]!.label, details: cause.shortMessage, cause })
    }
    const failed = receipts.findIndex((r) => r.status !== '0x1')
    if (failed >= 0) {
      const p = sent[failed]!
      throw new DevnetError(`Deployment step "${p.label}" reverted`, { step: p.label, details: `tx ${p.hash}, gas used ${BigInt(receipts[failed]!.gasUsed)}` })
    }
  }

  return {
    from,
    nonce: () => next,
    async deploy(label, { abi, bytecode, args, gas }) {
      const address = getContractAddress({ from, nonce: BigInt(next) }).toLowerCase() as Address
      const data = args && args.length > 0 ? encodeDeployData({ abi, bytecode, args }) : bytecode
      await submit(label, { data, gas: `0x${(gas ?? DEFAULT_GAS).toString(16)}` })
      return address
    },
    send(label, to, data, options = {}) {
      return submit(label, {
        to,
        data,
        gas: `0x${(options.gas ?? DEFAULT_GAS).toString(16)}`,
        ...(options.value ? { value: `0x${options.value.toString(16)}` } : {}),
      })
    },
    flush,
    async read(to, data) {
      await flush()
      return rpc.request<Hex>('eth_call', [{ to, data }, 'latest'])
    },
  }
}
