import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { issuerProblem } from "../../../app/sso.ts";
import type { Person } from "../../../db/directory.ts";
import { findPartnership } from "../../../db/directory.ts";
import {
  findProvider,
  listProviderChanges,
  type ProviderSettings,
  removeProvider,
  setProvider,
} from "../../../db/single-sign-on.ts";
import { formatInstant } from "../../../engine/calendar/index.ts";
import { mayAdminister } from "../../../engine/policy/index.ts";
import { echo, type Fields, FormReader, fieldsOf } from "../../forms/index.ts";
import { HttpError } from "../../http-error.ts";
import { requireSignIn, signedIn } from "../../plugins/sessions.ts";
import type { WebServices } from "../../services.ts";
import type { FieldError } from "../../views/form-errors.ts";
import { callbackUrl } from "./sign-in.ts";

export const ADMIN_PATH = "/admin/single-sign-on";

/** Changes shown on the page; the table keeps them all. */
const CHANGES_SHOWN = 20;
const LABEL_MAX = 60;
const ISSUER_MAX = 500;
const CLIENT_ID_MAX = 255;
const CLIENT_SECRET_MAX = 1024;
/** What an account's name on a button may hold: letters, numbers, spaces and a little punctuation. */
const LABEL_CHARACTERS = /^[\p{L}\p{N} '’\-.,&()]+$/u;
/** Client ids and secrets are printable ASCII with no spaces. */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;

const ISSUER_MESSAGES: Record<string, string> = {
  "not-url": "Enter the issuer URL in the correct format, like https://login.example.com",
  "not-https": "The issuer URL must start with https://",
};

/** The administrator signed in, or 403 for anyone else (as every page they may not use). */
function administrator(request: FastifyRequest): Person {
  const person = signedIn(request);
  if (!mayAdminister(person)) throw new HttpError(403, "single sign-on is for administrators");
  return person;
}

/** Reads the provider form; the secret is null when left blank for a provider that has one. */
function readProviderForm(
  body: unknown,
  partnershipId: string,
  hasSecret: boolean,
): { settings: ProviderSettings | null; errors: FieldError[] } {
  const form = new FormReader(body);
  const label = form.text("label", "the name of the account", { max: LABEL_MAX });
  if (label !== "" && !LABEL_CHARACTERS.test(label)) {
    form.add(
      "label",
      "The name of the account must only include letters, numbers, spaces, apostrophes, hyphens, full stops, commas, ampersands and brackets",
    );
  }
  const issuer = form.text("issuer", "the issuer URL", {
    max: ISSUER_MAX,
    named: "The issuer URL",
  });
  const problem = issuer === "" ? null : issuerProblem(issuer);
  if (problem !== null) form.add("issuer", ISSUER_MESSAGES[problem] ?? "Enter the issuer URL");
  const clientId = form.text("client-id", "the client ID", {
    max: CLIENT_ID_MAX,
    named: "The client ID",
  });
  if (clientId !== "" && !TOKEN_CHARACTERS.test(clientId)) {
    form.add("client-id", "The client ID must not include spaces or unusual characters");
  }
  const clientSecret = form.text("client-secret", "the client secret", {
    max: CLIENT_SECRET_MAX,
    named: "The client secret",
    required: !hasSecret,
  });
  if (clientSecret !== "" && !TOKEN_CHARACTERS.test(clientSecret)) {
    form.add("client-secret", "The client secret must not include spaces or unusual characters");
  }
  if (!form.ok) return { settings: null, errors: form.errors };
  return {
    settings: {
      partnershipId,
      label,
      issuer,
      clientId,
      clientSecret: clientSecret === "" ? null : clientSecret,
    },
    errors: [],
  };
}

/** The partnership administrator's page for its single sign-on provider. */
export async function singleSignOnAdminRoutes(
  app: FastifyInstance,
  { services }: { services: WebServices },
) {
  app.addHook("preHandler", requireSignIn);

  async function render(
    reply: FastifyReply,
    person: Person,
    form: { values?: Fields; errors?: FieldError[]; done?: string } = {},
  ) {
    const [partnership, provider, changes] = await Promise.all([
      findPartnership(services.db, person.partnershipId),
      findProvider(services.db, person.partnershipId),
      listProviderChanges(services.db, person.partnershipId, CHANGES_SHOWN),
    ]);
    const saved =
      provider === undefined
        ? null
        : // Never the secret: the page only says that one is saved.
          {
            label: provider.label,
            issuer: provider.issuer,
            clientId: provider.clientId,
            updatedAt: formatInstant(provider.updatedAt),
          };
    const values = form.values ?? {
      label: saved?.label ?? "",
      issuer: saved?.issuer ?? "",
      "client-id": saved?.clientId ?? "",
    };
    const { "client-secret": _secret, ...shown } = echo(values);
    return reply.code(form.errors?.length ? 400 : 200).render("single-sign-on/admin.njk", {
      partnershipName: partnership?.name ?? "",
      saved,
      callbackUrl: callbackUrl(services.config),
      values: shown,
      errors: form.errors ?? [],
      done: form.done ?? null,
      changes: changes.map((change) => ({ ...change, changedAt: formatInstant(change.changedAt) })),
    });
  }

  app.get(ADMIN_PATH, async (request, reply) => {
    const person = administrator(request);
    const done = (request.query as Record<string, unknown>).done;
    return render(reply, person, {
      ...(done === "saved" || done === "removed" ? { done } : {}),
    });
  });

  app.post(ADMIN_PATH, async (request, reply) => {
    const person = administrator(request);
    const current = await findProvider(services.db, person.partnershipId);
    const { settings, errors } = readProviderForm(
      request.body,
      person.partnershipId,
      current !== undefined,
    );
    if (settings === null) {
      return render(reply, person, { values: fieldsOf(request.body), errors });
    }
    await setProvider(services.db, settings, {
      id: services.newId(),
      personId: person.id,
      at: services.now(),
    });
    return reply.redirect(`${ADMIN_PATH}?done=saved`, 303);
  });

  app.post(`${ADMIN_PATH}/remove`, async (request, reply) => {
    const person = administrator(request);
    await removeProvider(services.db, person.partnershipId, {
      id: services.newId(),
      personId: person.id,
      at: services.now(),
    });
    return reply.redirect(`${ADMIN_PATH}?done=removed`, 303);
  });
}
