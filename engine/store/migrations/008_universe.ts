import type { Migration } from './Migration.js'

/**
 * The discovered market (`arb pools discover`, `arb pools screen`): one row per pool found in a factory's
 * creation events, one row per token with its metadata and screening verdict, and one cursor per event
 * emitter so discovery resumes after the last block it read. Keyed by chain id, not by run: a universe
 * outlives runs. Balances are HUGEINT base units; see engine/store/SCHEMA.md. Also `executions.flash_source`: the
 * lender a flash-mode trade borrowed from.
 */
export const migration008: Migration = {
  version: 8,
  name: 'universe',
  sql: `
CREATE TABLE pools (
  chain_id        BIGINT    NOT NULL,
  pool_id         VARCHAR   NOT NULL,
  venue           VARCHAR   NOT NULL,
  kind            VARCHAR   NOT NULL CHECK (kind IN ('v2', 'v3', 'v4', 'balancer')),
  address         VARCHAR   NOT NULL,
  emitter         VARCHAR   NOT NULL,
  created_block   UBIGINT   NOT NULL,
  created_tx      VARCHAR   NOT NULL,
  token0          VARCHAR   NOT NULL,
  token1          VARCHAR   NOT NULL,
  tokens_json     VARCHAR   NOT NULL,
  fee             INTEGER,
  tick_spacing    INTEGER,
  hooks           VARCHAR,
  pool_type       VARCHAR,
  balance0        HUGEINT,
  balance1        HUGEINT,
  balances_json   VARCHAR,
  liquidity_block UBIGINT,
  liquid          BOOLEAN,
  excluded_reason VARCHAR,
  discovered_at   TIMESTAMP NOT NULL,
  PRIMARY KEY (chain_id, pool_id)
);
CREATE TABLE tokens (
  chain_id         BIGINT    NOT NULL,
  address          VARCHAR   NOT NULL,
  symbol           VARCHAR,
  name             VARCHAR,
  decimals         INTEGER,
  screen_status    VARCHAR   NOT NULL CHECK (screen_status IN ('unscreened', 'ok', 'flagged')),
  screen_reason    VARCHAR,
  screen_detail    VARCHAR,
  transfer_tax_bps INTEGER,
  screened_block   UBIGINT,
  screened_at      TIMESTAMP,
  PRIMARY KEY (chain_id, address)
);
ALTER TABLE executions ADD COLUMN flash_source VARCHAR;
CREATE TABLE discovery_cursors (
  chain_id   BIGINT    NOT NULL,
  emitter    VARCHAR   NOT NULL,
  venue      VARCHAR   NOT NULL,
  next_block UBIGINT   NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (chain_id, emitter)
);`,
}
