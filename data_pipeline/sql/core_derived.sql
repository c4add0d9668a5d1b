-- Derived measures, each from CBS figures only (inserted into core_observation).
-- Implied population behind CBS's own rates: count / rate × base. Used as the denominator
-- for aggregation and z-scores; the published rate stays the value at its own level.
INSERT INTO core_observation
SELECT 'verdachten.bevolking_n', n.region_code, n.year, n.value / r.value * 10000, 'ok'
FROM core_observation n
JOIN core_observation r USING (region_code, year)
WHERE n.measure = 'verdachten.totaal_n' AND r.measure = 'verdachten.totaal_per_10k'
  AND r.value > 0 AND n.value > 0;

INSERT INTO core_observation
SELECT 'misdrijven.bevolking_n', n.region_code, n.year, n.value / r.value * 1000, 'ok'
FROM core_observation n
JOIN core_observation r USING (region_code, year)
WHERE n.measure = 'misdrijven.totaal_n' AND r.measure = 'misdrijven.per_1000'
  AND r.value > 0 AND n.value > 0;

-- Income per inhabitant in euro (CBS publishes × 1.000 euro).
INSERT INTO core_observation
SELECT 'kwb.inkomen_per_inwoner_eur', region_code, year, value * 1000, status
FROM core_observation WHERE measure = 'kwb.inkomen_per_inwoner_keur';

-- Inhabitants: gemeenten from Gebieden in Nederland (2023, 2024), other levels from KWB 2024.
INSERT INTO core_observation
SELECT 'bevolking.inwoners_n', region_code, year, value, status
FROM core_observation
WHERE measure = 'gebieden.inwoners_n'
   OR (measure = 'kwb.inwoners_n' AND region_code NOT LIKE 'GM%');

-- Establishments: gemeenten and larger from 81575NED, wijken and buurten from KWB 2024.
INSERT INTO core_observation
SELECT 'vestigingen.totaal_n', region_code, year, value, status
FROM core_observation
WHERE measure = 'vestigingen.totaal_n_81575'
   OR (measure = 'kwb.vestigingen_n' AND (region_code LIKE 'WK%' OR region_code LIKE 'BU%'));

-- Dwellings by owner, one series per measure: 82900NED (2012 onwards) and, for the years
-- before it starts, the older 71446NED (a different series: indicators mark the break).
-- Wijken and buurten: KWB 2024's whole-percent share × its dwelling stock.
INSERT INTO core_observation
SELECT 'vastgoed.voorraad_n', region_code, year, value, status
FROM core_observation WHERE measure = 'eigendom.voorraad_n'
UNION ALL
SELECT 'vastgoed.voorraad_n', region_code, year, value, status
FROM core_observation WHERE measure = 'eigendom2006.voorraad_n'
  AND year < (SELECT min(year) FROM core_observation WHERE measure = 'eigendom.voorraad_n')
UNION ALL
SELECT 'vastgoed.voorraad_n', region_code, year, value, status
FROM core_observation WHERE measure = 'kwb.woningvoorraad_n'
  AND (region_code LIKE 'WK%' OR region_code LIKE 'BU%');

INSERT INTO core_observation
SELECT 'vastgoed.overige_verhuurders_n', region_code, year, value, status
FROM core_observation WHERE measure = 'eigendom.overige_verhuurders_n'
UNION ALL
SELECT 'vastgoed.overige_verhuurders_n', region_code, year, value, status
FROM core_observation WHERE measure = 'eigendom2006.overige_verhuurders_n'
  AND year < (SELECT min(year) FROM core_observation WHERE measure = 'eigendom.voorraad_n')
UNION ALL
SELECT 'vastgoed.overige_verhuurders_n', p.region_code, p.year, p.value * w.value / 100,
       CASE WHEN w.value IS NULL AND p.status = 'ok' THEN w.status ELSE p.status END
FROM core_observation p
LEFT JOIN core_observation w
  ON w.measure = 'kwb.woningvoorraad_n' AND w.region_code = p.region_code AND w.year = p.year
WHERE p.measure = 'kwb.overige_verhuurders_pct'
  AND (p.region_code LIKE 'WK%' OR p.region_code LIKE 'BU%');

INSERT INTO core_observation
SELECT 'vastgoed.eigendom_onbekend_n', region_code, year, value, status
FROM core_observation WHERE measure = 'eigendom.onbekend_n'
UNION ALL
SELECT 'vastgoed.eigendom_onbekend_n', region_code, year, value, status
FROM core_observation WHERE measure = 'eigendom2006.onbekend_n'
  AND year < (SELECT min(year) FROM core_observation WHERE measure = 'eigendom.voorraad_n');
