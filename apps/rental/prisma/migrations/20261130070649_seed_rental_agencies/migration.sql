-- Reference data: the demo rental agency and the states it serves. A reservation goes to the agency
-- serving the loss location's state (a state nobody serves leaves it REQUESTED without an agency).
-- The id is the party id rental agents act for (libs/contracts DEMO_PERSONAS: heidi R-01).
INSERT INTO "rental_agencies" ("id", "name", "service_states") VALUES
  ('R-01', 'Hill Country Rentals', ARRAY['TX', 'OK', 'LA', 'NM']);
