-- Level-change contract v1.5: a facility's min/max stock in doses from its target population (ISA), which judge
-- below-min/above-max and redistribution instead of months × AMC when present (docs/domain-rules.md §6).
ALTER TABLE product_level ADD COLUMN min_stock BIGINT;
ALTER TABLE product_level ADD COLUMN max_stock BIGINT;
