import { z } from 'zod';

/**
 * A whole number a benchmark reads from its environment (`BENCH_ROUNDS=5`), or `fallback` when
 * unset. A wrong value (`BENCH_ROUNDS=five`, `0`, `2.5`) stops the bench before anything runs,
 * naming the variable, instead of becoming NaN rounds.
 */
export function envCount(name: string, fallback: number, min = 1): number {
	const parsed = z.coerce.number().int().min(min).default(fallback).safeParse(process.env[name]);
	if (!parsed.success)
		throw new Error(
			`${name}=${process.env[name]}: expected a whole number ≥ ${min} (${parsed.error.issues[0]?.message})`
		);
	return parsed.data;
}
