import { Option, type Command } from 'commander';

/**
 * What `compare` and `drift` print: `text` tables for a terminal or a CI log (the default),
 * `md` for GitHub (a job summary, a comment), `json` for programs (`--json` for short).
 */
export const OUTPUT_FORMATS = ['text', 'md', 'json'] as const;
/** One of OUTPUT_FORMATS. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Adds `--format text|md|json` and `--json` to a command. */
export function addFormatOptions(command: Command, jsonDocument: string): void {
  command
    .addOption(
      new Option(
        '--format <format>',
        `text: tables for a terminal; md: GitHub markdown; json: ${jsonDocument}`,
      )
        .choices(OUTPUT_FORMATS)
        .default('text'),
    )
    .option('--json', 'same as --format json');
}

/** The format the options ask for; `--json` wins over the default. */
export function chosenFormat(options: {
  format: OutputFormat;
  json?: boolean | undefined;
}): OutputFormat {
  return options.json === true ? 'json' : options.format;
}
