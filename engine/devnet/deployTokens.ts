import { encodeFunctionData, type Address } from 'viem'
import { testTokenAbi } from '../abi/testToken.js'
import { weth9Abi } from '../abi/weth9.js'
import type { TxSender } from './createTxSender.js'
import { devnetTokenSymbols, devnetTokens, type DevnetToken } from './devnetPlan.js'
import { loadArtifact } from './loadArtifact.js'

/**
 * Deploys the real WETH9 and one TestToken per other symbol (owner = the sender), then gives the sender
 * `amounts` of each: TestTokens are minted, WETH is wrapped from the sender's ether.
 */
export async function deployTokens(tx: TxSender, amounts: Record<DevnetToken, bigint>): Promise<Record<DevnetToken, Address>> {
  const weth9 = loadArtifact('WETH9')
  const testToken = loadArtifact('TestToken')
  const tokens = {} as Record<DevnetToken, Address>
  for (const symbol of devnetTokenSymbols) {
    tokens[symbol] =
      symbol === 'WETH'
        ? await tx.deploy('WETH9', weth9)
        : await tx.deploy(`TestToken ${symbol}`, {
            ...testToken,
            args: [devnetTokens[symbol].name, symbol, devnetTokens[symbol].decimals, tx.from],
          })
  }
  for (const symbol of devnetTokenSymbols) {
    if (symbol === 'WETH') {
      await tx.send('wrap WETH', tokens.WETH, encodeFunctionData({ abi: weth9Abi, functionName: 'deposit' }), {
        value: amounts.WETH,
        gas: 100_000n,
      })
    } else {
      const data = encodeFunctionData({ abi: testTokenAbi, functionName: 'mint', args: [tx.from, amounts[symbol]] })
      await tx.send(`mint ${symbol}`, tokens[symbol], data, { gas: 100_000n })
    }
  }
  return tokens
}
