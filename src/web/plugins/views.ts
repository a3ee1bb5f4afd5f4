import type { FastifyInstance, FastifyReply } from "fastify";
import nunjucks from "nunjucks";
import { webPaths } from "../paths.ts";
import { errorMessageFor, type FieldError, pageTitle } from "../views/form-errors.ts";
import { ASSET_PATH, assetVersion } from "./assets.ts";

export const SERVICE_NAME = "Resolve";

declare module "fastify" {
  interface FastifyReply {
    /**
     * Renders a Nunjucks template with `reply.locals` and `context`, and sends it as HTML.
     * `return reply.render("escalations/raise.njk", { errors })`.
     */
    render(template: string, context?: Record<string, unknown>): FastifyReply;
    /**
     * Values every template of this request sees, set by hooks: e.g. `person` and `csrfToken`
     * by sign-in. A route's own context wins over them.
     */
    locals: Record<string, unknown>;
  }
}

export interface ViewOptions {
  /** Shows the banner that says everything is made up (the demo partnership). */
  demo?: boolean | undefined;
  /** Names the organisation in the header, e.g. "Kingsmere Safeguarding Children Partnership". */
  organisationName?: string | undefined;
}

/** GOV.UK Frontend's page template sets its body classes with an inline script, which our CSP forbids. */
const GOVUK_TEMPLATE = "govuk/template.njk";
const GOVUK_INLINE_SCRIPT = /<script\b[^>]*>document\.body\.className[^<]*<\/script>/g;

/**
 * Loads templates from disk, but takes the inline script out of GOV.UK Frontend's page template
 * (it has no block to override it with); assets/application.mjs sets those classes instead. Fails
 * loudly if a new GOV.UK Frontend changes that script, so it cannot slip back in unnoticed.
 */
class TemplateLoader extends nunjucks.FileSystemLoader {
  override getSource(name: string): nunjucks.LoaderSource {
    const source = super.getSource(name);
    if (name !== GOVUK_TEMPLATE || source === null) return source;
    const scripts = source.src.match(GOVUK_INLINE_SCRIPT) ?? [];
    const src = source.src.replace(GOVUK_INLINE_SCRIPT, "");
    if (scripts.length !== 1 || /<script\b/.test(src)) {
      throw new Error(
        `${source.path}: expected exactly one inline script, setting the body's classes, to remove; ` +
          "GOV.UK Frontend's page template has changed: update TemplateLoader in src/web/plugins/views.ts",
      );
    }
    return { ...source, src };
  }
}

/**
 * The Nunjucks environment every page is rendered with. Templates are found, in order, in our
 * views (layout.njk, partials/, components/, errors/), beside the routes (`<feature>/<page>.njk`),
 * in GOV.UK Frontend (`govuk/components/…`) and in MoJ Frontend (`moj/components/…`).
 */
export function createViewEnvironment(options: ViewOptions = {}): nunjucks.Environment {
  const loader = new TemplateLoader(
    [webPaths.views, webPaths.routes, webPaths.govukFrontend, webPaths.mojFrontend],
    { noCache: false },
  );
  const environment = new nunjucks.Environment(loader, {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  environment.addGlobal("serviceName", SERVICE_NAME);
  environment.addGlobal("serviceUrl", "/");
  environment.addGlobal(
    "organisationName",
    options.organisationName ?? "Safeguarding Children Partnership",
  );
  environment.addGlobal("assetPath", ASSET_PATH);
  environment.addGlobal("assetVersion", assetVersion());
  environment.addGlobal("demo", options.demo ?? false);
  environment.addGlobal("errorMessageFor", errorMessageFor);
  environment.addGlobal("pageTitle", (title?: string, errors?: FieldError[]) =>
    pageTitle(title, errors, SERVICE_NAME),
  );
  return environment;
}

/** Adds `reply.render` and `reply.locals` (see their types above). */
export async function views(app: FastifyInstance, options: ViewOptions = {}): Promise<void> {
  const environment = createViewEnvironment(options);
  // Each request gets its own object (below); a shared default object would leak between requests.
  app.decorateReply<Record<string, unknown> | null>("locals", null);
  app.addHook("onRequest", async (_request, reply) => {
    reply.locals = {};
  });
  app.decorateReply(
    "render",
    function render(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
      const html = environment.render(template, { ...this.locals, ...context });
      return this.type("text/html; charset=utf-8").send(html);
    },
  );
}
