import { ETagConflictError, fileNameFor } from '../../../src/store/fileStorage';
import { isETagConflict, UpdateConflictError } from '../../../src/store/storeHelpers';

describe('isETagConflict', () => {
  it('recognises conflicts from every store we use', () => {
    expect(isETagConflict(new ETagConflictError('k'))).toBe(true);
    // botbuilder MemoryStorage's exact message
    expect(isETagConflict(new Error('Storage: error writing "k" due to eTag conflict.'))).toBe(true);
    // Blob / Cosmos DB: 412 Precondition Failed
    expect(isETagConflict(Object.assign(new Error('The condition specified using HTTP conditional header(s) is not met.'), { statusCode: 412, code: 'ConditionNotMet' }))).toBe(true);
  });

  it('does not mistake other failures for a conflict', () => {
    expect(isETagConflict(new Error('ENOSPC: no space left on device'))).toBe(false);
    expect(isETagConflict(new UpdateConflictError('k', 8))).toBe(false);
    expect(isETagConflict(undefined)).toBe(false);
    expect(isETagConflict('eTag conflict')).toBe(false);
  });
});

describe('fileNameFor', () => {
  it('keeps simple keys readable and encodes everything else', () => {
    expect(fileNameFor('lease-scheduler_1')).toBe('lease-scheduler_1.json');
    expect(fileNameFor('outbox/item/a:b')).toBe('outbox%2Fitem%2Fa%3Ab.json');
    expect(fileNameFor('..')).toBe('%2E%2E.json');
  });

  it('keeps keys differing only in case apart (case-insensitive file systems)', () => {
    expect(fileNameFor('Key').toLowerCase()).not.toBe(fileNameFor('key').toLowerCase());
  });

  it('bounds the length of long keys with a hash, distinct per key', () => {
    const a = fileNameFor(`x:${'y'.repeat(500)}`);
    const b = fileNameFor(`x:${'y'.repeat(499)}z`);
    expect(a.length).toBeLessThanOrEqual(180);
    expect(a).not.toBe(b);
    expect(a).toMatch(/~[0-9a-f]{32}\.json$/);
  });

  it('refuses an empty key', () => {
    expect(() => fileNameFor('')).toThrow(/non-empty/);
  });
});
