import fs from 'node:fs';
import path from 'node:path';

const lockFileName = 'sedz.lock';
/** Directories this process holds: a second opener in the same process is refused too. */
const heldHere = new Set<string>();

export class DataDirLockedError extends Error {
	override name = 'DataDirLockedError';
}

export interface DataDirLock {
	release(): void;
}

function processIsAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Claims a PGlite data directory for this process. PGlite is a single-process engine with no lock
 * of its own: two processes writing one directory corrupt it. A second process (an import while
 * the app runs) therefore stops here, before PGlite touches any file. A lock left by a process that
 * has died is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
	fs.mkdirSync(dataDir, { recursive: true });
	const lockPath = path.join(fs.realpathSync(dataDir), lockFileName);
	if (heldHere.has(lockPath)) {
		throw new DataDirLockedError(
			`The database in ${dataDir} is already open in this process (pid ${process.pid}).`
		);
	}
	const claim = () => {
		const fd = fs.openSync(lockPath, 'wx');
		fs.writeSync(fd, `${process.pid}\n`);
		fs.closeSync(fd);
	};
	try {
		claim();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		const holder = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
		// Our own pid here is a lock left by an earlier process that had the same pid (a container
		// restart): no live opener in this process holds it, or `heldHere` would have said so.
		if (Number.isInteger(holder) && holder !== process.pid && processIsAlive(holder)) {
			throw new DataDirLockedError(
				`The database in ${dataDir} is in use by another process (pid ${holder}). ` +
					'Only one process may open an embedded database: stop the app first, ' +
					'or set DATABASE_URL to use PostgreSQL.'
			);
		}
		fs.rmSync(lockPath, { force: true });
		claim();
	}
	heldHere.add(lockPath);
	let released = false;
	const release = () => {
		if (released) return;
		released = true;
		heldHere.delete(lockPath);
		try {
			if (fs.readFileSync(lockPath, 'utf8').trim() === String(process.pid)) fs.rmSync(lockPath);
		} catch {
			// Already gone: nothing to release.
		}
	};
	process.once('exit', release);
	return { release };
}
