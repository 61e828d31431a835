import { MemoryStorage } from 'botbuilder';
import { AuditLog, SYSTEM_ACTOR } from '../../../src/approvals/auditLog';
import { FileStorage } from '../../../src/store/fileStorage';
import { tempStorage } from './fixtures';

const MEGAN = { aadObjectId: '22222222-2222-4222-8222-222222222222', name: 'Megan Bowen' };

describe('AuditLog', () => {
  it('numbers entries in order, stamps them, and lists the newest first', async () => {
    let now = new Date('2026-03-01T09:00:00Z');
    const log = new AuditLog(new MemoryStorage(), () => now);
    await log.append({ event: 'requested', actor: MEGAN, what: 'first' });
    now = new Date('2026-03-01T09:05:00Z');
    await log.append({ event: 'approved', actor: MEGAN, what: 'second', correlationId: 'c-1' });
    await log.append({ event: 'expired', actor: SYSTEM_ACTOR, what: 'third' });
    expect(await log.last(2)).toEqual([
      { seq: 2, at: '2026-03-01T09:05:00.000Z', event: 'expired', actor: SYSTEM_ACTOR, what: 'third' },
      { seq: 1, at: '2026-03-01T09:05:00.000Z', event: 'approved', actor: MEGAN, what: 'second', correlationId: 'c-1' },
    ]);
    expect((await log.last(10)).map((e) => e.what)).toEqual(['third', 'second', 'first']);
    expect(await log.last(0)).toEqual([]);
  });

  it('an empty trail has no entries', async () => {
    expect(await new AuditLog(new MemoryStorage()).last(5)).toEqual([]);
  });

  it('gives 200 concurrent appends 200 distinct, contiguous numbers and loses none', async () => {
    const log = new AuditLog(tempStorage().storage);
    const written = await Promise.all(Array.from({ length: 200 }, (_, i) => log.append({ event: 'refused', actor: MEGAN, what: `click ${i}` })));
    const seqs = written.map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const read = await log.last(200);
    expect(new Set(read.map((e) => e.what)).size).toBe(200);
  });

  it('survives a restart: a new log on the same directory continues the sequence', async () => {
    const { dir } = tempStorage();
    const before = new AuditLog(new FileStorage(dir));
    await before.append({ event: 'requested', actor: MEGAN, what: 'before restart' });
    const after = new AuditLog(new FileStorage(dir));
    const entry = await after.append({ event: 'approved', actor: MEGAN, what: 'after restart' });
    expect(entry.seq).toBe(1);
    expect((await after.last(5)).map((e) => e.what)).toEqual(['after restart', 'before restart']);
  });

  it('skips a gap left by a crash between numbering and writing', async () => {
    const storage = new MemoryStorage();
    const log = new AuditLog(storage);
    await log.append({ event: 'requested', actor: MEGAN, what: 'a' });
    await storage.write({ 'audit/head': { next: 3 } }); // number 1 and 2 allocated, entries never written
    await log.append({ event: 'approved', actor: MEGAN, what: 'b' });
    expect((await log.last(5)).map((e) => `${e.seq}:${e.what}`)).toEqual(['3:b', '0:a']);
  });
});
