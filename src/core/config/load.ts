import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.ts';
import { formatIssue } from './format-issue.ts';
import { gateRuleProblems } from './validate-gate.ts';
import { formatPath } from './schema-walk.ts';
import { ConfigSchema, type Config } from './schema.ts';

/**
 * Loads `.github/modelgate.yml` from its text. Pure — the faces read the file (from the
 * workspace, or from the default branch through the API) and pass the text and a name for
 * messages. Every failure is an InputError whose message names the file, the key, the value
 * given and what was expected; several problems are reported together, one per line, so a
 * user fixes them in one go.
 */
export function parseConfig(yamlText: string, source: string): Config {
  const data = parseYaml(yamlText, source);
  if (data === undefined || data === null) {
    throw new InputError(
      `${source} is empty; expected at least "data: { path: <csv or jsonl>, label: <column> }".`,
    );
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError(
      `${source} must be a YAML mapping of settings (data, task, model, train, gate, ...), got ${
        Array.isArray(data) ? 'a list' : JSON.stringify(data)
      }.`,
    );
  }
  const result = ConfigSchema.safeParse(data, { reportInput: true });
  if (result.success) {
    const { gate, task, monitor } = result.data;
    // The performance rules too, so a misspelt metric fails here, in `modelgate train` and
    // the Action's first step, not weeks later when a scheduled monitoring run reaches them.
    const problems = [
      ...gateRuleProblems(gate, { task, source }),
      ...gateRuleProblems(monitor.performance?.rules ?? [], {
        task,
        source,
        key: 'monitor.performance.rules',
      }),
    ];
    if (problems.length > 0) throw new InputError(problems.join('\n'));
    return result.data;
  }
  const problems = withoutEchoes(result.error.issues).map(
    (issue) => `${source}: ${formatIssue(ConfigSchema, issue)}.`,
  );
  throw new InputError(problems.join('\n'));
}

/**
 * A gate rule with a misspelt bound (`max_dorp`) also "needs one bound"; saying both is noise,
 * so a rule-level complaint is dropped where the same mapping already has an unknown key.
 */
function withoutEchoes(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const unknownKeyAt = new Set(
    issues
      .filter((issue) => issue.code === 'unrecognized_keys')
      .map((issue) => formatPath(issue.path)),
  );
  return issues.filter(
    (issue) => issue.code !== 'custom' || !unknownKeyAt.has(formatPath(issue.path)),
  );
}

function parseYaml(text: string, source: string): unknown {
  // Duplicate keys are an error (the yaml default); a silently ignored second `gate:` would
  // loosen the gate without anyone noticing.
  const document = parseDocument(text, { prettyErrors: true });
  const [error] = document.errors;
  if (error !== undefined) {
    const position = error.linePos?.[0];
    const at = position === undefined ? '' : `:${position.line}:${position.col}`;
    // yaml appends " at line L, column C" and a code excerpt; the position is already in front.
    const reason = (error.message.split('\n')[0] ?? error.message).replace(
      / at line \d+, column \d+:?$/,
      '',
    );
    throw new InputError(`${source}${at}: invalid YAML: ${reason}.`);
  }
  return document.toJS({ maxAliasCount: 100 });
}
