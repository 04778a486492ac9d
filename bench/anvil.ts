// Anvil baselines: start time, anvil_reset of a fork to another block, and an eth_call round trip.
import { encodeFunctionData, parseAbi } from 'viem'
import { startAnvil } from '../engine/chain/startAnvil.js'
import { percentile, writeResult } from './writeResult.js'

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6

const startTimes: number[] = []
for (let i = 0; i < 5; i++) {
  const t0 = process.hrtime.bigint()
  const a = await startAnvil()
  startTimes.push(ms(t0))
  await a.stop()
}

const origin = await startAnvil()
await origin.request('anvil_mine', ['0x64'])
const fork = await startAnvil({ forkUrl: origin.rpcUrl, forkBlockNumber: 1n })
const resetTimes: number[] = []
for (let i = 0; i < 50; i++) {
  const t0 = process.hrtime.bigint()
  await fork.reset({ blockNumber: BigInt(1 + (i % 100)) })
  resetTimes.push(ms(t0))
}

// eth_call against a precompile-free target: balanceOf-style call to an account without code returns 0x.
const data = encodeFunctionData({ abi: parseAbi(['function balanceOf(address) view returns (uint256)']), functionName: 'balanceOf', args: ['0x0000000000000000000000000000000000000001'] })
const callTimes: number[] = []
for (let i = 0; i < 500; i++) {
  const t0 = process.hrtime.bigint()
  await origin.request('eth_call', [{ to: '0x0000000000000000000000000000000000000002', data }, 'latest'])
  callTimes.push(ms(t0))
}
await fork.stop()
await origin.stop()

const summary = (xs: number[]) => ({ n: xs.length, p50Ms: percentile(xs, 50), p95Ms: percentile(xs, 95), maxMs: Math.max(...xs) })
const results = { anvilStart: summary(startTimes), anvilReset: summary(resetTimes), ethCallRoundTrip: summary(callTimes) }
const file = writeResult('anvil', results)
console.log(JSON.stringify(results, null, 2))
console.log(`wrote ${file}`)
