import type { FastifyInstance } from "fastify";
import type { WebServices } from "../../services.ts";

/** One escalation: its summary, stage, deadlines, timeline, actions and printable record. */
export async function escalationRoutes(_app: FastifyInstance, _options: { services: WebServices }) {}
