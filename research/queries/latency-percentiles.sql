-- Detection latency (µs) per strategy and execution latency (ms) percentiles for one run.
SET VARIABLE run_id = 'r20250101-000000-abcdef';
SELECT 'detect_us' AS metric, strategy AS part, count(*) AS n,
       quantile_cont(detect_latency_us, 0.5) AS p50, quantile_cont(detect_latency_us, 0.9) AS p90,
       quantile_cont(detect_latency_us, 0.99) AS p99, max(detect_latency_us) AS max
FROM opportunities WHERE run_id = getvariable('run_id') AND detect_latency_us IS NOT NULL GROUP BY strategy
UNION ALL
SELECT 'execute_ms', CASE WHEN success THEN 'mined' ELSE 'failed' END, count(*),
       quantile_cont(latency_ms, 0.5), quantile_cont(latency_ms, 0.9), quantile_cont(latency_ms, 0.99), max(latency_ms)
FROM executions WHERE run_id = getvariable('run_id') AND latency_ms IS NOT NULL GROUP BY ALL
ORDER BY metric, part;
