-- Dwellings by owner, one series per measure: 82900NED (2012 onwards) and, for the years
-- before it starts, the older 71446NED (a different series: indicators mark the break).
-- Wijken and buurten: KWB 2024's whole-percent share × its dwelling stock.
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
