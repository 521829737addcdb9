// Copies GOV.UK Frontend's JavaScript and assets next to the compiled stylesheet, so the pages
// serve everything from /static/build/ and nothing from a third-party host.
import { cpSync, mkdirSync } from "node:fs";

const from = "node_modules/govuk-frontend/dist/govuk";
const to = "web/static/build/govuk";
mkdirSync(to, { recursive: true });
cpSync(`${from}/govuk-frontend.min.js`, `${to}/govuk-frontend.min.js`);
cpSync(`${from}/assets`, `${to}/assets`, { recursive: true });
