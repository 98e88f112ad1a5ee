-- stock-service's predicted stock-out (level-change contract v1.4), as of recorded_at: the predicted-stock-out rule
-- ages it by the days since, so the time sweep raises the alert for a facility that went silent (rules/StockRules).
ALTER TABLE product_level ADD COLUMN days_of_stock NUMERIC(8, 1);
ALTER TABLE product_level ADD COLUMN predicted_stockout_date DATE;
CREATE INDEX product_level_predicted_stockout ON product_level (predicted_stockout_date) WHERE predicted_stockout_date IS NOT NULL;
