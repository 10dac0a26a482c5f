// Parses GitHub workflow and action files with GitHub's own parser (@actions/workflow-parser) and checks
// ImageGate's rules on the parsed token tree:
//   - the file parses without errors against GitHub's schema,
//   - no `${{ }}` expression inside any `run:` (inputs reach the shell through `env:` only),
//   - every `uses:` is pinned to a full 40-hex commit SHA (local `./` uses excepted; `docker://` refused),
//   - workflows declare `permissions:` at the top level and on every job.
// Usage: node check.mjs FILE...   Prints one JSON object per file on one line: {file, kind, errors, violations}.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { register } from "node:module";

// The parser imports its JSON schemas without import attributes (it targets bundlers): serve them ourselves.
register("./json-loader.mjs", import.meta.url);
const { parseWorkflow, NoOperationTraceWriter } = await import("@actions/workflow-parser");
const { parseAction } = await import("@actions/workflow-parser/actions/action-parser");
const { TokenType } = await import("@actions/workflow-parser/templates/tokens/types");

const PINNED = /^[^@\s]+@[0-9a-f]{40}$/;

function isAction(file) {
  const name = basename(file);
  return name === "action.yml" || name === "action.yaml";
}

function where(token) {
  return token && token.line !== undefined ? `line ${token.line}` : "unknown line";
}

function scalarText(token) {
  if (!token) return undefined;
  if (token.templateTokenType === TokenType.String) return token.value;
  return token.toString();
}

// Walks every mapping in the tree and calls visit(key, value, parentMapping).
function walk(token, visit) {
  if (!token) return;
  if (token.templateTokenType === TokenType.Mapping) {
    for (const pair of token) {
      visit(scalarText(pair.key), pair.value, token);
      walk(pair.value, visit);
    }
  } else if (token.templateTokenType === TokenType.Sequence) {
    for (let i = 0; i < token.count; i++) walk(token.get(i), visit);
  }
}

function containsExpression(token) {
  if (!token) return false;
  if (token.isExpression) return true;
  const text = scalarText(token);
  return typeof text === "string" && text.includes("${{");
}

function check(file) {
  const content = readFileSync(file, "utf8");
  const kind = isAction(file) ? "action" : "workflow";
  const trace = new NoOperationTraceWriter();
  const parsed = kind === "action"
    ? parseAction({ name: file, content }, trace)
    : parseWorkflow({ name: file, content }, trace);
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  const violations = [];
  const root = parsed.value;
  if (!root) return { file, kind, errors: errors.length ? errors : ["the parser returned no document"], violations };

  walk(root, (key, value) => {
    if (key === "run" && containsExpression(value))
      violations.push(`${where(value)}: an expression \${{ }} inside run: (pass it through env:)`);
    if (key === "uses") {
      const uses = scalarText(value) ?? "";
      if (containsExpression(value)) violations.push(`${where(value)}: uses: is an expression`);
      else if (uses.startsWith("./")) { /* a local action or workflow of the same repository */ }
      else if (!PINNED.test(uses)) violations.push(`${where(value)}: uses: ${uses} is not pinned to a full 40-hex commit SHA`);
    }
  });

  if (kind === "workflow" && root.templateTokenType === TokenType.Mapping) {
    if (!root.find("permissions")) violations.push("no top-level permissions:");
    const jobs = root.find("jobs");
    if (jobs && jobs.templateTokenType === TokenType.Mapping) {
      for (const pair of jobs) {
        const job = pair.value;
        if (job.templateTokenType === TokenType.Mapping && !job.find("permissions"))
          violations.push(`${where(pair.key)}: job ${scalarText(pair.key)} has no permissions:`);
      }
    }
  }
  return { file, kind, errors, violations };
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node check.mjs FILE...");
  process.exit(2);
}
let bad = 0;
for (const file of files) {
  let result;
  try {
    result = check(file);
  } catch (e) {
    result = { file, kind: "unknown", errors: [String(e && e.message ? e.message : e)], violations: [] };
  }
  if (result.errors.length || result.violations.length) bad++;
  console.log(JSON.stringify(result));
}
process.exit(bad ? 1 : 0);
