import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const packageFolder = (name: string) => dirname(require.resolve(`${name}/package.json`));
const packageVersion = (name: string): string => require(`${name}/package.json`).version;

const govukFrontend = join(packageFolder("govuk-frontend"), "dist");
const mojFrontend = packageFolder("@ministryofjustice/frontend");

/** The folders the web service reads its templates and assets from, wherever it is run from. */
export const webPaths = {
  /** Holds `govuk/…`: GOV.UK Frontend's templates, precompiled CSS and JavaScript. */
  govukFrontend,
  govukAssets: join(govukFrontend, "govuk", "assets"),
  /** Holds `moj/…`: MoJ Frontend's templates, precompiled CSS and JavaScript. */
  mojFrontend,
  mojAssets: join(mojFrontend, "moj", "assets"),
  views: fileURLToPath(new URL("./views/", import.meta.url)),
  routes: fileURLToPath(new URL("./routes/", import.meta.url)),
  assets: fileURLToPath(new URL("./assets/", import.meta.url)),
};

/** The installed versions of the two frontend packages. */
export const frontendVersions = {
  govukFrontend: packageVersion("govuk-frontend"),
  mojFrontend: packageVersion("@ministryofjustice/frontend"),
};
