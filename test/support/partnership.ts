import { randomUUID } from "node:crypto";
import { registerProcedures } from "../../src/app/procedure-registry.ts";
import { loadProcedureLibrary } from "../../src/app/procedures.ts";
import type { Database } from "../../src/db/client.ts";
import {
  insertAgency,
  insertPartnership,
  insertPerson,
  type Person,
} from "../../src/db/directory.ts";

/** A partnership running a shipped procedure, with a school and children's social care. */
export async function testPartnership(db: Database, procedureId = "dorset") {
  const library = loadProcedureLibrary();
  await registerProcedures(db, library.procedures.values());
  const procedure = library.procedures.get(procedureId);
  if (procedure === undefined) throw new Error(`No procedure ${procedureId}`);
  const partnership = await insertPartnership(db, {
    id: randomUUID(),
    name: `${procedure.partnership} (test)`,
    procedureId,
    procedureVersion: procedure.version,
    nation: procedure.calendar.nation,
    closeOfBusiness: procedure.calendar.closeOfBusiness,
    referencePrefix: procedureId.slice(0, 3).toUpperCase(),
  });
  const school = await insertAgency(db, {
    id: randomUUID(),
    partnershipId: partnership.id,
    name: "Hillside Primary School",
    sector: "education",
  });
  const socialCare = await insertAgency(db, {
    id: randomUUID(),
    partnershipId: partnership.id,
    name: "Children's Social Care",
    sector: "childrens-social-care",
  });
  const person = (name: string, agencyId: string, roles: string[]): Promise<Person> =>
    insertPerson(db, {
      id: randomUUID(),
      partnershipId: partnership.id,
      agencyId,
      name,
      email: `${name.toLowerCase().replaceAll(" ", ".")}.${randomUUID().slice(0, 8)}@example.test`,
      roles,
    });
  return {
    procedure,
    /** Every agency role of the procedure: someone holding them all can act at every stage. */
    chain: procedure.roles.filter((role) => role.level === "agency").map((role) => role.id),
    partnership,
    school,
    socialCare,
    teacher: await person("Amina Teacher", school.id, ["practitioner", "line-manager"]),
    teamManager: await person("Tom Manager", socialCare.id, ["line-manager"]),
    headOfService: await person("Hana Head", socialCare.id, ["head-of-service"]),
  };
}
