import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { addDelegation, removeDelegation } from "../../../app/admin/delegations.ts";
import { delegationsOf } from "../../../db/administration.ts";
import { londonDate } from "../../../engine/calendar/instant.ts";
import { echo, fieldsOf } from "../../forms/index.ts";
import { HttpError } from "../../http-error.ts";
import { requireSignIn, signedIn } from "../../plugins/sessions.ts";
import type { WebServices } from "../../services.ts";
import type { FieldError } from "../../views/form-errors.ts";
import { afterChange, doneMessage } from "../admin/common.ts";
import { delegateChoices, delegationInputs, presentDelegations, readDelegation } from "./form.ts";

/** Naming your own absence delegate: /delegation, for anyone signed in. */
export async function delegationRoutes(
  app: FastifyInstance,
  { services }: { services: WebServices },
) {
  app.addHook("preHandler", requireSignIn);
  const self = (request: FastifyRequest) => {
    const person = signedIn(request);
    return { person, actor: { id: person.id, partnershipId: person.partnershipId } };
  };

  app.get("/delegation", async (request, reply) => {
    const { person } = self(request);
    const delegations = await delegationsOf(services.db, person.id, londonDate(services.now()));
    return reply.render("delegation/delegation.njk", {
      success: doneMessage(request.query),
      delegations: presentDelegations(delegations),
    });
  });

  const renderForm = async (
    reply: FastifyReply,
    request: FastifyRequest,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) =>
    reply.render("delegation/add.njk", {
      title: "Name someone to act for you while you are away",
      caption: "Your delegate",
      delegateQuestion: "Who acts for you?",
      action: "/delegation/add",
      back: { href: "/delegation", text: "Back" },
      button: "Name delegate",
      choices: await delegateChoices(services.db, self(request).person),
      inputs: delegationInputs(fieldsOf(values), errors),
      values,
      errors,
    });

  app.get("/delegation/add", async (request, reply) => renderForm(reply, request, {}));
  app.post("/delegation/add", async (request, reply) => {
    const { person, actor } = self(request);
    const values = echo(fieldsOf(request.body));
    const choices = await delegateChoices(services.db, person);
    const { errors, details } = readDelegation(request.body, choices, services.now());
    if (details === null) return renderForm(reply.code(400), request, values, errors);
    const outcome = await addDelegation(services, actor, person.id, details);
    if (!outcome.ok) return renderForm(reply.code(400), request, values, [outcome.refusal]);
    return afterChange(reply, "/delegation", "delegation-added");
  });

  app.post("/delegation/:id/remove", async (request, reply) => {
    const { person, actor } = self(request);
    const { id } = request.params as { id: string };
    const outcome = await removeDelegation(services, actor, person.id, id);
    if (!outcome.ok) throw new HttpError(404, outcome.refusal.message);
    return afterChange(reply, "/delegation", "delegation-removed");
  });
}
