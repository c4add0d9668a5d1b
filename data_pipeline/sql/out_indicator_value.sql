-- out_indicator_value: what the dashboard and the exports read — every indicator value with
-- its area's name, level and gemeente and its class in words (one join, here, not per query).
CREATE OR REPLACE VIEW out_indicator_value AS
SELECT v.*, r.name, r.gemeente_code, k.label AS klasse_label
FROM indicator_value v
JOIN region r ON r.code = v.region_code
LEFT JOIN klasse k ON k.klasse = v.klasse;
