// @actions/workflow-parser imports its JSON schemas without `with { type: "json" }` (it targets bundlers);
// Node 20 refuses that, so this loader hook serves .json modules as JSON itself.
import { readFile } from "node:fs/promises";

export async function load(url, context, nextLoad) {
  if (url.startsWith("file:") && url.endsWith(".json")) {
    const source = await readFile(new URL(url), "utf8");
    return { format: "module", source: `export default ${source};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
