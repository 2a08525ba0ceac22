// Small helpers that make pages nicer with JavaScript; every page works without it.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
