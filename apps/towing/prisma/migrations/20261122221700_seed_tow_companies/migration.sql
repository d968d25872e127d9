-- Reference data: the demo tow companies and the states each one serves. Dispatch picks the company
-- for a loss location's state from this table (a state nobody serves leaves the job UNASSIGNED).
-- The ids are the party ids tow operators act for (libs/contracts DEMO_PERSONAS: dave T-01, erin T-02).
INSERT INTO "tow_companies" ("id", "name", "service_states") VALUES
  ('T-01', 'Lone Star Towing', ARRAY['TX', 'OK', 'LA', 'NM']),
  ('T-02', 'Golden State Recovery', ARRAY['CA', 'NV', 'AZ', 'OR']);
