-- Inhabitants: gemeenten from Gebieden in Nederland (2023, 2024), other levels from KWB 2024.
INSERT INTO core_observation
SELECT 'bevolking.inwoners_n', region_code, year, value, status
FROM core_observation
WHERE measure = 'gebieden.inwoners_n'
   OR (measure = 'kwb.inwoners_n' AND region_code NOT LIKE 'GM%');
