import type { Deadline, Procedure, Stage, Track } from "./schema.ts";

/** A rule the schema cannot express, broken at `segments`. */
export interface Problem {
  segments: string[];
  expected: string;
  found: string;
}

/**
 * Checks what a schema cannot: references resolve, every stage is reachable and can be left,
 * the track ends somewhere, deadline rules make sense.
 */
export function checkProcedure(procedure: Procedure): Problem[] {
  const problems: Problem[] = [];
  const report = (segments: (string | number)[], expected: string, found: string) =>
    problems.push({ segments: segments.map(String), expected, found });

  const roles = new Map(procedure.roles.map((role) => [role.id, role]));
  const categories = new Set(procedure.categories.map((category) => category.id));
  const settings = new Set((procedure.settings ?? []).map((setting) => setting.id));

  uniqueIds(procedure.roles, ["roles"], "role", report);
  uniqueIds(procedure.categories, ["categories"], "category", report);
  uniqueIds(procedure.exclusions, ["exclusions"], "triage question", report);
  uniqueIds(procedure.settings ?? [], ["settings"], "setting", report);

  const knownRole = (role: string, at: (string | number)[]) => {
    if (!roles.has(role)) report(at, `a role declared under roles`, JSON.stringify(role));
  };
  procedure.deadlineExtension.roles.forEach((role, index) => {
    knownRole(role, ["deadlineExtension", "roles", index]);
  });

  if (procedure.tracks.general === undefined) {
    report(["tracks"], "a general track (the professional-difference procedure)", "none");
  }

  for (const [trackId, track] of Object.entries(procedure.tracks)) {
    const at = ["tracks", trackId];
    const stageIds = new Set(track.stages.map((stage) => stage.id));
    uniqueIds(track.stages, [...at, "stages"], "stage", report);

    track.categories?.forEach((category, index) => {
      if (!categories.has(category)) {
        report([...at, "categories", index], "a category declared under categories", category);
      }
    });

    checkEntries(track, at, stageIds, knownRole, report);

    const partnershipRoles = (stage: Stage) =>
      (stage.notifyOnEntry ?? []).some((notice) => roles.get(notice.role)?.level === "partnership");
    const checkDeadline = (deadline: Deadline, where: (string | number)[], stage?: Stage) => {
      if ("setting" in deadline) {
        if (!settings.has(deadline.setting)) {
          report([...where, "setting"], "a setting declared under settings", deadline.setting);
        }
        return;
      }
      if (
        "workingDays" in deadline &&
        deadline.counting === "day-one" &&
        deadline.workingDays < 1
      ) {
        report(
          [...where, "workingDays"],
          "at least 1 working day when counting from day one",
          String(deadline.workingDays),
        );
      }
      if (
        deadline.from === "partnership-notified" &&
        (stage === undefined || !partnershipRoles(stage))
      ) {
        report(
          [...where, "from"],
          "partnership-notified only where the stage notifies a partnership role on entry",
          deadline.from,
        );
      }
      if (stage === undefined && deadline.from !== "raised") {
        report([...where, "from"], '"raised" for a whole-escalation target', deadline.from);
      }
    };
    if (track.target !== undefined)
      checkDeadline(track.target.deadline, [...at, "target", "deadline"]);

    track.stages.forEach((stage, index) => {
      const where = [...at, "stages", index];
      stage.actors.forEach((actor, actorIndex) => {
        knownRole(actor.role, [...where, "actors", actorIndex, "role"]);
      });
      for (const list of ["notifyOnEntry", "notifyOnOutcome"] as const) {
        stage[list]?.forEach((notice, noticeIndex) => {
          knownRole(notice.role, [...where, list, noticeIndex, "role"]);
        });
      }
      if (stage.composition !== undefined) {
        knownRole(stage.composition.role, [...where, "composition", "role"]);
      }
      if (stage.deadline !== undefined)
        checkDeadline(stage.deadline, [...where, "deadline"], stage);
      uniqueIds(stage.clocks ?? [], [...where, "clocks"], "clock", report);
      stage.clocks?.forEach((clock, clockIndex) => {
        checkDeadline(clock.deadline, [...where, "clocks", clockIndex, "deadline"], stage);
      });
      checkOutcomes(stage, where, stageIds, report);
    });

    checkReachable(track, at, report);
    if (!track.stages.some((stage) => stage.outcomes.some((o) => o.outcome !== "escalate"))) {
      report(
        [...at, "stages"],
        "at least one stage that can end the escalation (resolve or close-with-disagreement)",
        "only escalations",
      );
    }
  }
  return problems;
}

type Report = (segments: (string | number)[], expected: string, found: string) => void;

function uniqueIds(
  items: readonly { id: string }[],
  at: (string | number)[],
  what: string,
  report: Report,
) {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) report([...at, index, "id"], `a ${what} id not used before`, item.id);
    seen.add(item.id);
  });
}

function checkEntries(
  track: Track,
  at: (string | number)[],
  stageIds: Set<string>,
  knownRole: (role: string, at: (string | number)[]) => void,
  report: Report,
) {
  uniqueIds(track.entries, [...at, "entries"], "entry", report);
  track.entries.forEach((entry, index) => {
    if (!stageIds.has(entry.stage)) {
      report([...at, "entries", index, "stage"], "the id of a stage in this track", entry.stage);
    }
    entry.roles?.forEach((role, roleIndex) => {
      knownRole(role, [...at, "entries", index, "roles", roleIndex]);
    });
  });
  const defaults = track.entries.filter((entry) => entry.default === true).length;
  if (defaults !== 1) {
    report([...at, "entries"], "exactly one entry marked default: true", `${defaults}`);
  }
  if (track.entries.filter((entry) => entry.thematic === true).length > 1) {
    report([...at, "entries"], "at most one entry marked thematic: true", "more than one");
  }
}

function checkOutcomes(
  stage: Stage,
  where: (string | number)[],
  stageIds: Set<string>,
  report: Report,
) {
  const kinds = new Set<string>();
  stage.outcomes.forEach((outcome, index) => {
    const at = [...where, "outcomes", index];
    if (kinds.has(outcome.outcome)) {
      report([...at, "outcome"], "each outcome at most once per stage", outcome.outcome);
    }
    kinds.add(outcome.outcome);
    if (outcome.outcome === "escalate") {
      if (outcome.to === undefined) {
        report([...at, "to"], "the stage this escalation leads to", "nothing");
      } else if (!stageIds.has(outcome.to)) {
        report([...at, "to"], "the id of a stage in this track", outcome.to);
      } else if (outcome.to === stage.id) {
        report(
          [...at, "to"],
          "another stage (use repeats for rounds of the same stage)",
          outcome.to,
        );
      }
    } else if (outcome.to !== undefined) {
      report([...at, "to"], `no destination: ${outcome.outcome} ends the escalation`, outcome.to);
    }
  });
  const escalates = kinds.has("escalate");
  if (stage.evidenceToEscalate !== undefined && !escalates) {
    report([...where, "evidenceToEscalate"], "an escalate outcome to ask evidence for", "none");
  }
  if (stage.repeats?.escalateOnRound !== undefined && !escalates) {
    report([...where, "repeats", "escalateOnRound"], "an escalate outcome to take", "none");
  }
  const { maxRounds, escalateOnRound } = stage.repeats ?? {};
  if (maxRounds !== undefined && escalateOnRound !== undefined && escalateOnRound > maxRounds) {
    report(
      [...where, "repeats", "escalateOnRound"],
      `a round no later than ${maxRounds}`,
      `${escalateOnRound}`,
    );
  }
}

function checkReachable(track: Track, at: (string | number)[], report: Report) {
  const reached = new Set(track.entries.map((entry) => entry.stage));
  const queue = [...reached];
  const byId = new Map(track.stages.map((stage) => [stage.id, stage]));
  while (queue.length > 0) {
    const stage = byId.get(queue.shift() ?? "");
    for (const outcome of stage?.outcomes ?? []) {
      if (outcome.to !== undefined && !reached.has(outcome.to)) {
        reached.add(outcome.to);
        queue.push(outcome.to);
      }
    }
  }
  track.stages.forEach((stage, index) => {
    if (!reached.has(stage.id)) {
      report(
        [...at, "stages", index],
        "a stage reachable from an entry or another stage's escalate outcome",
        `${stage.id}, which nothing leads to`,
      );
    }
  });
}
