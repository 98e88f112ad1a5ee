-- A facility's annual target population for routine immunisation (surviving infants of its catchment), from the
-- facility reference event (contract v1.4): its need and max stock by the immunisation schedule (dashboard, docs/domain-rules.md §5).
ALTER TABLE facility ADD COLUMN target_population INTEGER;
