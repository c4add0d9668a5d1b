-- Implied population behind CBS's own rates: count / rate × base. Used as the denominator
-- for aggregation and z-scores; the published rate stays the value at its own level.
INSERT INTO core_observation
SELECT 'verdachten.bevolking_n', n.region_code, n.year, n.value / r.value * 10000, 'ok'
FROM core_observation n
JOIN core_observation r USING (region_code, year)
WHERE n.measure = 'verdachten.totaal_n' AND r.measure = 'verdachten.totaal_per_10k'
  AND r.value > 0 AND n.value > 0;
