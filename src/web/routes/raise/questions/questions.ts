// The questions that decide what kind of escalation it is, each asked only where the procedure
// and the person give a choice: the track (Suffolk has several), whether it is about a child or a
// theme (where the track has a thematic entry, as Dorset's does), and where it starts (for
// people whose role opens another entry, such as Dorset's senior leaders).
import type { FastifyReply } from "fastify";
import type { Fields } from "../../../forms/index.ts";
import type { FieldError } from "../../../views/form-errors.ts";
import type { RaiseContext } from "../context.ts";
import { DETAIL_FIELDS } from "../details/validation.ts";
import {
  entryOptions,
  JOURNEY_FIELDS,
  type Journey,
  journeySteps,
  type Step,
  stepPath,
  trackIds,
} from "../journey.ts";
import { hiddenInputs, journeyInputs, type RadioItem, renderQuestion } from "../pages.ts";

export const SCOPE_QUESTIONS = ["track", "about", "start"] as const;
export type ScopeQuestion = (typeof SCOPE_QUESTIONS)[number];

/** The field each question's answer travels in. */
export const ANSWER_FIELD = { track: "track", about: "about", start: "entry" } as const;

interface Asked {
  question: string;
  hint?: string;
  items: RadioItem[];
  message: string;
}

/** The question, its choices and its error message, for this journey. */
export function ask(context: RaiseContext, journey: Journey, kind: ScopeQuestion): Asked {
  const { procedure, person } = context;
  if (kind === "track") {
    return {
      question: "What is the disagreement about?",
      hint: `${procedure.partnership}’s procedure handles each of these in its own way.`,
      items: trackIds(procedure).map((id) => ({
        value: id,
        text: procedure.tracks[id]?.name ?? id,
        hint: { text: procedure.tracks[id]?.summary ?? "" },
      })),
      message: "Select what the disagreement is about",
    };
  }
  const trackId = journey.track ?? trackIds(procedure)[0] ?? "general";
  const track = procedure.tracks[trackId];
  if (track === undefined) throw new Error(`No track ${trackId}`);
  const stageName = (stageId: string) =>
    track.stages.find((stage) => stage.id === stageId)?.name ?? stageId;
  if (kind === "about") {
    const thematic = track.entries.find((entry) => entry.thematic === true);
    return {
      question: "Is it about a child, or a theme across children?",
      items: [
        {
          value: "child",
          text: "A child, or brothers and sisters",
          hint: { text: "You will give the child’s initials or your agency’s reference for them." },
        },
        {
          value: "thematic",
          text: "A theme across several children, or an agency’s way of working",
          hint: {
            text: `No child’s details are recorded, and it is not written to any child’s file.${
              thematic === undefined ? "" : ` It starts at ${stageName(thematic.stage)}.`
            }`,
          },
        },
      ],
      message: "Select whether it is about a child or a theme across children",
    };
  }
  const options = entryOptions(track, journey.about === "thematic", person);
  return {
    question: "Where should the escalation start?",
    hint: "Your role lets you raise it at a later stage than usual.",
    items: options.map((entry) => ({
      value: entry.id,
      text: stageName(entry.stage),
      hint: { text: entry.description },
    })),
    message: "Select where the escalation should start",
  };
}

/** A journey with a question's answer in it. */
export function answering(journey: Journey, kind: ScopeQuestion, value: string): Journey {
  return { ...journey, [ANSWER_FIELD[kind]]: value };
}

/**
 * Shows a question. `changing` carries the rest of the answers (from check your answers) in
 * hidden fields, so the person comes back to them; otherwise only the journey travels.
 */
export function showScopeQuestion(
  reply: FastifyReply,
  context: RaiseContext,
  options: {
    kind: ScopeQuestion;
    journey: Journey;
    back: string | null;
    changing: Fields | null;
    errors?: FieldError[];
  },
) {
  const { kind, journey, changing } = options;
  const asked = ask(context, journey, kind);
  const field = ANSWER_FIELD[kind];
  const errors = options.errors ?? [];
  const hidden =
    changing === null
      ? journeyInputs(journey).filter((input) => input.name !== field)
      : [
          ...hiddenInputs(changing, [...JOURNEY_FIELDS, ...DETAIL_FIELDS], [field]),
          { name: "changing", value: "yes" },
        ];
  return renderQuestion(
    reply,
    {
      question: asked.question,
      ...(asked.hint === undefined ? {} : { hint: asked.hint }),
      name: field,
      items: asked.items,
      action: `/raise/${kind}`,
      back: options.back,
      value: journey[field],
      hidden,
      errors,
    },
    errors.length > 0 ? 400 : 200,
  );
}

/** Where the journey goes after a question: the next step's page. */
export function nextPath(context: RaiseContext, journey: Journey): { path: string; next: Step } {
  const { next } = journeySteps(context.procedure, context.person, journey);
  return { path: stepPath(next, journey), next };
}
