/**
 * The fee a V4 swap charges, in pips: the LP fee alone, or with a protocol fee `ProtocolFeeLibrary.calculateSwapFee`
 * (protocolFee + lpFee − protocolFee·lpFee / 1e6, rounded down). slot0's protocolFee holds 12 bits per direction:
 * the low bits for zeroForOne swaps, the high bits for oneForZero.
 */
export function v4SwapFee(lpFee: number, protocolFee: number, zeroForOne: boolean): number {
  const protocol = zeroForOne ? protocolFee % 4096 : protocolFee >> 12
  if (protocol === 0) return lpFee
  return protocol + lpFee - Math.floor((protocol * lpFee) / 1_000_000)
}
