import type { FastifyInstance } from "fastify";
import type { WebServices } from "../../services.ts";

/** "Your work": the escalations waiting on the signed-in person or their agency. */
export async function yourWorkRoutes(_app: FastifyInstance, _options: { services: WebServices }) {}
