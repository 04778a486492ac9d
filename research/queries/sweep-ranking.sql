-- A sweep's points with their parameters and net P&L per start token (what `arb sweep` ranks).
SET VARIABLE sweep_id = 'min-profit-by-mode-0123456789ab';
SELECT sr.point, sr.params_json, sr.status, sr.run_id, sr.config_hash, o.token_in,
       count(e.opportunity_id) AS executed, count(*) FILTER (WHERE e.success) AS ok, sum(e.net_profit) AS net
FROM sweep_runs sr
LEFT JOIN executions e ON e.run_id = sr.run_id
LEFT JOIN opportunities o ON o.run_id = e.run_id AND o.opportunity_id = e.opportunity_id
WHERE sr.sweep_id = getvariable('sweep_id')
GROUP BY ALL ORDER BY net DESC NULLS LAST, sr.point;
