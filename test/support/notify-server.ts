// A stand-in for GOV.UK Notify's API on a free port of 127.0.0.1, for NOTIFY_BASE_URL: the real
// notifications-node-client talks to it as it would to Notify, and the test reads the requests
// it made. It answers as Notify documents: 201 with the new notification for a send, the
// notifications with a reference for a lookup, or whatever the test plans next.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface NotifyRequest {
  method: string;
  /** The path and query, e.g. /v2/notifications/email. */
  url: string;
  authorization: string;
  body: Record<string, unknown> | null;
}

/** What the stand-in does with the next send, instead of taking it. */
export type Plan =
  | { answer: number; errors: { error: string; message: string }[] }
  /** Takes the email, then drops the connection: sent, but the client never hears so. */
  | { drop: true };

export interface NotifyStandIn {
  url: string;
  requests: NotifyRequest[];
  /** The emails taken, as Notify would list them: its id, the reference, the request. */
  notifications: { id: string; reference: string | null; body: Record<string, unknown> }[];
  plan(...plans: Plan[]): void;
  close(): Promise<void>;
}

export async function startNotifyStandIn(): Promise<NotifyStandIn> {
  const requests: NotifyRequest[] = [];
  const notifications: NotifyStandIn["notifications"] = [];
  const plans: Plan[] = [];
  const server = createServer(async (request, response) => {
    const text = await read(request);
    const body = text === "" ? null : (JSON.parse(text) as Record<string, unknown>);
    const url = request.url ?? "";
    requests.push({
      method: request.method ?? "",
      url,
      authorization: request.headers.authorization ?? "",
      body,
    });
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(value));
    };
    if (request.method === "POST" && url === "/v2/notifications/email" && body !== null) {
      const plan = plans.shift();
      if (plan !== undefined && "answer" in plan) {
        json(plan.answer, { status_code: plan.answer, errors: plan.errors });
        return;
      }
      const id = randomUUID();
      const reference = typeof body.reference === "string" ? body.reference : null;
      notifications.push({ id, reference, body });
      if (plan !== undefined) {
        request.socket.destroy();
        return;
      }
      json(201, {
        id,
        reference,
        content: { subject: "", body: "", from_email: "resolve@notifications.service.gov.uk" },
        uri: `${address()}/v2/notifications/${id}`,
        template: { id: body.template_id, version: 1, uri: `${address()}/templates/x` },
      });
      return;
    }
    if (request.method === "GET" && url.startsWith("/v2/notifications?")) {
      const query = new URL(url, address()).searchParams;
      const found = notifications
        .filter((one) => one.reference === query.get("reference"))
        .map((one) => ({ id: one.id, reference: one.reference, type: "email", status: "sending" }));
      json(200, { notifications: found, links: { current: `${address()}${url}` } });
      return;
    }
    json(404, { status_code: 404, errors: [{ error: "NotFound", message: "Not Found" }] });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: address(),
    requests,
    notifications,
    plan: (...more) => plans.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function read(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
