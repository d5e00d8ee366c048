/**
 * Security headers on every response, through Hono's secureHeaders with the site's policy.
 * The pages need no script at all, so the CSP allows none (a JSON-LD data block is never
 * executed and needs no allowance); styles come only from our own stylesheet, so inline styles
 * are refused too. frame-ancestors 'none' (and X-Frame-Options for old browsers) stops
 * clickjacking; the Permissions-Policy turns off device features the site never uses.
 */
import { secureHeaders } from 'hono/secure-headers';

export const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  referrerPolicy: 'strict-origin-when-cross-origin',
  xFrameOptions: 'DENY',
  permissionsPolicy: {
    camera: [],
    microphone: [],
    geolocation: [],
    payment: [],
    usb: [],
    browsingTopics: [],
  },
});
