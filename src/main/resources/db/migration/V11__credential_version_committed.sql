-- The credentials' version as a committed value. The sequence credentials_version moves the moment a
-- change calls nextval, before that change commits: a replica polling it in between dropped its caches,
-- loaded the credentials again as they still were (a key being revoked still valid), took the new
-- version as seen and kept serving the revoked key. The poll now reads this row, which the change's
-- own transaction updates. The sequence still moves with it, for replicas of the previous version
-- during a rolling update.
create table credential_version (
    single boolean primary key default true check (single),
    version bigint not null
);
insert into credential_version (version)
select case when is_called then last_value else 0 end from credentials_version;
