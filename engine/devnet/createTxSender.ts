import { encodeDeployData, getContractAddress, type Abi, type Address, type Hex } from 'viem'
import { DevnetError } from '../errors/DevnetError.js'

/** The JSON-RPC access a deployment needs: an Anvil from `startAnvil`, or any node by URL. */
export type DevnetRpc = {
  readonly rpcUrl: string
  request<T = unknown>(method: string, params?: unknown[]): Promise<T>
}

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
    const deadline = Date.now() + 60_000
    while (pending.length > 0) {
      const receipts = await batch<{ status: Hex; gasUsed: Hex } | null>(
        rpc.rpcUrl,
        pending.map((p) => ['eth_getTransactionReceipt', [p.hash]]),
      )
      const left: typeof pending = []
      for (let i = 0; i < pending.length; i++) {
        const r = receipts[i]
        const p = pending[i]!
        if (!r) left.push(p)
        else if (r.status !== '0x1') {
          pending = []
          throw new DevnetError(`Deployment step "${p.label}" reverted`, { step: p.label, details: `tx ${p.hash}, gas used ${BigInt(r.gasUsed)}` })
        }
      }
      pending = left
      if (pending.length === 0) break
      if (Date.now() > deadline) {
        throw new DevnetError(`Deployment transactions were not mined within 60 s (is automine off?)`, {
          step: pending[0]!.label,
          details: `${pending.length} pending, first ${pending[0]!.hash}`,
        })
      }
      await new Promise((r) => setTimeout(r, 10))
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

/** One JSON-RPC batch request; results in call order. */
async function batch<T>(url: string, calls: [string, unknown[]][]): Promise<T[]> {
  const body = calls.map(([method, params], id) => ({ jsonrpc: '2.0', id, method, params }))
  let res: Response
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  } catch (cause) {
    throw new DevnetError('The node stopped answering during deployment', { step: 'receipts', cause, retryable: true })
  }
  const out = (await res.json()) as { id: number; result?: T; error?: { message: string } }[]
  const byId = new Map(out.map((r) => [r.id, r]))
  return calls.map((_, id) => {
    const r = byId.get(id)
    if (!r || r.error) throw new DevnetError(`eth_getTransactionReceipt failed: ${r?.error?.message ?? 'no answer'}`, { step: 'receipts' })
    return r.result as T
  })
}
