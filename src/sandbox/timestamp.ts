/** GitHub's timestamp format: ISO 8601 in UTC without milliseconds (`2026-01-02T03:04:05Z`). */
export function timestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
