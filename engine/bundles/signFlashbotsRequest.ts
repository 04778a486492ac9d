import { keccak256, stringToBytes } from 'viem'
import type { LocalAccount } from 'viem/accounts'

/**
 * The `X-Flashbots-Signature` header for a JSON-RPC body: `<address>:<signature>`, where the signature is an
 * EIP-191 personal message signature of the hex string keccak256(body) (the UTF-8 bytes of the exact body
 * sent). The account is the bundle *signing* key, which only identifies the searcher to builders (reputation,
 * replacement rights); it never holds funds and is never the trading key.
 *
 * @example
 * const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_sendBundle', params: [bundle] })
 * const header = await signFlashbotsRequest(body, signer) // '0xAbc…:0x5f…1b'
 */
export async function signFlashbotsRequest(body: string, account: LocalAccount): Promise<string> {
  const signature = await account.signMessage({ message: keccak256(stringToBytes(body)) })
  return `${account.address}:${signature}`
}
