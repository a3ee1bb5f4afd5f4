import type { FastifyInstance } from "fastify";
import type { WebServices } from "../../services.ts";

/** The log: every escalation the person may see, filtered and paginated. */
export async function logRoutes(_app: FastifyInstance, _options: { services: WebServices }) {}
