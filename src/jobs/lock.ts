/**
 * A lease lock per job in job_locks: a run holds the lock until expires_at and extends it as it
 * commits chunks and as it yields (its heartbeat), so two runs never work on the same job at once,
 * and the lock of a run that died frees itself when its lease runs out (JobsConfig.leaseMs).
 */
import { and, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { jobLocks } from '../db/schema.ts';

/**
 * Takes the lock when it is free or its lease has expired; returns false when another live run
 * holds it. One statement, so two runs racing for the lock cannot both win.
 *
 * @example
 * if (!(await acquireLock(db, 'similar', crypto.randomUUID(), now, 15 * 60_000))) return;
 */
export async function acquireLock(
  db: Db,
  job: string,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + leaseMs).toISOString();
  const won = await db
    .insert(jobLocks)
    .values({ job, owner, expiresAt })
    .onConflictDoUpdate({
      target: jobLocks.job,
      set: { owner, expiresAt },
      setWhere: lte(jobLocks.expiresAt, now.toISOString()),
    })
    .returning({ owner: jobLocks.owner });
  return won.length === 1 && won[0]?.owner === owner;
}

/** Extends the lease; changes no row (and so tells the caller) when the lock was taken over. */
export function renewLease(db: Db, job: string, owner: string, now: Date, leaseMs: number) {
  return db
    .update(jobLocks)
    .set({ expiresAt: new Date(now.getTime() + leaseMs).toISOString() })
    .where(and(eq(jobLocks.job, job), eq(jobLocks.owner, owner)));
}

export async function releaseLock(db: Db, job: string, owner: string): Promise<void> {
  await db.delete(jobLocks).where(and(eq(jobLocks.job, job), eq(jobLocks.owner, owner)));
}

/** The live lock on `job`, if any (for the admin route's 409 message). */
export async function currentLock(
  db: Db,
  job: string,
  now: Date,
): Promise<{ owner: string; expiresAt: string } | undefined> {
  return db
    .select({ owner: jobLocks.owner, expiresAt: jobLocks.expiresAt })
    .from(jobLocks)
    .where(and(eq(jobLocks.job, job), sql`${jobLocks.expiresAt} > ${now.toISOString()}`))
    .get();
}

/**
 * A statement that fails, and so rolls back the D1 batch it is in (a batch is one transaction),
 * unless `owner` holds the lock on `job`: a run whose lease lapsed and was taken over cannot
 * commit one more chunk over its successor's work. The error is SQLite's "malformed JSON", raised
 * by json() on a row that only exists when the lock row is missing or another owner's; HAVING
 * keeps json() from being evaluated at all while the lock is ours.
 */
export function leaseGuard(db: Db, job: string, owner: string) {
  return db
    .select({ lost: sql`json('lease lost ' || count(*))` })
    .from(jobLocks)
    .where(and(eq(jobLocks.job, job), eq(jobLocks.owner, owner)))
    .having(sql`count(*) = 0`);
}
