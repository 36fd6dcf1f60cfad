-- Up Migration

-- budget: amounts in öre (the events' unit since BudgetProposed v3 / BudgetAdopted v2). Rows already
-- projected hold whole kronor, so they are converted in place and the projection's position stays valid.
-- numeric: a total of many frames is exact at any size; the API hands these columns out as strings.
ALTER TABLE rm_budget RENAME COLUMN total_frames_sek TO total_frames_ore;
ALTER TABLE rm_budget ALTER COLUMN total_frames_ore TYPE numeric(40, 0) USING total_frames_ore::numeric * 100;

ALTER TABLE rm_budget_frames RENAME COLUMN amount_sek TO amount_ore;
ALTER TABLE rm_budget_frames ALTER COLUMN amount_ore TYPE numeric(40, 0) USING amount_ore::numeric * 100;

ALTER TABLE rm_budget_plan_years RENAME COLUMN tax_revenue_sek TO tax_revenue_ore;
ALTER TABLE rm_budget_plan_years RENAME COLUMN net_cost_sek TO net_cost_ore;
ALTER TABLE rm_budget_plan_years RENAME COLUMN result_sek TO result_ore;
ALTER TABLE rm_budget_plan_years
  ALTER COLUMN tax_revenue_ore TYPE numeric(40, 0) USING tax_revenue_ore::numeric * 100,
  ALTER COLUMN net_cost_ore TYPE numeric(40, 0) USING net_cost_ore::numeric * 100,
  ALTER COLUMN result_ore TYPE numeric(40, 0) USING result_ore::numeric * 100;
