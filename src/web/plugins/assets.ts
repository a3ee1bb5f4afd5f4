import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyError, FastifyInstance } from "fastify";
import { frontendVersions, webPaths } from "../paths.ts";

/** Where pages find the assets; templates read it as `assetPath`. */
export const ASSET_PATH = "/assets";

/**
 * A year, immutable: every link to a stylesheet or script carries `?v=<assetVersion>`, which
 * changes whenever any asset does, and fonts are fingerprinted by GOV.UK Frontend itself.
 */
const CACHE = { maxAge: "365d", immutable: true, cacheControl: true } as const;

/** The only kinds of file served; anything else under the asset folders is not found. */
const SERVED = /\.(css|js|mjs|map|woff2?|svg|png|ico|json)$/;

const govukDist = join(webPaths.govukFrontend, "govuk");
const mojDist = join(webPaths.mojFrontend, "moj");

/**
 * The precompiled CSS and JavaScript, served by name (with their source maps) from package
 * folders whose other files (Sass, templates) are not served: the URL under /assets/, and the
 * folder holding the file of that name.
 */
const PACKAGE_FILES = [
  { url: "govuk-frontend.min.css", folder: govukDist },
  { url: "govuk-frontend.min.js", folder: govukDist },
  { url: "moj/moj-frontend.min.css", folder: mojDist },
  { url: "moj/moj-frontend.min.js", folder: mojDist },
];

/**
 * Serves, under /assets/: our own src/web/assets/ (application.css, application.mjs, print.css,
 * images/), GOV.UK Frontend's assets (fonts/, images/, manifest.json) and MoJ Frontend's images
 * (first found wins, in that order), and the precompiled CSS and JavaScript of both packages.
 * No build step: see docs/adr/0007-govuk-frontend-without-a-build.md.
 */
export async function assets(app: FastifyInstance): Promise<void> {
  await app.register(async function assetFiles(scope) {
    // A path reaching outside the asset folders (`..`) is answered as if nothing were there.
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      if (error.statusCode === 403) return reply.callNotFound();
      throw error;
    });

    await scope.register(fastifyStatic, {
      root: [webPaths.assets, webPaths.govukAssets, webPaths.mojAssets],
      prefix: `${ASSET_PATH}/`,
      index: false,
      redirect: false,
      list: false,
      dotfiles: "ignore",
      allowedPath: (pathName) => SERVED.test(pathName),
      ...CACHE,
    });

    // GOV.UK Frontend's stylesheet without its @font-face rules: the GDS Transport typeface is for
    // GOV.UK alone, and application.css points the name at fonts already on the device. Taking
    // the rules out, rather than overriding them, means no browser ever starts the download.
    const govukCss = readFileSync(join(govukDist, "govuk-frontend.min.css"), "utf8").replace(
      /@font-face\{[^}]*\}/g,
      "",
    );
    scope.get(`${ASSET_PATH}/govuk-frontend.min.css`, (_request, reply) =>
      reply
        .type("text/css; charset=utf-8")
        .header("cache-control", "public, max-age=31536000, immutable")
        .send(govukCss),
    );

    for (const { url, folder } of PACKAGE_FILES) {
      for (const suffix of url === "govuk-frontend.min.css" ? [".map"] : ["", ".map"]) {
        const file = `${basename(url)}${suffix}`;
        scope.get(`${ASSET_PATH}/${url}${suffix}`, (_request, reply) =>
          reply.sendFile(file, folder, CACHE),
        );
      }
    }
  });
}

/**
 * A short fingerprint of every asset we serve: our own files' contents and the two packages'
 * versions. Pages add it to asset URLs so a new release is never hidden by a cached copy.
 */
export function assetVersion(): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(webPaths.assets, { recursive: true, encoding: "utf8" }).sort()) {
    if (!SERVED.test(name)) continue;
    hash.update(name).update(readFileSync(join(webPaths.assets, name)));
  }
  hash.update(JSON.stringify(frontendVersions));
  return hash.digest("hex").slice(0, 12);
}
