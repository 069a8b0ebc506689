import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDb, grantApplicationRole, migrate, sqlState } from '../src/index.js';
import { withSplitRoles } from '../src/testing.js';

// Needs a real server (roles are a server's): skipped on PGlite, run by CI on PostgreSQL.
const serverUrl = process.env['DATABASE_URL'];

describe.skipIf(!serverUrl)('the application role on a real PostgreSQL', () => {
  it('may insert into the access log and the journal but never change, delete, truncate or alter them', async () => {
    await withSplitRoles(serverUrl!, 'lending', async (urls) => {
      const asMigrator = await createDb({ databaseUrl: urls.migrator, maxConnections: 1 });
      try {
        await migrate(asMigrator);
        await grantApplicationRole(asMigrator.db, new URL(urls.app).username);
      } finally {
        await asMigrator.close();
      }
      const asApp = await createDb({ databaseUrl: urls.app, maxConnections: 1 });
      try {
        const db = asApp.db;
        await db.execute(sql`insert into contact_access_log (id, borrower_id, seq, at, actor_id, actor_role, purpose, scope,
            fields, path, request_id, prev_hash, hash)
          values (gen_random_uuid(), gen_random_uuid(), 1, now(), 'ops-1', 'OPS', 'SERVICING', 'SELF_CONTACT',
            '{value}', 'borrower.contactPoints', 'r1', repeat('0', 64), repeat('a', 64))`);
        const refused = async (statement: ReturnType<typeof sql>) => {
          try {
            await db.execute(statement);
            return 'allowed';
          } catch (error) {
            return sqlState(error);
          }
        };
        // 42501: insufficient_privilege.
        expect(await refused(sql`update contact_access_log set actor_id = 'nobody'`)).toBe('42501');
        expect(await refused(sql`delete from contact_access_log`)).toBe('42501');
        expect(await refused(sql`truncate contact_access_log`)).toBe('42501');
        expect(await refused(sql`delete from postings`)).toBe('42501');
        expect(await refused(sql`alter table contact_access_log disable trigger all`)).toBe(
          '42501',
        );
        expect(
          await refused(
            sql`drop trigger contact_access_log_no_update_delete on contact_access_log`,
          ),
        ).toBe('42501');
        expect(await refused(sql`create table sneaky (id int)`)).toBe('42501');
        // It serves: ordinary tables are its to read and write.
        expect(await refused(sql`update business_date set updated_at = updated_at`)).toBe(
          'allowed',
        );
      } finally {
        await asApp.close();
      }
    });
  }, 60_000);
});
