"""Building blocks of pages: map, charts, tables, controls; never import pages or callbacks."""
