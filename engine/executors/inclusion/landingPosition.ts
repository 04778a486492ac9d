import type { InclusionModel } from './InclusionModel.js'

/**
 * Index our transaction takes among the landing block's `tips` (each transaction's effective priority fee per gas,
 * in block order) under a replaying model. `priority`: before the first transaction paying less per gas than
 * `ourPaymentPerGas` (ties go to the transaction that was there: it reached the builder first); `index:K`: K,
 * capped at the end; `end`: last. Pure.
 */
export function landingPosition(model: InclusionModel, tips: readonly bigint[], ourPaymentPerGas: bigint): number {
  switch (model.kind) {
    case 'priority': {
      const i = tips.findIndex((tip) => tip < ourPaymentPerGas)
      return i < 0 ? tips.length : i
    }
    case 'index':
      return Math.min(model.index, tips.length)
    case 'end':
      return tips.length
    default:
      return 0
  }
}
