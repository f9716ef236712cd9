import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SetPackingModel } from '../../geo/candidates/optimise-candidates';

export interface SolveOptions {
	/**
	 * HiGHS's own time limit in seconds. A step that overruns it (a busy machine) is waited for
	 * up to twice the limit plus 10 s, then the worker is stopped.
	 */
	timeLimitSeconds: number;
	/** Stop when (bound − objective) / objective is at most this (HiGHS `mip_rel_gap`). */
	relativeGap: number;
	/** Columns of a known feasible answer (the greedy zones), given to HiGHS as a start. */
	start?: readonly number[];
	/** More HiGHS options by their HiGHS names (for benchmarks and experiments). */
	highsOptions?: Record<string, string | number | boolean>;
}

export type SolveResult =
	| {
			status: 'optimal' | 'time_limit';
			/** Σ weight of the chosen columns. */
			objective: number;
			/** HiGHS's dual bound: no answer can be better. */
			bestBound: number;
			/** (bestBound − objective) / objective, ≥ 0; 0 when proven optimal. */
			gap: number;
			chosen: number[];
			solveMs: number;
	  }
	| { status: 'failed'; reason: string; solveMs: number };

/**
 * HiGHS (WebAssembly, npm `highs`) runs in a worker thread: a solve is synchronous and takes up
 * to its time limit, which must never stall the server's requests. The worker is plain
 * CommonJS evaluated from this string, so the built server needs no extra bundle entry; it
 * loads the package from the path resolved here.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const loadHighs = require(workerData.highsPath);
parentPort.once('message', async (task) => {
	const started = performance.now();
	try {
		const highs = await loadHighs();
		const { model: m, options } = task;
		const model = highs.createModel();
		try {
			model.options.set({
				output_flag: false,
				time_limit: options.timeLimitSeconds,
				mip_rel_gap: options.relativeGap,
				...options.highsOptions
			});
			const inf = highs.infinity;
			model.passModel({
				numCols: m.numCols,
				numRows: m.numRows,
				sense: highs.constants.objectiveSense.maximize,
				colCost: m.colCost,
				colLower: new Float64Array(m.numCols),
				colUpper: new Float64Array(m.numCols).fill(1),
				rowLower: new Float64Array(m.numRows).fill(-inf),
				rowUpper: m.rowUpper,
				matrix: { format: 'csc', numRows: m.numRows, numCols: m.numCols, starts: m.starts, indices: m.indices, values: m.values },
				integrality: new Int32Array(m.numCols).fill(1)
			});
			if (options.start && options.start.length > 0) {
				const colValue = new Float64Array(m.numCols);
				for (const j of options.start) colValue[j] = 1;
				model.setSolution({ colValue });
			}
			model.run();
			const status = model.getModelStatus();
			const codes = highs.constants.modelStatus;
			const hasSolution = model.info.get('primal_solution_status') === highs.constants.solutionStatus.feasible;
			if ((status === codes.optimal || status === codes.timeLimit) && hasSolution) {
				const colValue = model.getSolution().colValue;
				const chosen = [];
				for (let j = 0; j < colValue.length; j++) if (colValue[j] > 0.5) chosen.push(j);
				parentPort.postMessage({
					status: status === codes.optimal ? 'optimal' : 'time_limit',
					objective: model.getObjectiveValue(),
					bestBound: model.info.get('mip_dual_bound'),
					chosen,
					solveMs: performance.now() - started
				});
			} else {
				const name = Object.keys(codes).find((key) => codes[key] === status) ?? String(status);
				parentPort.postMessage({ status: 'failed', reason: 'HiGHS ended with status ' + name, solveMs: performance.now() - started });
			}
		} finally {
			model.dispose();
		}
	} catch (error) {
		parentPort.postMessage({ status: 'failed', reason: String(error && error.message || error), solveMs: performance.now() - started });
	}
});
`;

let highsPath: string | undefined;

/**
 * Solves the set-packing model (maximise) with HiGHS off the main thread. Never throws: a
 * failure, a crash of the worker or a solve that outlives its limit is `status: 'failed'`
 * with the reason, so the caller can fall back to the greedy answer.
 */
export function solveSetPacking(
	model: SetPackingModel,
	options: SolveOptions
): Promise<SolveResult> {
	const started = performance.now();
	const elapsed = () => performance.now() - started;
	if (model.numCols === 0) {
		return Promise.resolve({
			status: 'optimal',
			objective: 0,
			bestBound: 0,
			gap: 0,
			chosen: [],
			solveMs: elapsed()
		});
	}
	highsPath ??= createRequire(import.meta.url).resolve('highs');
	return new Promise<SolveResult>((resolve) => {
		let settled = false;
		const worker = new Worker(workerSource, { eval: true, workerData: { highsPath } });
		const finish = (result: SolveResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(guard);
			void worker.terminate();
			resolve(result);
		};
		// HiGHS checks its time limit between steps; a step that runs away is stopped here.
		const guard = setTimeout(
			() =>
				finish({
					status: 'failed',
					reason: 'the solver did not stop at its time limit',
					solveMs: elapsed()
				}),
			(options.timeLimitSeconds * 2 + 10) * 1000
		);
		worker.once('message', (message: Record<string, unknown>) => {
			if (message.status === 'failed') {
				finish({ status: 'failed', reason: String(message.reason), solveMs: elapsed() });
				return;
			}
			const objective = Number(message.objective);
			// The bound is never below the answer; HiGHS may report it a hair under by rounding.
			const bestBound = Math.max(Number(message.bestBound), objective);
			finish({
				status: message.status as 'optimal' | 'time_limit',
				objective,
				bestBound,
				gap: objective > 0 ? (bestBound - objective) / objective : 0,
				chosen: message.chosen as number[],
				solveMs: elapsed()
			});
		});
		worker.once('error', (error) =>
			finish({
				status: 'failed',
				reason: `the solver crashed: ${error.message}`,
				solveMs: elapsed()
			})
		);
		worker.once('exit', (code) =>
			finish({ status: 'failed', reason: `the solver stopped (exit ${code})`, solveMs: elapsed() })
		);
		worker.postMessage({
			model,
			options: { ...options, start: options.start ? [...options.start] : undefined }
		});
	});
}
