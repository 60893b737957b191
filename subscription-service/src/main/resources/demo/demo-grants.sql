-- Local runs only (callwire.rte.seed-demo=true in the %local and %dev profiles; DemoSeed runs it at
-- start-up, after the migrations): the demo organization of the simulator's DemoTenant and
-- auth-service's seed, with its queues and agents registered and granted to supervisor@demo.test, so
-- that a newcomer who connects as the supervisor sees live events at once. Fixed GUIDs as in
-- io.callwire.simulator.DemoTenant; every statement may run again (ON CONFLICT DO NOTHING).
INSERT INTO entity (id, organization_id, entity_type, name, source) VALUES
    ('6f0d3c1e-0002-4000-8000-000000000001', '6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f', 'Queue', 'Sales', 'API'),
    ('6f0d3c1e-0002-4000-8000-000000000002', '6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f', 'Queue', 'Support', 'API'),
    ('6f0d3c1e-0002-4000-8000-000000000003', '6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f', 'Queue', 'Billing', 'API'),
    ('6f0d3c1e-0001-4000-8000-000000000011', '6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f', 'User', 'agent1@demo.test', 'API'),
    ('6f0d3c1e-0001-4000-8000-000000000012', '6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f', 'User', 'agent2@demo.test', 'API'),
    ('6f0d3c1e-0001-4000-8000-000000000013', '6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f', 'User', 'agent3@demo.test', 'API'),
    ('6f0d3c1e-0001-4000-8000-000000000014', '6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f', 'User', 'agent4@demo.test', 'API'),
    ('6f0d3c1e-0001-4000-8000-000000000015', '6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f', 'User', 'agent5@demo.test', 'API')
ON CONFLICT (id) DO NOTHING;

-- every event of each demo queue and agent, for the supervisor (principal USER = its GUID)
INSERT INTO permission_grant (id, organization_id, principal_type, principal, entity_type, entity_id, events)
SELECT md5('demo-grant-' || e.id)::uuid, e.organization_id, 'USER', '6f0d3c1e-0001-4000-8000-000000000002',
       e.entity_type, e.id, '{}'
FROM entity e
WHERE e.organization_id = '6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f'
  AND e.id IN ('6f0d3c1e-0002-4000-8000-000000000001', '6f0d3c1e-0002-4000-8000-000000000002',
               '6f0d3c1e-0002-4000-8000-000000000003', '6f0d3c1e-0001-4000-8000-000000000011',
               '6f0d3c1e-0001-4000-8000-000000000012', '6f0d3c1e-0001-4000-8000-000000000013',
               '6f0d3c1e-0001-4000-8000-000000000014', '6f0d3c1e-0001-4000-8000-000000000015')
ON CONFLICT (id) DO NOTHING;
