-- Establishments: gemeenten and larger from 81575NED, wijken and buurten from KWB 2024.
INSERT INTO core_observation
SELECT 'vestigingen.totaal_n', region_code, year, value, status
FROM core_observation
WHERE measure = 'vestigingen.totaal_n_81575'
   OR (measure = 'kwb.vestigingen_n' AND (region_code LIKE 'WK%' OR region_code LIKE 'BU%'));
