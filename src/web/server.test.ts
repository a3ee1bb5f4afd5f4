import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, describe, test } from "node:test";
import { testServices } from "../../test/support/services.ts";
import type { Services } from "../app/services.ts";
import { buildApp } from "./app.ts";
import { startServer, TIMEOUTS } from "./server.ts";

describe("the server", () => {
  let services: Services;
  before(async () => {
    services = await testServices();
  });
  after(() => services.database.close());

  test("listens on a free port, with time limits, and answers", async () => {
    const app = await buildApp(services);
    try {
      const address = await startServer(app, { port: 0, host: "127.0.0.1" });
      assert.match(address, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(app.server.requestTimeout, TIMEOUTS.requestTimeout);
      assert.equal(app.server.headersTimeout, TIMEOUTS.headersTimeout);
      assert.equal(app.server.keepAliveTimeout, TIMEOUTS.keepAliveTimeout);
      const response = await fetch(`${address}/health`);
      assert.deepEqual(await response.json(), { status: "UP" });
    } finally {
      await app.close();
    }
  });

  test("closes gracefully on SIGTERM, and lets a request in flight finish", async () => {
    const app = await buildApp(services);
    let release: () => void = () => {};
    // Inside a plugin, as every real route is.
    await app.register(async (scope) => {
      scope.get("/slow", async () => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return "finished";
      });
    });
    const closed = once(app.server, "close");
    const address = await startServer(app, { port: 0, host: "127.0.0.1" });
    const inFlight = fetch(`${address}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.emit("SIGTERM", "SIGTERM");
    setTimeout(() => release(), 50);
    assert.equal(await (await inFlight).text(), "finished");
    await closed;
    await assert.rejects(fetch(`${address}/health`));
    assert.equal(process.listenerCount("SIGTERM"), 0);
    assert.equal(process.listenerCount("SIGINT"), 0);
  });

  test("stops listening for signals when closed another way", async () => {
    const app = await buildApp(services);
    await startServer(app, { port: 0, host: "127.0.0.1" });
    assert.equal(process.listenerCount("SIGTERM"), 1);
    await app.close();
    assert.equal(process.listenerCount("SIGTERM"), 0);
  });
});
