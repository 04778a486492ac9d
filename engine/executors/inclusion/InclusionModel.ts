/**
 * Where a backtest's trade lands, relative to block N whose state the searcher simulated on:
 * - `top`: alone at the top of block N+1 — the optimistic bound (nobody else acts first);
 * - `delay`: the trade meets the world `blocks` later: the state at the end of N+K, mined in the block after;
 * - `priority`: block N+1's real transactions in their real order, ours inserted where a builder ordering by
 *   payment per gas would put it (before the first transaction paying a lower effective priority fee);
 * - `index`: block N+1's transactions, ours at a fixed position;
 * - `end`: block N+1's transactions, ours last.
 * The last three need sources whose blocks carry transactions (archives, generated scenarios).
 */
export type InclusionModel =
  | { kind: 'top' }
  | { kind: 'delay'; blocks: number }
  | { kind: 'priority' }
  | { kind: 'index'; index: number }
  | { kind: 'end' }

/** Largest K of `delay:K` and `index:K`: a day of blocks, and more transactions than a block holds. */
export const MAX_INCLUSION_K = 7_200

/** `top`, `delay:K`, `priority`, `index:K`, `end`: the form configs, the CLI and `runs.inclusion` use. */
export function formatInclusion(model: InclusionModel): string {
  switch (model.kind) {
    case 'delay':
      return `delay:${model.blocks}`
    case 'index':
      return `index:${model.index}`
    default:
      return model.kind
  }
}

/** Does the model replay the landing block's transactions (so the source's blocks must carry them)? */
export function replaysBlock(model: InclusionModel): boolean {
  return model.kind === 'priority' || model.kind === 'index' || model.kind === 'end'
}

/** Blocks after N that must exist on the source for a trade found at N to land (`top` needs none). */
export function landingLookahead(model: InclusionModel): number {
  return model.kind === 'delay' ? model.blocks : model.kind === 'top' ? 0 : 1
}
