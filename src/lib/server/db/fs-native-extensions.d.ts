// fs-native-extensions ships no types; only the call used here is declared.
// https://github.com/holepunchto/fs-native-extensions#api
declare module 'fs-native-extensions' {
	/**
	 * Takes an exclusive (or, with `shared`, a shared) lock on an open file without waiting:
	 * false when another open file holds a conflicting lock. Released when the file is closed.
	 */
	export function tryLock(fd: number, options?: { shared?: boolean }): boolean;
}
