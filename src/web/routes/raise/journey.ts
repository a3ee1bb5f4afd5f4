// The raise journey's route map: which questions a person is asked, in which order, and where
// they go next. Their answers so far travel with them (in the query string, or in hidden fields
// once the form holds more than a URL should), never in a table. They steer navigation only:
// everything is checked again, and by the engine, when the escalation is raised.
import type { Person } from "../../../db/directory.ts";
import type { Procedure, Track } from "../../../engine/procedure/schema.ts";
import { type Fields, single } from "../../forms/index.ts";

/** The answers that choose the questions: triage, and what kind of escalation it is. */
export interface Journey {
  /** Triage questions answered "no" (or acted on, where the procedure says come back). */
  cleared: string[];
  track: string | null;
  /** "child" (a child or sibling group) or "thematic", where the track has a thematic entry. */
  about: string | null;
  entry: string | null;
}

export const ABOUT = ["child", "thematic"] as const;
export type About = (typeof ABOUT)[number];

/** The names the journey's answers travel under, in the query string or in hidden fields. */
export const JOURNEY_FIELDS = ["cleared", "track", "about", "entry"] as const;

/** The journey as sent: unknown or malformed values read as not answered. */
export function readJourney(fields: Fields): Journey {
  const value = (name: string): string | null => {
    const text = single(fields, name);
    return typeof text === "string" && /^[a-z][a-z0-9-]{0,79}$/.test(text) ? text : null;
  };
  const cleared = single(fields, "cleared");
  return {
    cleared:
      typeof cleared === "string"
        ? cleared.split(",").filter((id) => /^[a-z][a-z0-9-]{0,79}$/.test(id))
        : [],
    track: value("track"),
    about: value("about"),
    entry: value("entry"),
  };
}

/** The journey as name and value pairs, for a query string or hidden fields; unanswered left out. */
export function journeyPairs(journey: Journey): [string, string][] {
  const pairs: [string, string][] = [];
  if (journey.cleared.length > 0) pairs.push(["cleared", journey.cleared.join(",")]);
  for (const name of ["track", "about", "entry"] as const) {
    const value = journey[name];
    if (value !== null) pairs.push([name, value]);
  }
  return pairs;
}

/** A path with the journey in its query string. */
export function withJourney(path: string, journey: Journey): string {
  const query = new URLSearchParams(journeyPairs(journey)).toString();
  return query === "" ? path : `${path}?${query}`;
}

/**
 * The procedure's tracks, the general one first. A definition read back from the database has
 * lost its tracks' order (PostgreSQL's jsonb sorts an object's keys), so only this much is sure.
 */
export function trackIds(procedure: Procedure): string[] {
  const ids = Object.keys(procedure.tracks);
  return ids.includes("general") ? ["general", ...ids.filter((id) => id !== "general")] : ids;
}

/** What the escalation is, once the questions before the form are answered. */
export interface Scope {
  trackId: string;
  track: Track;
  thematic: boolean;
  entry: Track["entries"][number];
  /** True when the person chose the entry (senior leaders); otherwise it follows from the rest. */
  entryChosen: boolean;
}

/** A question the journey may ask, and its page. */
export type Step =
  | { kind: "triage"; exclusion: Procedure["exclusions"][number] }
  | { kind: "track" }
  | { kind: "about" }
  | { kind: "start" }
  | { kind: "details"; scope: Scope };

export function stepKey(step: Step): string {
  return step.kind === "triage" ? `triage:${step.exclusion.id}` : step.kind;
}

export function stepPath(step: Step, journey: Journey): string {
  const path =
    step.kind === "triage" ? `/raise/triage/${step.exclusion.id}` : `/raise/${step.kind}`;
  return withJourney(path, journey);
}

/**
 * The places a track can be entered for this person: the usual entry (or the thematic one, for a
 * thematic matter), then any their role opens (Dorset's senior leaders: straight to stage 4).
 */
export function entryOptions(
  track: Track,
  thematic: boolean,
  person: Pick<Person, "roles">,
): Track["entries"] {
  const usual = thematic
    ? track.entries.find((entry) => entry.thematic === true)
    : (track.entries.find((entry) => entry.default === true) ??
      track.entries.find((entry) => entry.thematic !== true && entry.roles === undefined));
  const opened = track.entries.filter(
    (entry) =>
      entry !== usual &&
      entry.thematic !== true &&
      entry.roles?.some((role) => person.roles.includes(role)) === true,
  );
  return usual === undefined ? opened : [usual, ...opened];
}

export function hasThematicEntry(track: Track): boolean {
  return track.entries.some((entry) => entry.thematic === true);
}

/**
 * The steps this person has come through, in order, ending at the first one still to answer
 * (the form, once everything before it is answered). A page may be shown only if it is in this
 * list; the one before it is where its back link goes.
 */
export function journeySteps(
  procedure: Procedure,
  person: Pick<Person, "roles">,
  journey: Journey,
): { steps: Step[]; next: Step } {
  const steps: Step[] = [];
  const stop = (step: Step) => {
    steps.push(step);
    return { steps, next: step };
  };
  for (const exclusion of procedure.exclusions) {
    if (!journey.cleared.includes(exclusion.id)) return stop({ kind: "triage", exclusion });
    steps.push({ kind: "triage", exclusion });
  }
  const tracks = trackIds(procedure);
  const onlyTrack = tracks.length === 1 ? tracks[0] : undefined;
  const trackId =
    onlyTrack ?? (journey.track !== null && tracks.includes(journey.track) ? journey.track : null);
  if (onlyTrack === undefined) {
    if (trackId === null) return stop({ kind: "track" });
    steps.push({ kind: "track" });
  }
  const track = trackId === null ? undefined : procedure.tracks[trackId];
  if (trackId === null || track === undefined) return stop({ kind: "track" });
  let thematic = false;
  if (hasThematicEntry(track)) {
    if (journey.about !== "child" && journey.about !== "thematic") return stop({ kind: "about" });
    steps.push({ kind: "about" });
    thematic = journey.about === "thematic";
  }
  const options = entryOptions(track, thematic, person);
  let entry = options[0] ?? track.entries[0];
  const entryChosen = options.length > 1;
  if (entryChosen) {
    const chosen = options.find((option) => option.id === journey.entry);
    if (chosen === undefined) return stop({ kind: "start" });
    steps.push({ kind: "start" });
    entry = chosen;
  }
  if (entry === undefined) throw new Error(`${procedure.id} track ${trackId} has no entries`);
  return stop({ kind: "details", scope: { trackId, track, thematic, entry, entryChosen } });
}

/**
 * Where a page of the journey stands: `show` when it may be shown (with the path of the page
 * before it, for the back link), or `redirect` to the first question still to answer.
 */
export function placeOf(
  procedure: Procedure,
  person: Pick<Person, "roles">,
  journey: Journey,
  key: string,
): { show: true; back: string; step: Step } | { show: false; redirect: string } {
  const { steps, next } = journeySteps(procedure, person, journey);
  const index = steps.findIndex((step) => stepKey(step) === key);
  const step = steps[index];
  if (step === undefined) return { show: false, redirect: stepPath(next, journey) };
  const before = steps[index - 1];
  return { show: true, back: before === undefined ? "/" : stepPath(before, journey), step };
}
