import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

// A real OpenID provider for tests (oidc-provider, in this process, on a free port of 127.0.0.1)
// with one confidential client. Its own development pages sign people in: any password, and
// the login is the account's id. Consent is taken as given, as an organisation's own provider does.

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
}

export interface TestProvider {
  /** e.g. http://127.0.0.1:41234, the issuer URL to configure in Resolve. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by login; add or change them at any time. */
  accounts: Map<string, TestAccount>;
  close(): Promise<void>;
}

/** Starts a provider whose client sends people back to `redirectUri`. Close it in `after`. */
export async function startTestProvider(redirectUri: string): Promise<TestProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "resolve-test";
  const clientSecret = randomBytes(24).toString("base64url");
  const accounts = new Map<string, TestAccount>();
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, ...accounts.get(sub) }),
    }),
    loadExistingGrant: async (ctx) => {
      const { client, session } = ctx.oidc;
      if (client === undefined || session?.accountId === undefined) return undefined;
      const grant = new ctx.oidc.provider.Grant({
        clientId: client.clientId,
        accountId: session.accountId,
      });
      grant.addOIDCScope("openid email");
      await grant.save();
      return grant;
    },
  });
  server.on("request", provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
