-- signal: per area and year, how many risk indicators (higher_is_riskier) lie significantly
-- above the national average (each indicator at its latest year <= the year), and which.
-- Indicators without a noise model (averages) count when their class is hoger/veel hoger.
CREATE OR REPLACE TABLE signal AS
WITH years AS (SELECT DISTINCT year FROM indicator_value),
latest AS (
    SELECT y.year, v.indicator_id, v.region_code, v.level, v.klasse, v.is_significant,
           i.higher_is_riskier,
           row_number() OVER (
               PARTITION BY y.year, v.indicator_id, v.region_code ORDER BY v.year DESC
           ) AS rn
    FROM years y
    JOIN indicator_value v ON v.year <= y.year AND v.value IS NOT NULL
    JOIN indicator i ON i.id = v.indicator_id
    WHERE v.level IN ('gemeente', 'wijk', 'buurt') AND i.higher_is_riskier
)
SELECT region_code, level, year,
       count(*) FILTER (WHERE is_signal) AS n_signals,
       count(*) AS n_tested,
       coalesce(list(indicator_id ORDER BY indicator_id) FILTER (WHERE is_signal), []) AS indicators
FROM (
    SELECT *,
           coalesce(is_significant, TRUE) AND klasse >= 4 AS is_signal
    FROM latest WHERE rn = 1
)
GROUP BY region_code, level, year;
