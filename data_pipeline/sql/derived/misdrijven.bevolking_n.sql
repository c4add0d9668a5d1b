-- Implied population behind CBS's own rates: count / rate × base. Used as the denominator
-- for aggregation and z-scores; the published rate stays the value at its own level.
INSERT INTO core_observation
SELECT 'misdrijven.bevolking_n', n.region_code, n.year, n.value / r.value * 1000, 'ok'
FROM core_observation n
JOIN core_observation r USING (region_code, year)
WHERE n.measure = 'misdrijven.totaal_n' AND r.measure = 'misdrijven.per_1000'
  AND r.value > 0 AND n.value > 0;
