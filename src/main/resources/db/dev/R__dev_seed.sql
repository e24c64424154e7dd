-- Dev and test profiles only (quarkus.flyway.locations); a prod build never contains this file.
-- The seeds named in API.md: merchant m_demo with API key "demo-key" (stored as its SHA-256).
-- The notify secret is random per database, so no signing secret is committed.
insert into merchant (id, name, notify_secret)
values ('m_demo', 'Demo business line', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
on conflict (id) do nothing;

insert into api_key (key_hash, merchant_id, label)
values (decode('c48a01f49fd0f2cc404bc3cbbc80e91457a3d41bb429a695243de4c61794155c', 'hex'), 'm_demo', 'demo-key (dev/test seed)')
on conflict (key_hash) do nothing;
