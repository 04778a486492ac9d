-- Net P&L per strategy and start token for one run, in base units (HUGEINT) and whole tokens.
-- Failed transactions count their gas. Set the run id in the first line.
SET VARIABLE run_id = 'r20250101-000000-abcdef';
WITH tokens AS (
  SELECT lower(t.value ->> 'address') AS token_in, t.key AS symbol, CAST(t.value ->> 'decimals' AS INTEGER) AS decimals
  FROM runs r, json_each(r.manifest_json -> 'tokens') t
  WHERE r.run_id = getvariable('run_id')
)
SELECT o.strategy, coalesce(t.symbol, o.token_in) AS token, count(*) AS trades,
       count(*) FILTER (WHERE e.success) AS ok,
       sum(e.realized_profit) AS gross, sum(e.gas_cost_token) AS gas, sum(e.flash_fee) AS flash_fees, sum(e.net_profit) AS net,
       sum(e.net_profit) / power(10, any_value(t.decimals)) AS net_tokens
FROM executions e JOIN opportunities o USING (run_id, opportunity_id) LEFT JOIN tokens t ON lower(o.token_in) = t.token_in
WHERE e.run_id = getvariable('run_id')
GROUP BY ALL ORDER BY token, net DESC;
