-- Gate results per config hash: which configurations passed every gate, latest evaluation first.
SELECT g.config_hash, g.run_id, bool_and(g.passed) AS all_passed, count(*) AS gates,
       string_agg(g.gate || '=' || coalesce(round(g.value, 4)::VARCHAR, 'null') || (CASE WHEN g.passed THEN '' ELSE ' FAIL' END), ', ' ORDER BY g.gate) AS detail,
       max(g.evaluated_at) AS evaluated_at
FROM gate_results g GROUP BY ALL ORDER BY evaluated_at DESC;
