import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { actingFor, actorFor } from "../../../app/access.ts";
import { actOnEscalation } from "../../../app/escalations.ts";
import { formatInstant } from "../../../engine/calendar/index.ts";
import { type Actor, currentVisit, decide, replay } from "../../../engine/escalation/index.ts";
import { availableActions } from "../../../engine/policy/index.ts";
import {
  dateInputView,
  echo,
  type Fields,
  FormReader,
  fieldsOf,
  timeInputView,
} from "../../forms/index.ts";
import { HttpError } from "../../http-error.ts";
import { requireSignIn } from "../../plugins/sessions.ts";
import { changeSentences, stageName } from "../../presenters/timeline.ts";
import type { WebServices } from "../../services.ts";
import type { FieldError } from "../../views/form-errors.ts";
import {
  actionLinks,
  currentStage,
  decisions,
  recordsByStage,
  STATUS_WORDS,
  stageHistory,
  successBanner,
  summaryRows,
  timeline,
} from "./escalation-page.ts";
import { ACTION_FORMS } from "./handlers/index.ts";
import type { ActionCommand, ActionForm } from "./handlers/types.ts";
import { type OpenEscalation, openEscalation, viewEscalation } from "./open.ts";

/** One escalation: its summary, stage, deadlines, timeline, actions and printable record. */
export async function escalationRoutes(
  app: FastifyInstance,
  { services }: { services: WebServices },
) {
  app.addHook("preHandler", requireSignIn);

  app.get("/escalations/:id", async (request, reply) => {
    const open = await viewEscalation(services, request, "escalation");
    const now = services.now();
    const done = Number((request.query as Record<string, unknown>).done);
    return reply.render("escalation/escalation.njk", {
      ...common(open),
      summary: summaryRows(open),
      stage: currentStage(open, now),
      stages: stageHistory(open),
      ...recordsByStage(open),
      ...decisions(open),
      timeline: timeline(open, { newestFirst: true }),
      available: actionLinks(open),
      success: successBanner(open, Number.isSafeInteger(done) ? done : null),
    });
  });

  app.get("/escalations/:id/record", async (request, reply) => {
    const open = await viewEscalation(services, request, "record");
    if (open.view.state.thematic) {
      return reply.code(403).render("escalation/record-thematic.njk", common(open));
    }
    return reply.render("escalation/record.njk", {
      ...common(open),
      summary: summaryRows(open),
      stage: currentStage(open, services.now()),
      stages: stageHistory(open),
      ...recordsByStage(open),
      ...decisions(open),
      timeline: timeline(open, { newestFirst: false }),
      printedAt: formatInstant(services.now()),
    });
  });

  for (const form of ACTION_FORMS) {
    const path = `/escalations/:id/${form.slug}`;

    app.get(path, async (request, reply) => {
      const open = await openEscalation(services, request);
      if (!open.available.includes(form.type)) {
        throw new HttpError(403, `${form.type} is not open to this person now`);
      }
      const values = form.initial?.(open, services.now()) ?? {};
      return renderForm(reply, form, open, {
        values,
        errors: [],
        version: open.view.state.version,
      });
    });

    app.post(path, async (request, reply) => postForm(services, form, request, reply));
  }
}

/** What every escalation page shows at its top. */
function common(open: OpenEscalation) {
  const { state, procedure } = open.view;
  return {
    escalation: {
      id: state.id,
      reference: state.registration.reference,
      thematic: state.thematic,
      status: STATUS_WORDS[state.status],
      partnership: procedure.partnership,
    },
  };
}

interface FormState {
  values: Record<string, string | string[]>;
  errors: FieldError[];
  version: number;
  conflict?: { changes: string[]; stillAllowed: boolean; why: string | null };
}

function renderForm(
  reply: FastifyReply,
  form: ActionForm,
  open: OpenEscalation,
  state: FormState,
  template = form.template,
) {
  const visit = currentVisit(open.view.state);
  // The boxes of each date and time input: their values, the error and which boxes it is about.
  const inputs = Object.fromEntries([
    ...(form.dates ?? []).map((prefix) => [
      prefix,
      dateInputView(prefix, state.values, state.errors),
    ]),
    ...(form.times ?? []).map((prefix) => [
      `${prefix}-time`,
      timeInputView(prefix, state.values, state.errors),
    ]),
  ]);
  return reply.render(template, {
    ...common(open),
    inputs,
    ...(form.context?.(open) ?? {}),
    title: form.title(open),
    form: { slug: form.slug, button: form.button, type: form.type },
    action: `/escalations/${open.view.state.id}/${form.slug}`,
    back: `/escalations/${open.view.state.id}`,
    stageName: stageName(open.view.procedure, open.view.state.track, visit.stage, visit.round),
    resolution: decisions(open).resolution,
    ...state,
  });
}

/** The version of the escalation the person was looking at, as their form sent it back. */
function seenVersion(fields: Fields, open: OpenEscalation): number {
  const raw = fields.version;
  const version = typeof raw === "string" && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(version >= 1 && version <= open.view.state.version)) {
    throw new HttpError(400, "the form's version of the escalation is missing or impossible");
  }
  return version;
}

async function postForm(
  services: WebServices,
  form: ActionForm,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const open = await openEscalation(services, request);
  const fields: Fields = fieldsOf(request.body);
  const version = seenVersion(fields, open);
  const { state, procedure, events } = open.view;
  // The action must have been open to them in the escalation as they saw it: anything else was
  // never offered, so it is refused outright, however it was sent.
  const seen =
    version === state.version
      ? state
      : replay(
          state.id,
          events.filter((event) => event.version <= version),
        );
  const now = services.now();
  const offer =
    seen === null
      ? undefined
      : availableActions(open.access.subject, seen, procedure, { now, ...open.timeline }).find(
          (action) => action.type === form.type,
        );
  if (offer === undefined) {
    throw new HttpError(403, `${form.type} was not open to this person at version ${version}`);
  }
  const values = echo(fields);
  const reader = new FormReader(fields);
  const command = form.read(reader, open, { now, newId: services.newId });
  if (command === null) {
    return renderForm(reply.code(400), form, open, { values, errors: reader.errors, version });
  }
  if (form.confirmTemplate !== undefined && fields.confirmed !== "yes") {
    return renderForm(reply, form, open, { values, errors: [], version }, form.confirmTemplate);
  }
  const outcome = await actOnEscalation(
    actingFor(services, open.access),
    actorFor(open.person, offer),
    state.id,
    version,
    command,
  );
  if (outcome.ok) {
    const first = outcome.events[0]?.version ?? state.version;
    return reply.redirect(`/escalations/${state.id}?done=${first}`, 303);
  }
  if ("rejection" in outcome) {
    const errors = [
      { field: form.fieldFor(outcome.rejection.code), message: outcome.rejection.reason },
    ];
    return renderForm(reply.code(400), form, open, { values, errors, version });
  }
  // Someone else changed it first: show what changed, keep what they typed, and let them submit
  // again against the escalation as it is now, if they still can.
  const fresh = await openEscalation(services, request);
  const stillAllowed = fresh.available.includes(form.type);
  return renderForm(reply.code(409), form, fresh, {
    values,
    errors: [],
    version: fresh.view.state.version,
    conflict: {
      changes: changeSentences(fresh.view.events, outcome.conflict.changes, fresh.timeline, now),
      stillAllowed,
      why: stillAllowed ? null : whyNotNow(fresh, command, now, actorFor(open.person, offer)),
    },
  });
}

/** Why an action can no longer be taken, in the engine's words where it gives them. */
function whyNotNow(
  open: OpenEscalation,
  command: ActionCommand,
  now: string,
  actor: Actor,
): string {
  const decision = decide(open.view.state, command, {
    procedure: open.view.procedure,
    calendar: open.view.calendar,
    settings: open.timeline.settings,
    now,
    actor,
  });
  return decision.ok
    ? "Your part in the escalation no longer includes this, as it stands now."
    : decision.rejection.reason;
}
