-- Why opportunities were dropped, per strategy, with one example detail each.
SET VARIABLE run_id = 'r20250101-000000-abcdef';
SELECT o.strategy, r.reason, count(*) AS n,
       round(100.0 * count(*) / sum(count(*)) OVER (PARTITION BY o.strategy), 1) AS pct_of_strategy,
       any_value(r.detail) AS example
FROM rejections r JOIN opportunities o USING (run_id, opportunity_id)
WHERE r.run_id = getvariable('run_id')
GROUP BY o.strategy, r.reason ORDER BY o.strategy, n DESC;
