import type { Migration } from './Migration.js'

/**
 * The first schema: one row per run, per processed block, per opportunity and what became of it
 * (simulation, execution or rejection), and the promotion gates a run was judged by.
 * Token amounts are HUGEINT base units (signed: profits can be negative); see engine/store/SCHEMA.md.
 * Foreign keys are left out on purpose: DuckDB forbids updating a referenced row (runs.status changes
 * while its blocks are written) and checks them row by row on append.
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE runs (
  run_id       VARCHAR   PRIMARY KEY,
  started_at   TIMESTAMP NOT NULL,
  finished_at  TIMESTAMP,
  mode         VARCHAR   NOT NULL,
  strategies   VARCHAR   NOT NULL,
  config_json  VARCHAR   NOT NULL,
  config_hash  VARCHAR   NOT NULL,
  source       VARCHAR   NOT NULL,
  chain_id     BIGINT    NOT NULL,
  from_block   UBIGINT   NOT NULL,
  to_block     UBIGINT,
  next_block   UBIGINT   NOT NULL,
  status       VARCHAR   NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted'))
);

CREATE TABLE blocks (
  run_id          VARCHAR   NOT NULL,
  block_number    UBIGINT   NOT NULL,
  block_timestamp UBIGINT   NOT NULL,
  base_fee        HUGEINT,
  processed_at    TIMESTAMP NOT NULL,
  PRIMARY KEY (run_id, block_number)
);

CREATE TABLE opportunities (
  run_id            VARCHAR   NOT NULL,
  opportunity_id    VARCHAR   NOT NULL,
  block_number      UBIGINT   NOT NULL,
  strategy          VARCHAR   NOT NULL,
  kind              VARCHAR   NOT NULL,
  route             VARCHAR   NOT NULL,
  token_in          VARCHAR   NOT NULL,
  amount_in         HUGEINT   NOT NULL,
  expected_profit   HUGEINT   NOT NULL,
  execution_mode    VARCHAR   NOT NULL CHECK (execution_mode IN ('capital', 'flash')),
  detected_at       TIMESTAMP NOT NULL,
  detect_latency_us DOUBLE,
  PRIMARY KEY (run_id, opportunity_id)
);

CREATE TABLE simulations (
  run_id           VARCHAR NOT NULL,
  opportunity_id   VARCHAR NOT NULL,
  success          BOOLEAN NOT NULL,
  simulated_profit HUGEINT,
  gas_used         UBIGINT,
  error            VARCHAR,
  PRIMARY KEY (run_id, opportunity_id)
);

CREATE TABLE executions (
  run_id          VARCHAR NOT NULL,
  opportunity_id  VARCHAR NOT NULL,
  tx_hash         VARCHAR,
  success         BOOLEAN NOT NULL,
  realized_profit HUGEINT,
  gas_used        UBIGINT,
  gas_cost        HUGEINT,
  flash_fee       HUGEINT,
  priority_fee    HUGEINT,
  latency_ms      DOUBLE,
  error           VARCHAR,
  PRIMARY KEY (run_id, opportunity_id)
);

CREATE TABLE rejections (
  run_id         VARCHAR NOT NULL,
  opportunity_id VARCHAR NOT NULL,
  reason         VARCHAR NOT NULL,
  detail         VARCHAR,
  PRIMARY KEY (run_id, opportunity_id)
);

CREATE TABLE gate_results (
  run_id       VARCHAR   NOT NULL,
  config_hash  VARCHAR   NOT NULL,
  gate         VARCHAR   NOT NULL,
  value        DOUBLE,
  threshold    DOUBLE,
  passed       BOOLEAN   NOT NULL,
  evaluated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (run_id, gate)
);
`,
}
