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
