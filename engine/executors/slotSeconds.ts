/**
 * Seconds between blocks the engine assumes for the block a trade would be mined in: mainnet's 12-second slots.
 * Fork replays pin it (gas can depend on the timestamp, e.g. a V2 pair's oracle update) and live simulations run
 * in the head's timestamp plus this.
 */
export const SLOT_SECONDS = 12n
