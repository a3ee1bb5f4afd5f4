// GOV.UK keeps a holiday's own title on its substitute day and says "Substitute day" in a
// separate note. We fold the note into the title so that a listing or an explanation showing
// "Mon 28 Dec 2020" also says why that Monday is a holiday.

const SUFFIX = " (substitute day)";

export function substituteDayTitle(title: string): string {
  return `${title}${SUFFIX}`;
}

/** True for the note GOV.UK writes on substitute days ("Substitute day"). */
export function isSubstituteDayNote(notes: string | undefined): boolean {
  return notes?.trim().toLowerCase() === "substitute day";
}
