import fs from 'node:fs';
import path from 'node:path';
import { tryLock } from 'fs-native-extensions';

const lockFileName = 'sedz.lock';
/** Directories this process holds: a second opener in the same process is refused too. */
const heldHere = new Set<string>();

export class DataDirLockedError extends Error {
	override name = 'DataDirLockedError';
}

export interface DataDirLock {
	release(): void;
}

/** Who holds a lock, as its holder wrote it into the lock file (for messages only). */
function describeHolder(fd: number): string {
	const text = fs.readFileSync(fd, 'utf8').trim();
	const pid = /^(\d+)\b/.exec(text)?.[1];
	const command = /command: (.*)$/m.exec(text)?.[1];
	if (!pid) return 'another process';
	return `another process (pid ${pid}${command ? `, ${command}` : ''})`;
}

/**
 * Claims a PGlite data directory for this process. PGlite is a single-process engine with no lock
 * of its own: two processes writing one directory corrupt it. A second process (an import while
 * the app runs) therefore stops here, before PGlite touches any file.
 *
 * The claim is an exclusive lock on the open file `sedz.lock` (an open-file-description lock on
 * Linux, flock on macOS, LockFileEx on Windows, through fs-native-extensions' prebuilt binding).
 * The operating system drops it when the process ends, however it ends, so nothing ever has to
 * guess whether a recorded pid is still alive: a killed holder that is a zombie, or a pid reused
 * after a reboot, blocks nothing (issue 12). The pid and command written into the file only name
 * the holder in the refusal. The file is never deleted, not even on release: a process that
 * opened it a moment before would hold a lock on a name no one else sees.
 */
export function lockDataDir(dataDir: string): DataDirLock {
	fs.mkdirSync(dataDir, { recursive: true });
	const lockPath = path.join(fs.realpathSync(dataDir), lockFileName);
	if (heldHere.has(lockPath)) {
		throw new DataDirLockedError(
			`The database in ${dataDir} is already open in this process (pid ${process.pid}).`
		);
	}
	// Opened without truncating: what the holder wrote there names it in the refusal below.
	const fd = fs.openSync(lockPath, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
	let locked = false;
	try {
		locked = tryLock(fd);
		if (!locked) {
			throw new DataDirLockedError(
				`The database in ${dataDir} is in use by ${describeHolder(fd)}. ` +
					'Only one process may open an embedded database: stop the app first, ' +
					'or set DATABASE_URL to use PostgreSQL.'
			);
		}
		// Whatever was there (a holder that died, or the pid file of an older version) is replaced.
		fs.ftruncateSync(fd, 0);
		const command = process.argv
			.slice(1)
			.map((arg) => path.basename(arg))
			.join(' ');
		fs.writeSync(
			fd,
			`${process.pid}\ncommand: ${command}\nsince: ${new Date().toISOString()}\n`,
			0
		);
	} catch (error) {
		fs.closeSync(fd);
		throw error;
	}
	heldHere.add(lockPath);
	let released = false;
	const release = () => {
		if (released) return;
		released = true;
		heldHere.delete(lockPath);
		process.off('exit', release);
		try {
			fs.ftruncateSync(fd, 0);
		} finally {
			// Closing the descriptor is what releases the lock.
			fs.closeSync(fd);
		}
	};
	process.once('exit', release);
	return { release };
}
