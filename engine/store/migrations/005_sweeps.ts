import type { Migration } from './Migration.js'

/**
 * Parameter sweeps (`arb sweep`): `sweeps` holds one row per grid run over one source, `sweep_runs` one row
 * per grid point with the run that scored it, so an interrupted sweep resumes without redoing finished points.
 */
export const migration005: Migration = {
  version: 5,
  name: 'sweeps',
  sql: `
CREATE TABLE sweeps (
  sweep_id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  grid_json VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  points INTEGER NOT NULL,
  created_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  status VARCHAR NOT NULL CHECK (status IN ('running', 'completed', 'interrupted', 'failed'))
);
CREATE TABLE sweep_runs (
  sweep_id VARCHAR NOT NULL,
  point INTEGER NOT NULL,
  params_json VARCHAR NOT NULL,
  config_hash VARCHAR NOT NULL,
  run_id VARCHAR,
  status VARCHAR NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'interrupted', 'failed')),
  error VARCHAR,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (sweep_id, point)
);`,
}
