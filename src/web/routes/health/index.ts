import type { FastifyInstance } from "fastify";
import type { WebServices } from "../../services.ts";

/** How long /ready waits for the database before answering NOT_READY. */
export const READY_TIMEOUT_MS = 3000;

/**
 * For load balancers and monitoring, before any sign-in: `/health` says the process answers,
 * `/ready` says it can serve (the database is reachable). Polled often, so logged only on trouble.
 */
export async function healthRoutes(
  app: FastifyInstance,
  options: { services: WebServices },
): Promise<void> {
  app.get("/health", { logLevel: "warn" }, async (_request, reply) => {
    reply.header("cache-control", "no-store");
    return { status: "UP" };
  });

  app.get("/ready", { logLevel: "warn" }, async (request, reply) => {
    reply.header("cache-control", "no-store");
    const ready = await isReady(options.services).catch((error: unknown) => {
      request.log.warn({ err: error }, "readiness check failed");
      return false;
    });
    return reply.code(ready ? 200 : 503).send({ status: ready ? "READY" : "NOT_READY" });
  });
}

async function isReady(services: WebServices): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer in ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
  });
  try {
    return (await Promise.race([services.ready(), timeout])) === true;
  } finally {
    clearTimeout(timer);
  }
}
