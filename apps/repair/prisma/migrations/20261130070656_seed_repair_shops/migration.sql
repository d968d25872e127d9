-- Reference data: the partner collision shops repair opens orders for (docs/saga.md "Reference
-- data"). The ids are the party ids shops act for (libs/contracts DEMO_PERSONAS: frank S-01,
-- grace S-02). A VehicleDelivered naming any other shop is dead-lettered.
INSERT INTO "repair_shops" ("id", "name") VALUES
  ('S-01', 'Lone Star Collision'),
  ('S-02', 'Alamo Auto Body');
