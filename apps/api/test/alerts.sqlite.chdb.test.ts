import { defineAlertEvaluationSuite } from "./helpers/alert-evaluation-suite.ts";

defineAlertEvaluationSuite("SQLite");
