import type { FastifyInstance } from "fastify";
import type { WebServices } from "../../services.ts";

/** Triage questions, the raise form, and check your answers. */
export async function raiseRoutes(_app: FastifyInstance, _options: { services: WebServices }) {}
