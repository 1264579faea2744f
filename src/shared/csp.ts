/**
 * The renderer's Content Security Policy, the same under Electron (a meta tag in the built page)
 * and in browser mode (also sent as a header): only the app's own scripts, styles and API.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "object-src 'none'",
].join('; ')
