import { describe, expect, it } from 'vitest';
import { messages } from '../../../src/messages';
import { NOTIFICATION_KINDS } from '../../../src/notifications/service';

describe('notification kinds', () => {
  it('each has its wording in both languages', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const text = (messages as Record<string, { zh: string; en: unknown } | undefined>)[`notify.${kind}`];
      expect(text, kind).toBeDefined();
      expect(text!.zh.length, kind).toBeGreaterThan(0);
    }
  });
});
