// Laid out like AstroPaper: the site's address lives in src/config.ts.
import { defineConfig } from "astro/config";
import { SITE } from "./src/config";

export default defineConfig({
  site: SITE.website,
  integrations: [],
});
