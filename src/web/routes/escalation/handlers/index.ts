import { agreeAction } from "./agree-action.ts";
import { answerFollowUp } from "./answer-follow-up.ts";
import { closeWithDisagreement } from "./close-with-disagreement.ts";
import { confirmResolution } from "./confirm-resolution.ts";
import { escalate } from "./escalate.ts";
import { extendDeadline } from "./extend-deadline.ts";
import { startNextRound } from "./next-round.ts";
import { recordDiscussion } from "./record-discussion.ts";
import { redirect } from "./redirect.ts";
import { resolve } from "./resolve.ts";
import { setChildSafetyDeadline } from "./set-child-safety-deadline.ts";
import type { ActionForm } from "./types.ts";
import { withdraw } from "./withdraw.ts";

/** Every action's form, in the order the escalation's page offers them. */
export const ACTION_FORMS: readonly ActionForm[] = [
  confirmResolution,
  answerFollowUp,
  recordDiscussion,
  agreeAction,
  setChildSafetyDeadline,
  extendDeadline,
  escalate,
  startNextRound,
  resolve,
  closeWithDisagreement,
  redirect,
  withdraw,
];
