-- Dev and test profiles only (quarkus.flyway.locations); a prod build never contains this file.
-- The seeds named in API.md: merchant m_demo with API key "demo-key" (stored as its SHA-256).
-- The notify secret is random per database, so no signing secret is committed (it is sealed at start).
insert into merchant (id, name, notify_secret)
values ('m_demo', 'Demo business line', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
on conflict (id) do nothing;

insert into api_key (key_hash, merchant_id, label, key_id)
values (decode('c48a01f49fd0f2cc404bc3cbbc80e91457a3d41bb429a695243de4c61794155c', 'hex'), 'm_demo', 'demo-key (dev/test seed)',
        'key_DEMO')
on conflict (key_hash) do nothing;

-- Ops tokens named in API.md: "admin-token" (role admin), "ops-token" and "ops2-token" (role ops, two
-- different people, for two-person reviews) and "viewer-token" (role viewer).
insert into ops_token (token_hash, name, role, id)
values (decode('d9310c002af91822beb0b3487d8b04f85bf6bf1f8a5496bff7d35fc7c5a29def', 'hex'), 'ops (dev seed)', 'ops', 'opt_OPS'),
       (decode('6e36fee62593d94bba07f2bbfb44689aecb39ff745b164c23d5a48ea59428d88', 'hex'), 'ops2 (dev seed)', 'ops', 'opt_OPS2'),
       (decode('d036bd6d01a1cae081d39a2f8dab751dc042de814fd60df31fcb553170950f29', 'hex'), 'viewer (dev seed)', 'viewer', 'opt_VIEWER'),
       (decode('10a4c7c9fc5206d6f36dc6944a81bb6f4a3cb0e25014ae3b12e6c3e52712292a', 'hex'), 'admin (dev seed)', 'admin', 'opt_ADMIN')
on conflict (token_hash) do nothing;

-- Dev and test databases share one installation id, so a test run restarting the application keeps
-- its claim on the run's RabbitMQ vhost; a prod build (no db/dev) keeps the random id of V5.
update installation set id = '00000000-0000-0000-0000-00000000de70' where id <> '00000000-0000-0000-0000-00000000de70';
