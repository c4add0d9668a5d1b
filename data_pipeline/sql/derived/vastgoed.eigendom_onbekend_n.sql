-- Dwellings by owner, one series per measure: 82900NED (2012 onwards) and, for the years
-- before it starts, the older 71446NED (a different series: indicators mark the break).
INSERT INTO core_observation
SELECT 'vastgoed.eigendom_onbekend_n', region_code, year, value, status
FROM core_observation WHERE measure = 'eigendom.onbekend_n'
UNION ALL
SELECT 'vastgoed.eigendom_onbekend_n', region_code, year, value, status
FROM core_observation WHERE measure = 'eigendom2006.onbekend_n'
  AND year < (SELECT min(year) FROM core_observation WHERE measure = 'eigendom.voorraad_n');
