-- Every completed run side by side, grouped by config hash: the same hash means the same trading decisions.
SELECT r.config_hash, r.run_id, r.source, r.strategies,
       (SELECT count(*) FROM executions e WHERE e.run_id = r.run_id) AS executed,
       (SELECT count(*) FROM executions e WHERE e.run_id = r.run_id AND e.success) AS ok,
       (SELECT sum(e.net_profit) FROM executions e WHERE e.run_id = r.run_id) AS net_all_tokens_base_units
FROM runs r WHERE r.status = 'completed'
ORDER BY r.config_hash, r.started_at;
