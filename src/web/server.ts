import type { FastifyInstance } from "fastify";

export interface ServerOptions {
  port: number;
  host: string;
  /** How long in-flight requests get to finish on shutdown before the process exits anyway. */
  shutdownTimeoutMs?: number;
}

/**
 * Time limits on every connection, so a slow or stalled client cannot hold one open. The keep-
 * alive outlasts a load balancer's usual 60-second idle timeout, so the balancer closes first.
 */
export const TIMEOUTS = {
  headersTimeout: 20_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 65_000,
};

/**
 * Listens on `host:port` (port 0: any free port), prints the address, and on SIGINT or SIGTERM
 * stops taking requests, lets those in flight finish, runs the app's onClose hooks (where the
 * database pool and jobs close) and lets the process end. Returns the address.
 */
export async function startServer(app: FastifyInstance, options: ServerOptions): Promise<string> {
  Object.assign(app.server, TIMEOUTS);
  let closing = false;
  // Responses sent while closing end their connection, so a client's keep-alive cannot hold the
  // server open after its last request.
  app.addHook("onSend", async (_request, reply, payload) => {
    if (closing) reply.header("connection", "close");
    return payload;
  });

  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
  const shutdown = async (signal: NodeJS.Signals) => {
    closing = true;
    process.off("SIGINT", shutdown);
    process.off("SIGTERM", shutdown);
    process.stdout.write(`${signal}: closing, letting requests in flight finish\n`);
    const timer = setTimeout(() => {
      process.stderr.write(`Still open after ${shutdownTimeoutMs} ms: exiting anyway\n`);
      process.exit(1);
    }, shutdownTimeoutMs);
    timer.unref();
    try {
      await app.close();
      process.stdout.write("Closed\n");
    } catch (error) {
      process.stderr.write(`Closing failed: ${String(error)}\n`);
      process.exitCode = 1;
    } finally {
      clearTimeout(timer);
    }
  };
  // Closed some other way (a test, the composition root): stop listening for the signals too.
  app.addHook("onClose", async () => {
    process.off("SIGINT", shutdown);
    process.off("SIGTERM", shutdown);
  });

  const address = await app.listen({ port: options.port, host: options.host });
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  process.stdout.write(`Resolve is listening on ${address}\n`);
  return address;
}
