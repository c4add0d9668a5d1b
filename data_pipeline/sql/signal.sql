-- signal: per area and year, how many risk indicators are a signal (each indicator at its
-- latest year <= the year), and which. The rule itself is indicator_value.is_signal, written by
-- the engine (data_pipeline.stats.is_signal): TRUE a signal, FALSE tested without one, NULL
-- not tested (no risk indicator, or no outcome).
--
-- Comparable counts: every area is counted over the SAME set of indicators as the other areas
-- it is compared with. The comparison group is all gemeenten (level gemeente), or the wijken
-- / buurten of one gemeente; its set is the risk indicators with an outcome for at least 90%
-- of the group's areas. An outcome is a value or 'te kleine aantallen' (tested, no signal).
--   n_signals  signals within the set         n_set     size of the set (same for the group)
--   n_tested   set indicators with an outcome  share     n_signals / n_tested ("x van y")
--   n_signals_all, n_tested_all: the same over every risk indicator, for reference.
-- Parameters (themes.vocab): $area_levels (gemeente, wijk, buurt), $gemeente.
INSERT INTO signal  -- created from its declaration (data_pipeline/schema.py)
WITH years AS (SELECT DISTINCT year FROM indicator_value),
latest AS (
    SELECT y.year, v.indicator_id, v.region_code, v.level, v.is_signal,
           row_number() OVER (
               PARTITION BY y.year, v.indicator_id, v.region_code ORDER BY v.year DESC
           ) AS rn
    FROM years y
    JOIN indicator_value v ON v.year <= y.year AND v.is_signal IS NOT NULL
    WHERE list_contains($area_levels, v.level)
),
outcome AS (
    SELECT l.year, l.indicator_id, l.region_code, l.level,
           CASE WHEN l.level = $gemeente THEN 'NL' ELSE r.gemeente_code END AS grp,
           l.is_signal
    FROM latest l JOIN region r ON r.code = l.region_code
    WHERE l.rn = 1
),
group_size AS (
    SELECT CASE WHEN level = $gemeente THEN 'NL' ELSE gemeente_code END AS grp, level,
           count(*) AS n_areas
    FROM region WHERE list_contains($area_levels, level)
    GROUP BY ALL
),
common AS (
    SELECT o.grp, o.level, o.year, o.indicator_id
    FROM outcome o JOIN group_size g USING (grp, level)
    GROUP BY o.grp, o.level, o.year, o.indicator_id, g.n_areas
    HAVING count(*) >= 0.9 * g.n_areas
),
set_size AS (
    SELECT grp, level, year, count(*) AS n_set,
           list(indicator_id ORDER BY indicator_id) AS set_indicators
    FROM common GROUP BY ALL
),
counted AS (
    SELECT o.*, c.indicator_id IS NOT NULL AS in_set
    FROM outcome o
    LEFT JOIN common c USING (grp, level, year, indicator_id)
)
SELECT c.region_code, c.level, c.year,
       count(*) FILTER (WHERE c.in_set AND c.is_signal) AS n_signals,
       count(*) FILTER (WHERE c.in_set) AS n_tested,
       coalesce(any_value(s.n_set), 0) AS n_set,
       CASE WHEN count(*) FILTER (WHERE c.in_set) > 0
            THEN count(*) FILTER (WHERE c.in_set AND c.is_signal)
                 / count(*) FILTER (WHERE c.in_set) END AS share,
       coalesce(list(c.indicator_id ORDER BY c.indicator_id)
                FILTER (WHERE c.in_set AND c.is_signal), []) AS indicators,
       count(*) FILTER (WHERE c.is_signal) AS n_signals_all,
       count(*) AS n_tested_all,
       coalesce(any_value(s.set_indicators), []) AS set_indicators
FROM counted c
LEFT JOIN set_size s USING (grp, level, year)
GROUP BY c.region_code, c.level, c.year;
