-- Income per inhabitant in euro (CBS publishes × 1.000 euro).
INSERT INTO core_observation
SELECT 'kwb.inkomen_per_inwoner_eur', region_code, year, value * 1000, status
FROM core_observation WHERE measure = 'kwb.inkomen_per_inwoner_keur';
