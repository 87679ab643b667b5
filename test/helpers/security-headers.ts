/**
 * The security headers src/app.ts sets on every response, checked as a list of problems (empty = fine) so a sweep
 * can report every offending route at once.
 */
export function securityHeaderProblems(res: Response): string[] {
  const problems: string[] = [];
  const csp = res.headers.get('content-security-policy');
  if (!csp) return ['no Content-Security-Policy'];
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
  const want = (cond: boolean, what: string) => {
    if (!cond) problems.push(what);
  };
  want(directives['default-src']?.join(' ') === "'self'", `default-src is ${directives['default-src']?.join(' ')}`);
  want(directives['script-src']?.[0] === "'self'" && /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(directives['script-src']?.[1] ?? '') && directives['script-src']?.length === 2, `script-src is ${directives['script-src']?.join(' ')}`);
  want(directives['style-src']?.join(' ') === "'self'", 'style-src is not self only');
  want(!/unsafe-inline|unsafe-eval|\*/.test(csp), 'unsafe-inline, unsafe-eval or * in the CSP');
  want(directives['object-src']?.join(' ') === "'none'", 'object-src is not none');
  want(directives['base-uri']?.join(' ') === "'none'", 'base-uri is not none');
  want(directives['frame-ancestors']?.join(' ') === "'none'", 'frame-ancestors is not none');
  want(directives['form-action']?.join(' ') === "'self'", 'form-action is not self');
  want(res.headers.get('x-content-type-options') === 'nosniff', 'no X-Content-Type-Options: nosniff');
  want(res.headers.get('x-frame-options') === 'DENY', 'no X-Frame-Options: DENY');
  want(res.headers.get('referrer-policy') === 'strict-origin-when-cross-origin', 'wrong Referrer-Policy');
  want(/microphone=\(\)/.test(res.headers.get('permissions-policy') ?? ''), 'no Permissions-Policy');
  want(res.headers.get('cross-origin-opener-policy') === 'same-origin', 'no Cross-Origin-Opener-Policy: same-origin');
  want(res.headers.get('x-powered-by') === null, 'X-Powered-By present');
  want(/^[0-9a-f-]{36}$/.test(res.headers.get('x-request-id') ?? ''), 'no X-Request-Id');
  return problems;
}
