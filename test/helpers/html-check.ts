import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Response } from 'playwright-core';

/** The Nu Html Checker shipped by the `vnu-jar` package; it needs a Java runtime (`java`, Debian: default-jre-headless). */
export const VNU_JAR = resolve(import.meta.dirname, '../../node_modules/vnu-jar/build/dist/vnu.jar');

export interface HtmlProblem {
  /** the page's URL (path and query) as the browser asked for it */
  url: string;
  line?: number;
  message: string;
  extract?: string;
}

interface VnuMessage {
  type: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

/**
 * Collects the HTML of every page the browser loads as a document (what the server sent, not the DOM after
 * scripts ran) and checks it all with the Nu Html Checker in one Java run. htmx fragments are not documents
 * and are not collected; redirects have no body. Identical pages are checked once.
 */
export class HtmlCollector {
  private readonly pages = new Map<string, { url: string; html: string }>();
  private readonly pending: Array<Promise<void>> = [];

  /** Watches every page of the context, now and later. */
  watch(context: BrowserContext): void {
    context.on('response', (response) => this.take(response));
  }

  private take(response: Response): void {
    const request = response.request();
    if (request.resourceType() !== 'document' || !request.isNavigationRequest()) return;
    if (response.status() >= 300 && response.status() < 400) return;
    if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) return;
    const where = new URL(response.url());
    const url = `${request.method()} ${where.pathname}${where.search}`;
    this.pending.push(
      response.text().then(
        (html) => {
          // the same page twice differs only in its CSP nonce: check it once
          const key = createHash('sha256').update(html.replace(/\bnonce="[^"]*"/g, '')).digest('hex');
          if (!this.pages.has(key)) this.pages.set(key, { url, html });
        },
        // the page was closed or navigated away before its body was read: nothing to check
        () => undefined,
      ),
    );
  }

  /** How many distinct pages have been collected so far. */
  async count(): Promise<number> {
    await Promise.all(this.pending);
    return this.pages.size;
  }

  /** Runs the checker once over everything collected; answers the errors with the URL of their page. */
  async check(): Promise<HtmlProblem[]> {
    await Promise.all(this.pending);
    if (this.pages.size === 0) return [];
    const dir = await mkdtemp(join(tmpdir(), 'vnu-'));
    try {
      const byFile = new Map<string, string>();
      const files: string[] = [];
      let n = 0;
      for (const page of this.pages.values()) {
        n += 1;
        const file = join(dir, `page-${n}.html`);
        await writeFile(file, page.html);
        files.push(file);
        byFile.set(pathToFileURL(file).href, page.url);
      }
      const output = await runVnu(files);
      const messages = (JSON.parse(output) as { messages: VnuMessage[] }).messages;
      return messages
        .filter((m) => m.type === 'error' || m.type === 'non-document-error')
        .map((m) => ({
          url: (m.url && byFile.get(m.url.replace(/^file:\/(?!\/)/, 'file:///'))) ?? m.url ?? '?',
          ...(m.lastLine !== undefined ? { line: m.lastLine } : {}),
          message: m.message,
          ...(m.extract !== undefined ? { extract: m.extract } : {}),
        }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Throws with every message (and its page) unless the checker found no error. */
  async expectValid(): Promise<void> {
    const problems = await this.check();
    if (problems.length === 0) return;
    const lines = problems.map((p) => `${p.url}${p.line ? `:${p.line}` : ''}: ${p.message}${p.extract ? `\n    ${p.extract.replace(/\s+/g, ' ')}` : ''}`);
    throw new Error(`The Nu Html Checker found ${problems.length} error(s):\n${lines.join('\n')}`);
  }
}

/** `java -jar vnu.jar --format json --errors-only …`; the JSON report arrives on stderr, exit status 1 when errors were found. */
function runVnu(files: string[]): Promise<string> {
  return new Promise((done, fail) => {
    execFile('java', ['-jar', VNU_JAR, '--format', 'json', '--errors-only', ...files], { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (stderr.trimStart().startsWith('{')) {
        done(stderr);
        return;
      }
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        fail(new Error('No `java` on PATH: the Nu Html Checker (vnu-jar) needs a Java runtime (Debian: apt-get install default-jre-headless).'));
        return;
      }
      fail(new Error(`vnu.jar did not answer with JSON (${error?.message ?? 'no error'}):\n${stderr}`));
    });
  });
}

/** The pages of the current test file (vitest runs each file in its own module graph). */
export const visitedPages = new HtmlCollector();
