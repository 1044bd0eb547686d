// Content-Security-Policy for pages and for API answers, built per request (proxy.ts). The other security
// headers are the same for every response and live in next.config.js.

export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * Pages: scripts only from this origin's files or with this request's nonce (Next.js puts it on its own
 * inline scripts when it finds it in the request's CSP header). No 'strict-dynamic': it would also run any
 * inline script that code on the page creates, and every chunk Next.js loads is a same-origin file. Styles keep
 * 'unsafe-inline': sonner injects its stylesheet as a <style> element without a nonce, and React renders
 * style attributes, which nonces cannot cover. Inline styles cannot run code, so scripts stay strict.
 */
export function pagePolicy(nonce: string, { dev = false, https = false } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}
