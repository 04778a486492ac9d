/** A sized trade: input, exact route output, and gross profit (output - input, start-token base units). */
export type SizedTrade = { amountIn: bigint; amountOut: bigint; profit: bigint }
