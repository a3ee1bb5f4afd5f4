import type { Services } from "../app/services.ts";

/**
 * What the web service needs from the rest of Resolve: the application's services, built by the
 * composition root (src/main.ts) and, in tests, on a test database. Routes never build adapters.
 */
export type WebServices = Services;
