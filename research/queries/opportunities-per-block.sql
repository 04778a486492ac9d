-- Opportunities and executions per block (every processed block, including empty ones).
SET VARIABLE run_id = 'r20250101-000000-abcdef';
SELECT b.block_number, to_timestamp(b.block_timestamp) AS block_time, b.base_fee,
       count(DISTINCT o.opportunity_id) AS opportunities, count(DISTINCT e.opportunity_id) FILTER (WHERE e.success) AS executed
FROM blocks b
LEFT JOIN opportunities o ON o.run_id = b.run_id AND o.block_number = b.block_number
LEFT JOIN executions e ON e.run_id = o.run_id AND e.opportunity_id = o.opportunity_id
WHERE b.run_id = getvariable('run_id')
GROUP BY ALL ORDER BY b.block_number;
