import type { Redis } from 'ioredis';
import type { RerunLimiter } from '../../flows/apply-command.ts';

// One atomic step: count the take, and start the window with the first one.
const TAKE = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/**
 * The rerun limit shared by every replica: `limit` reruns per key per fixed window of
 * `windowMs` (the per-process limiter's window slides; a fixed one needs one key and one
 * round trip). The take after the allowance is `limited` (answered once), later ones `dropped`.
 */
export function redisRerunLimiter(
  redis: Redis,
  prefix: string,
  limit = 3,
  windowMs = 10 * 60_000,
): RerunLimiter {
  return {
    async take(key) {
      const count = Number(await redis.eval(TAKE, 1, `${prefix}${key}`, String(windowMs)));
      if (count <= limit) return 'allowed';
      return count === limit + 1 ? 'limited' : 'dropped';
    },
  };
}
