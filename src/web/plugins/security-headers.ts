import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

/**
 * The content security policy: everything from our own origin, no inline scripts or styles,
 * no framing. GOV.UK Frontend's inline `js-enabled` script is replaced by application.mjs
 * (see views.ts), so `script-src 'self'` needs no hash or nonce.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  objectSrc: ["'none'"],
};

export const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()";

/**
 * Security headers on every response, and `Cache-Control: no-store` on every page: pages hold
 * data about children, so no browser or proxy may keep a copy.
 */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    strictTransportSecurity: { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true },
    referrerPolicy: { policy: "no-referrer" },
    crossOriginOpenerPolicy: { policy: "same-origin" },
    crossOriginResourcePolicy: { policy: "same-origin" },
    xFrameOptions: { action: "deny" },
  });

  app.addHook("onSend", async (_request, reply, payload) => {
    reply.header("permissions-policy", PERMISSIONS_POLICY);
    const type = String(reply.getHeader("content-type") ?? "");
    if (type.startsWith("text/html")) reply.header("cache-control", "no-store");
    return payload;
  });
}
