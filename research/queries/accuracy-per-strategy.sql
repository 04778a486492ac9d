-- How well simulation predicted execution, per strategy: exact matches, mean absolute error (base units),
-- and accuracy 1 − Σ|realized − simulated| / Σ|simulated| (as summarizeRun computes it).
SET VARIABLE run_id = 'r20250101-000000-abcdef';
SELECT o.strategy, o.token_in, count(*) AS executed,
       count(*) FILTER (WHERE e.realized_profit = s.simulated_profit) AS exact,
       avg(abs(e.realized_profit - s.simulated_profit)) AS mean_abs_error,
       1 - sum(abs(e.realized_profit - s.simulated_profit)) / nullif(sum(abs(s.simulated_profit)), 0) AS accuracy,
       -- Strategy math vs simulation: the off-chain quote before gas and flash fee.
       avg(abs(s.simulated_profit - o.expected_profit)) AS mean_abs_quote_error
FROM executions e JOIN simulations s USING (run_id, opportunity_id) JOIN opportunities o USING (run_id, opportunity_id)
WHERE e.run_id = getvariable('run_id') AND e.success AND s.success
GROUP BY ALL ORDER BY o.strategy;
