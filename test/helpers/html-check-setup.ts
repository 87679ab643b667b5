import { afterAll } from 'vitest';
import { visitedPages } from './html-check';

// After each browser test file: every page its browsers loaded must be valid HTML (one Java run per file).
afterAll(async () => {
  await visitedPages.expectValid();
}, 60_000);
